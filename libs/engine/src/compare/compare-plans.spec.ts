import { makeAsset, seededRandom, type Asset, type Estate, type MetricSeries } from '@vplan/domain';
import { planOptionsSchema, type PlanDocument } from '@vplan/formats';
import { planArtifacts } from '../plan-artifacts';
import { comparePlanDocuments } from './compare-plans';
import { formatComparison } from './format-comparison';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const SLOTS = 288;

function estateOf(n: number, seed = 7): Estate {
  const random = seededRandom(seed);
  const assets: Asset[] = [];
  const series: MetricSeries[] = [];
  for (let i = 0; i < n; i++) {
    const id = `vm-${String(i).padStart(3, '0')}`;
    assets.push(makeAsset(id, { capacity: { cores: 2, memoryGiB: 8, cpuMhz: 5000 } }));
    const phase = random.next() * SLOTS;
    const base = 300 + random.next() * 700;
    const cpu = new Float32Array(SLOTS);
    const memory = new Float32Array(SLOTS);
    for (let t = 0; t < SLOTS; t++) {
      cpu[t] = base * (1 + Math.sin(((t + phase) / SLOTS) * 2 * Math.PI)) + random.next() * 100;
      memory[t] = 2 + random.next();
    }
    series.push({ assetId: id, metric: 'cpu', stepSeconds: 300, start: 0, values: cpu });
    series.push({ assetId: id, metric: 'memory', stepSeconds: 300, start: 0, values: memory });
  }
  return { assets, series };
}

function plan(estate: Estate, headroom: number): PlanDocument {
  const outcome = planArtifacts(
    {
      estate,
      options: planOptionsSchema.parse({
        hostCpuMhz: 8000,
        hostMemoryGiB: 64,
        hostCores: 8,
        headroom,
      }),
      source: { source: 't', format: 'test' },
    },
    context,
  );
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.planned.plan;
}

describe('comparePlanDocuments', () => {
  const estate = estateOf(40);
  const low = plan(estate, 0.1);
  const high = plan(estate, 0.3);

  it('finds a plan identical to itself and prints only "no difference"', () => {
    const comparison = comparePlanDocuments([
      { name: 'a', plan: low },
      { name: 'b', plan: low },
    ]);
    expect(comparison.identical).toBe(true);
    expect(comparison.differences[0]?.pairsSplit).toBe(0);
    expect(formatComparison(comparison)).toBe('no difference\n');
  });

  it('reports more hosts and split pairs with more headroom, not host labels', () => {
    const comparison = comparePlanDocuments([
      { name: 'h10', plan: low },
      { name: 'h30', plan: high },
    ]);
    expect(comparison.identical).toBe(false);
    const [a, b] = comparison.plans;
    expect(a?.hosts).toBe(low.summary.hosts);
    expect(b?.hosts).toBe(high.summary.hosts);
    expect(high.summary.hosts).toBeGreaterThan(low.summary.hosts);
    const d = comparison.differences[0]!;
    const pairsInLow = low.hosts.reduce(
      (n, h) => n + (h.assets.length * (h.assets.length - 1)) / 2,
      0,
    );
    expect(d.pairsKept + d.pairsSplit).toBe(pairsInLow);
    expect(d.pairsSplit).toBeGreaterThan(0);
    expect(d.modelChanged).toBe(0);
    const text = formatComparison(comparison);
    expect(text).toContain('h30 vs h10:');
    expect(text).toMatch(/co-location: of \d+ pairs sharing a host in h10/);
    expect(text).not.toContain('host-0');
  });

  it('counts assets that only one plan places and model changes', () => {
    const moved: PlanDocument = {
      ...low,
      hosts: low.hosts.map((h, i) =>
        i === 0 ? { ...h, model: 'big', assets: h.assets.slice(1) } : h,
      ),
      unplaced: [{ asset: low.hosts[0]!.assets[0]!, reasons: ['test'] }],
    };
    const d = comparePlanDocuments([
      { name: 'a', plan: low },
      { name: 'b', plan: moved },
    ]).differences[0]!;
    expect(d.nowUnplaced).toBe(1);
    expect(d.nowUnplacedSample).toEqual([low.hosts[0]!.assets[0]]);
    expect(d.modelChanged).toBe(low.hosts[0]!.assets.length - 1);
    expect(d.pairsJoined).toBe(0);
  });

  it('finds two plans identical when only the order (and labels) of their hosts differ', () => {
    const [first, second, ...rest] = low.hosts;
    const modelled: PlanDocument = {
      ...low,
      hosts: [{ ...first!, model: 'small' }, { ...second!, model: 'large' }, ...rest],
    };
    const reordered: PlanDocument = {
      ...modelled,
      hosts: [...modelled.hosts].reverse().map((h, i) => ({ ...h, id: `host-${i}` })),
    };
    const comparison = comparePlanDocuments([
      { name: 'a', plan: modelled },
      { name: 'b', plan: reordered },
    ]);
    expect(comparison.identical).toBe(true);
    expect(Object.keys(comparison.plans[0]!.hostsPerModel)).toEqual(
      Object.keys(comparison.plans[0]!.hostsPerModel).sort(),
    );
  });
});
