import { planComparisonSchema, type PlanMeta } from '@vplan/contracts';
import type { PlanDocument, PlanSummary } from '@vplan/formats';
import { comparePlans } from './compare-plans';

const summary = (hosts: number, placed: number, peak?: number): PlanSummary => ({
  assets: 5,
  placed,
  hosts,
  lowerBound: 2,
  gap: hosts - 2,
  limitingResource: 'cpu',
  strategy: 'time-aware',
  seed: 1,
  consolidationRatio: placed / hosts,
  stoppedBy: 'converged',
  elapsedMs: 1,
  ...(peak === undefined ? {} : { peakBasedHosts: peak }),
});

function plan(hosts: string[][], unplaced: string[], s: PlanSummary): PlanDocument {
  return {
    schemaVersion: 3,
    generatedAt: '2026-01-12T00:00:00Z',
    input: {
      source: 's',
      format: 'f',
      resources: ['cpu'],
      percentile: 100,
      stepSeconds: 300,
      slots: 1,
      start: '2026-01-12T00:00:00Z',
    },
    hostModel: { name: 'h', capacity: { cpu: 1 }, headroom: { cpu: 0 }, usable: { cpu: 1 } },
    hosts: hosts.map((assets, i) => ({
      id: `host-00${i + 1}`,
      assets,
      peak: {},
      peakUtilization: {},
      meanUtilization: {},
    })),
    unplaced: unplaced.map((asset) => ({ asset, reasons: ['too big'] })),
    summary: s,
  };
}

const meta = (id: string, s: PlanSummary): PlanMeta => ({
  id,
  jobId: `job-${id}`,
  scenario: { name: 'x', revision: 1 },
  createdAt: '2026-01-12T00:00:00Z',
  summary: s,
});

describe('comparePlans', () => {
  it('counts moved assets, assets only one plan placed, unplaced changes and summary deltas', () => {
    const sa = summary(3, 4, 4);
    const sb = summary(2, 4, 3);
    const a = plan([['a1', 'a2'], ['a3'], ['a4']], ['a5'], sa);
    const b = plan(
      [
        ['a1', 'a3'],
        ['a2', 'a5'],
      ],
      ['a4'],
      sb,
    );
    const diff = comparePlans({ meta: meta('pa', sa), plan: a }, { meta: meta('pb', sb), plan: b });
    expect(planComparisonSchema.parse(diff)).toEqual(diff);
    expect(diff.delta).toEqual({
      hosts: -1,
      lowerBound: 0,
      placed: 0,
      unplaced: 0,
      consolidationRatio: 2 - 4 / 3,
      peakBasedHosts: -1,
    });
    expect(diff.assets).toEqual({
      placedInBoth: 3,
      moved: 2,
      movedSample: [
        { asset: 'a2', from: 'host-001', to: 'host-002' },
        { asset: 'a3', from: 'host-002', to: 'host-001' },
      ],
      onlyPlacedInA: 1,
      onlyPlacedInB: 1,
      onlyPlacedInAIds: ['a4'],
      onlyPlacedInBIds: ['a5'],
    });
    expect(diff.unplaced).toEqual({ added: 1, removed: 1, addedIds: ['a4'], removedIds: ['a5'] });
  });

  it('finds nothing changed between a plan and itself', () => {
    const s = summary(2, 3);
    const p = plan([['a1'], ['a2', 'a3']], [], s);
    const diff = comparePlans({ meta: meta('p', s), plan: p }, { meta: meta('p', s), plan: p });
    expect(diff.assets.moved).toBe(0);
    expect(diff.delta.hosts).toBe(0);
    expect(diff.delta.peakBasedHosts).toBeUndefined();
  });
});
