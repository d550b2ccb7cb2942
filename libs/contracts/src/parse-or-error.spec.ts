import { z } from 'zod';
import { errorBodySchema } from './common';
import { INVENTORY } from './inventory';
import { formatPath, parseOrError } from './parse-or-error';
import { WORKLOADS } from './workloads';

function failure(schema: z.ZodType, value: unknown, where = 'test') {
  const outcome = parseOrError(schema, value, where);
  if (outcome.ok) throw new Error('expected a failure');
  expect(errorBodySchema.parse(outcome.error)).toEqual(outcome.error);
  return outcome.error.error;
}

describe('parseOrError', () => {
  it('returns the parsed value, defaults applied', () => {
    expect(parseOrError(INVENTORY.queryAssets.request, {}, 'q')).toEqual({
      ok: true,
      value: { filters: {}, limit: 100, withTotal: false },
    });
  });

  it('names the field of a bad filter value: filters.environment', () => {
    const error = failure(
      INVENTORY.queryAssets.request,
      { filters: { environment: null } },
      'GET /inventory/api/v1/assets',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details?.map((d) => d.path)).toEqual(['filters.environment']);
    expect(error.message).toMatch(/^GET \/inventory\/api\/v1\/assets: filters\.environment: /);
  });

  it('follows the closest alternative of a union into its field', () => {
    const error = failure(INVENTORY.queryAssets.request, { filters: { cpu_mhz: { gte: 'x' } } });
    expect(error.details).toEqual([
      { path: 'filters.cpu_mhz.gte', message: 'expected number, received string' },
    ]);
  });

  it('names unknown fields, array elements and every problem', () => {
    const error = failure(WORKLOADS.ingestSamples.data, {
      batchId: 'b1',
      samples: [
        { assetId: 'a', metric: 'cpu_mhz', ts: 0, value: 1 },
        { assetId: 'a', metric: 'cpu_mhz', ts: 0, value: -1, colour: 'red' },
      ],
      extra: true,
    });
    expect(error.details?.map((d) => d.path).sort()).toEqual([
      'extra',
      'samples[1].colour',
      'samples[1].value',
    ]);
    expect(error.message).toMatch(/\(and 2 more\)$/);
  });

  it('names a bad metric with the accepted ones', () => {
    const error = failure(WORKLOADS.ingestSamples.data, {
      batchId: 'b1',
      samples: [{ assetId: 'a', metric: 'cpu', ts: 0, value: 1 }],
    });
    expect(error.details?.[0]?.path).toBe('samples[0].metric');
    expect(error.details?.[0]?.message).toContain('cpu_mhz');
  });

  it('reports a wrong type of the whole value at (root)', () => {
    expect(failure(INVENTORY.getAsset.request, 'db-07').details?.[0]?.path).toBe('(root)');
  });

  it('names a cross-field rule at the field to change', () => {
    const error = failure(WORKLOADS.getSeries.request, {
      assetId: 'a',
      resource: 'cpu',
      window: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    });
    expect(error.details?.[0]?.path).toBe('window.to');
  });
});

describe('formatPath', () => {
  it('writes keys with dots and indices in brackets', () => {
    expect(formatPath(['samples', 3, 'value'])).toBe('samples[3].value');
    expect(formatPath([])).toBe('(root)');
  });
});
