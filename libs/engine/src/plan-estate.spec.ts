import { makeAsset } from '@vplan/domain';
import { planDocumentSchema } from '@vplan/formats';
import { planEstate } from './plan-estate';
import { planOptionsSchema } from '@vplan/formats';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const flat = (assetId: string, metric: 'cpu' | 'memory', value: number, slots = 12) => ({
  assetId,
  metric,
  stepSeconds: 300,
  start: 0,
  values: new Float32Array(slots).fill(value),
});

describe('planEstate', () => {
  const estate = {
    assets: [
      makeAsset('a', { business: { environment: 'prod' } }),
      makeAsset('b', { business: { environment: 'prod' } }),
      makeAsset('c', { business: { environment: 'test' } }),
      makeAsset('huge'),
    ],
    series: [
      flat('a', 'cpu', 400),
      flat('a', 'memory', 4),
      flat('b', 'cpu', 400),
      flat('b', 'memory', 4),
      flat('c', 'cpu', 100),
      flat('c', 'memory', 1),
      flat('huge', 'cpu', 5000),
      flat('huge', 'memory', 1),
    ],
  };
  const options = planOptionsSchema.parse({
    hostCpuMhz: 1000,
    hostMemoryGiB: 16,
    hostModelName: 'small',
  });

  it('writes a schema-valid plan with hosts, unplaced reasons and a summary', () => {
    const { plan } = planEstate(estate, options, { source: 'test', format: 'csv' }, context);
    expect(planDocumentSchema.parse(plan)).toEqual(plan);
    expect(plan.hosts.map((h) => h.assets.sort())).toEqual([['a', 'b'], ['c']]);
    expect(plan.hosts[0]).toMatchObject({
      id: 'host-001',
      peak: { cpu: 800, memory: 8 },
      peakUtilization: { cpu: 0.8, memory: 0.5 },
    });
    expect(plan.unplaced).toEqual([
      { asset: 'huge', reasons: [expect.stringContaining('cpu peak of 5000 MHz')] },
    ]);
    expect(plan.summary).toMatchObject({
      assets: 4,
      placed: 3,
      hosts: 2,
      lowerBound: 2,
      gap: 0,
      lowerBoundBasis: 'rule-classes',
      peakBasedHosts: 2,
      consolidationRatio: 1.5,
    });
    expect(plan.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(plan.input).toMatchObject({
      slots: 12,
      stepSeconds: 300,
      start: '1970-01-01T00:00:00.000Z',
    });
  });

  it('groups hosts into clusters when given a cluster size', () => {
    const clustered = planOptionsSchema.parse({ ...options, clusterSize: 1 });
    const { plan } = planEstate(estate, clustered, { source: 'test', format: 'csv' }, context);
    expect(planDocumentSchema.parse(plan)).toEqual(plan);
    expect(plan.hosts.map((h) => h.cluster)).toEqual(['cluster-01', 'cluster-02']);
    expect(plan.summary.clusters).toEqual({ size: 1, count: 2, problems: [] });
    const plain = planEstate(estate, options, { source: 'test', format: 'csv' }, context).plan;
    expect(plain.summary.clusters).toBeUndefined();
    expect(plain.hosts.every((h) => h.cluster === undefined)).toBe(true);
  });

  it('applies headroom per resource', () => {
    const perResource = planOptionsSchema.parse({
      hostCpuMhz: 1000,
      hostMemoryGiB: 16,
      headroom: { cpu: 0.2, memory: 0.5 },
    });
    const { plan } = planEstate(estate, perResource, { source: 'test', format: 'csv' }, context);
    expect(plan.hostModel).toMatchObject({
      headroom: { cpu: 0.2, memory: 0.5 },
      usable: { cpu: 800, memory: 8 },
    });
  });

  it('needs host memory when memory is planned', () => {
    const noMemory = planOptionsSchema.parse({ hostCpuMhz: 1000 });
    expect(() => planEstate(estate, noMemory, { source: 'test', format: 'csv' }, context)).toThrow(
      /host memory is required/,
    );
  });
});
