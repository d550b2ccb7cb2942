import { jsonBytes } from './common';
import {
  decodeFloat32,
  demandGrid,
  encodeFloat32,
  MAX_DEMAND_PAGE_ASSETS,
  MAX_DEMAND_PAGE_VALUES,
  MAX_DEMAND_WINDOW_SLOTS,
  maxDemandPageAssets,
} from './demand';
import type { InlineDemandPage } from './workloads';
import { MAX_INGEST_SAMPLES, WORKLOADS, workloadMetricSchema } from './workloads';
import { WORKLOAD_METRICS } from '@vplan/formats';

/** NATS's default max payload. */
const MAX_PAYLOAD = 1024 * 1024;
/** The longest asset id in UTF-8 bytes: 128 three-byte characters. */
const LONGEST_ID = '漢'.repeat(128);
const START_MS = 1_768_176_000_000;
const RESOURCES = ['cpu', 'memory', 'disk', 'network'] as const;

function window(slots: number) {
  return { from: START_MS, to: START_MS + slots * 300_000 };
}

describe('ingest batches', () => {
  it('accept the metrics of the long workload CSV', () => {
    expect(workloadMetricSchema.options).toEqual(WORKLOAD_METRICS.map((m) => m.metric));
  });

  it('stay under 1 MiB at the most samples and the longest fields', () => {
    const sample = {
      assetId: LONGEST_ID,
      metric: 'memory_pct' as const,
      ts: '2026-01-12T00:00:00.12345678901234+01:00',
      value: 1.2345678901234567e300,
    };
    const batch = {
      batchId: 'b'.repeat(64),
      source: '漢'.repeat(200),
      samples: Array.from({ length: MAX_INGEST_SAMPLES }, () => sample),
    };
    expect(WORKLOADS.ingestSamples.data.parse(batch).samples).toHaveLength(MAX_INGEST_SAMPLES);
    expect(
      WORKLOADS.ingestSamples.data.safeParse({ ...batch, samples: [...batch.samples, sample] })
        .success,
    ).toBe(false);
    const bytes = jsonBytes(batch);
    expect(bytes).toBeLessThan(MAX_PAYLOAD / 2);
  });
});

describe('demand pages', () => {
  it('let 8 assets × 2 resources × 30 days of 5-minute slots through, and no more', () => {
    expect(maxDemandPageAssets(8640, 2)).toBe(8);
    const ok = {
      assetIds: Array.from({ length: 8 }, (_, i) => `a${i}`),
      resources: ['cpu', 'memory'],
      window: window(8640),
    };
    expect(WORKLOADS.getDemandPage.request.safeParse(ok).success).toBe(true);
    const tooMany = WORKLOADS.getDemandPage.request.safeParse({
      ...ok,
      assetIds: [...ok.assetIds, 'a8'],
    });
    expect(tooMany.error?.issues[0]?.path).toEqual(['assetIds']);
    expect(
      WORKLOADS.getDemandPage.request.safeParse({
        ...ok,
        assetIds: [...ok.assetIds, 'a8'],
        delivery: 'object-store',
      }).success,
    ).toBe(true);
  });

  it('keep the largest allowed page under 1 MiB as JSON, whatever its shape', () => {
    let largest = 0;
    for (let r = 1; r <= RESOURCES.length; r++) {
      for (const n of [1, 8, 64, MAX_DEMAND_PAGE_ASSETS]) {
        const slots = Math.min(
          MAX_DEMAND_WINDOW_SLOTS,
          Math.floor(MAX_DEMAND_PAGE_VALUES / (n * r)),
        );
        const resources = RESOURCES.slice(0, r);
        const assetIds = Array.from({ length: n }, () => LONGEST_ID);
        const query = WORKLOADS.getDemandPage.request.parse({
          assetIds,
          resources,
          window: window(slots),
        });
        const grid = demandGrid(query.window, query.stepSeconds);
        expect(grid.slots).toBe(slots);
        const series = encodeFloat32(new Float32Array(slots).fill(Number.NaN));
        const page: InlineDemandPage = {
          delivery: 'inline',
          grid,
          resources: [...resources],
          assets: assetIds.map((assetId) => ({
            assetId,
            series: Object.fromEntries(resources.map((res) => [res, series])),
          })),
        };
        expect(WORKLOADS.getDemandPage.response.safeParse(page).success).toBe(true);
        largest = Math.max(largest, jsonBytes({ ok: true, data: page }));
      }
    }
    // The README and demand.ts state "below 800 KB".
    expect(largest).toBeLessThan(800 * 1000);
    expect(largest).toBeLessThan(MAX_PAYLOAD * 0.8);
    expect(largest).toBeGreaterThan(MAX_DEMAND_PAGE_VALUES * 4 * (4 / 3));
  });

  it('carry Float32 values, NaN included, through base64', () => {
    const values = new Float32Array([0, 1.5, Number.NaN, 3.4028234663852886e38, 1e-7]);
    expect(decodeFloat32(encodeFloat32(values))).toEqual(values);
    expect(() => decodeFloat32('AAA=')).toThrow(/not whole Float32/);
  });

  it('align the grid to whole slots around the window', () => {
    expect(demandGrid({ from: 1_000, to: 601_000 }, 300)).toEqual({
      stepSeconds: 300,
      origin: 0,
      slots: 3,
    });
  });
});

describe('series requests', () => {
  it('ask for a larger step when the window holds too many points', () => {
    const q = WORKLOADS.getSeries.request.safeParse({
      assetId: 'a',
      resource: 'cpu',
      window: window(20_000),
    });
    expect(q.error?.issues[0]?.path).toEqual(['stepSeconds']);
    expect(
      WORKLOADS.getSeries.request.safeParse({
        assetId: 'a',
        resource: 'cpu',
        window: window(20_000),
        stepSeconds: 3600,
      }).success,
    ).toBe(true);
  });
});
