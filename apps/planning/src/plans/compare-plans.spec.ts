import { planComparisonSchema, type PlanMeta } from '@vplan/contracts';
import { makeAsset, type Estate, type MetricSeries } from '@vplan/domain';
import { planArtifacts } from '@vplan/engine';
import { planOptionsSchema, type PlanDocument, type PlanSummary } from '@vplan/formats';
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

function plan(
  hosts: string[][],
  unplaced: string[],
  s: PlanSummary,
  models: (string | undefined)[] = [],
): PlanDocument {
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
      ...(models[i] === undefined ? {} : { model: models[i] }),
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
    expect(diff.identical).toBe(false);
    expect(diff.byModel).toEqual([{ model: 'h', a: 3, b: 2 }]);
    expect(diff.figures.a).toMatchObject({ hosts: 3, unplaced: 1, lowerBound: 2 });
    expect(diff.figures.b).toMatchObject({ hosts: 2, unplaced: 1, lowerBound: 2 });
    expect(diff.assetsByModel).toEqual({ changed: 0, changedSample: [] });
    expect(diff.pairs).toEqual({
      kept: 0,
      split: 1,
      joined: 2,
      splitSample: [['a1', 'a2']],
      joinedSample: [
        ['a1', 'a3'],
        ['a2', 'a5'],
      ],
    });
    expect(diff.differences.join('\n')).toContain('1 split (e.g. a1+a2)');
  });

  it('compares by target model and co-location, not by host label', () => {
    const s = summary(2, 3);
    const a = plan([['a1'], ['a2', 'a3']], [], s, ['small', 'large']);
    // The same hosts in the other order: every label differs, nothing that matters does.
    const relabelled = plan([['a2', 'a3'], ['a1']], [], s, ['large', 'small']);
    const same = comparePlans(
      { meta: meta('pa', s), plan: a },
      { meta: meta('pb', s), plan: relabelled },
    );
    expect(same.assets.moved).toBe(3);
    expect(same.identical).toBe(true);
    expect(same.differences).toEqual([]);
    expect(same.pairs).toMatchObject({ kept: 1, split: 0, joined: 0 });

    const b = plan([['a1', 'a2'], ['a3']], [], s, ['large', 'large']);
    const diff = comparePlans({ meta: meta('pa', s), plan: a }, { meta: meta('pb', s), plan: b });
    expect(planComparisonSchema.parse(diff)).toEqual(diff);
    expect(diff.identical).toBe(false);
    expect(diff.byModel).toEqual([
      { model: 'large', a: 1, b: 2 },
      { model: 'small', a: 1, b: 0 },
    ]);
    expect(diff.assetsByModel).toEqual({
      changed: 1,
      changedSample: [{ asset: 'a1', from: 'small', to: 'large' }],
    });
    expect(diff.pairs).toMatchObject({ kept: 0, split: 1, joined: 1 });
  });

  it('finds nothing changed between a plan and itself', () => {
    const s = summary(2, 3);
    const p = plan([['a1'], ['a2', 'a3']], [], s);
    const diff = comparePlans({ meta: meta('p', s), plan: p }, { meta: meta('p', s), plan: p });
    expect(diff.assets.moved).toBe(0);
    expect(diff.delta.hosts).toBe(0);
    expect(diff.delta.peakBasedHosts).toBeUndefined();
    expect(diff.identical).toBe(true);
    expect(diff.differences).toEqual([]);
    expect(diff.byModel).toEqual([{ model: 'h', a: 2, b: 2 }]);
    expect(diff.figures.a).toEqual(diff.figures.b);
    expect(diff.pairs).toEqual({ kept: 1, split: 0, joined: 0, splitSample: [], joinedSample: [] });
  });

  it('counts more hosts of the model in a plan with more headroom', () => {
    const estate = estateOf(30);
    const low = planned(estate, 0.1);
    const high = planned(estate, 0.4);
    const diff = comparePlans(
      { meta: meta('low', low.summary), plan: low },
      { meta: meta('high', high.summary), plan: high },
    );
    expect(planComparisonSchema.parse(diff)).toEqual(diff);
    expect(diff.identical).toBe(false);
    const [row, ...others] = diff.byModel;
    expect(others).toEqual([]);
    expect(row?.a).toBe(low.hosts.length);
    expect(row?.b).toBe(high.hosts.length);
    expect(row!.b).toBeGreaterThan(row!.a);
    expect(diff.figures.b.hosts - diff.figures.a.hosts).toBe(diff.delta.hosts);
    expect(diff.pairs.split).toBeGreaterThan(0);
  });
});

/** `n` VMs of 2 cores whose CPU follows phase-shifted daily waves (deterministic). */
function estateOf(n: number): Estate {
  const slots = 96;
  const assets = [];
  const series: MetricSeries[] = [];
  for (let i = 0; i < n; i++) {
    const id = `vm-${String(i).padStart(3, '0')}`;
    assets.push(makeAsset(id, { capacity: { cores: 2, memoryGiB: 8, cpuMhz: 5000 } }));
    const cpu = new Float32Array(slots);
    const memory = new Float32Array(slots).fill(2);
    for (let t = 0; t < slots; t++) {
      cpu[t] = 400 + 300 * (i % 5) + 500 * (1 + Math.sin(((t + i * 7) / slots) * 2 * Math.PI));
    }
    series.push({ assetId: id, metric: 'cpu', stepSeconds: 300, start: 0, values: cpu });
    series.push({ assetId: id, metric: 'memory', stepSeconds: 300, start: 0, values: memory });
  }
  return { assets, series };
}

function planned(estate: Estate, headroom: number): PlanDocument {
  const options = planOptionsSchema.parse({ hostCpuMhz: 8000, hostMemoryGiB: 64, headroom });
  const outcome = planArtifacts(
    { estate, options, source: { source: 't', format: 'test' } },
    { clock: () => 0, now: () => '2026-01-12T00:00:00.000Z' },
  );
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.planned.plan;
}
