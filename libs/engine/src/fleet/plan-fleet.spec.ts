import { makeAsset, type Asset, type TargetModel } from '@vplan/domain';
import { planDocumentSchema, planOptionsSchema } from '@vplan/formats';
import { parseRuleSet } from '@vplan/rules';
import { planRequest } from '../plan-artifacts';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const flat = (assetId: string, metric: 'cpu' | 'memory', value: number, slots = 12) => ({
  assetId,
  metric,
  stepSeconds: 300,
  start: 0,
  values: new Float32Array(slots).fill(value),
});

function estateOf(assets: readonly { asset: Asset; cpu: number; memory: number }[]) {
  return {
    assets: assets.map((a) => a.asset),
    series: assets.flatMap((a) => [
      flat(a.asset.id, 'cpu', a.cpu),
      flat(a.asset.id, 'memory', a.memory),
    ]),
  };
}

const plan = (
  estate: ReturnType<typeof estateOf>,
  all: TargetModel[],
  extra: Record<string, unknown> = {},
  rules?: string,
) => {
  const ruleSet = rules ? parseRuleSet(rules, 'rules.yaml') : undefined;
  if (ruleSet && !ruleSet.ok) throw ruleSet.error;
  const outcome = planRequest(
    {
      estate,
      options: planOptionsSchema.parse({ ...extra }),
      source: { source: 'test', format: 'csv' },
      targets: { file: 'targets.yaml', all },
      ...(ruleSet ? { ruleSet: ruleSet.value } : {}),
    },
    context,
  );
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return planDocumentSchema.parse(outcome.plan);
};

describe('planFleet', () => {
  const big: TargetModel = {
    name: 'big',
    capacity: { cpu: 4000, memory: 64 },
    costPerMonth: 1000,
    storage: ['san'],
  };
  const small: TargetModel = {
    name: 'small',
    capacity: { cpu: 1000, memory: 16 },
    costPerMonth: 300,
    storage: ['san', 'local'],
  };

  it('buys the cheaper mix, and a server blocked on one model goes to another that fits', () => {
    const estate = estateOf([
      ...Array.from({ length: 7 }, (_, i) => ({
        asset: makeAsset(`s${i}`, { technical: { storage: 'san' } }),
        cpu: 500,
        memory: 4,
      })),
      { asset: makeAsset('local', { technical: { storage: 'local' } }), cpu: 300, memory: 2 },
    ]);
    const rules =
      'rules:\n  - { id: storage, kind: fit, require: { in: { asset: storage, target: storage } }, severity: hard }\n';
    const p = plan(estate, [big, small], {}, rules);
    expect(p.unplaced).toEqual([]);
    expect(p.assets?.find((a) => a.id === 'local')?.model).toBe('small');
    const e = p.economics!;
    // Alone, big leaves the local-storage server unplaced; small places all at 4 × 300 + …
    expect(e.singleModels.map((s) => [s.model, s.unplaced])).toEqual([
      ['big', 1],
      ['small', 0],
    ]);
    expect(e.bestSingleModel).toBe('small');
    const best = e.singleModels.find((s) => s.model === 'small')!;
    expect(e.total.costPerMonth).toBeLessThanOrEqual(best.costPerMonth);
    expect(e.lowerBound.value).toBeLessThanOrEqual(e.total.costPerMonth);
    // A bound on every objective, each at or below the plan's figure.
    expect(e.bounds!.hosts.value).toBeLessThanOrEqual(p.hosts.length);
    expect(e.bounds!.costPerMonth.value).toBe(e.lowerBound.value);
    expect(e.bounds!.energyKwhPerMonth.value).toBeLessThanOrEqual(e.total.energyKwhPerMonth);
    expect(e.bounds!.energyKwhPerMonth.gap).toBeGreaterThanOrEqual(0);
    expect(p.summary.lowerBound).toBeLessThanOrEqual(p.hosts.length);
    for (const h of p.hosts)
      for (const u of Object.values(h.peakUtilization)) expect(u).toBeLessThanOrEqual(1);
    expect(p.summary.warnings).toContainEqual(expect.stringMatching(/^best single model: small/));
  });

  it('objective hosts picks fewer hosts over a lower cost', () => {
    const estate = estateOf(
      Array.from({ length: 8 }, (_, i) => ({ asset: makeAsset(`v${i}`), cpu: 450, memory: 4 })),
    );
    const cheap = plan(estate, [big, small], { objective: 'cost' });
    const few = plan(estate, [big, { ...small, costPerMonth: 100 }], { objective: 'hosts' });
    expect(few.hosts.length).toBeLessThanOrEqual(cheap.hosts.length);
    expect(few.economics?.objective).toBe('hosts');
    expect(few.economics?.lowerBound.value).toBeLessThanOrEqual(few.hosts.length);
  });

  it('packs licensed servers apart when that licenses fewer cores', () => {
    const licensed: TargetModel = {
      name: 'lic',
      capacity: { cpu: 4000, memory: 64 },
      cores: 32,
      costPerMonth: 500,
      licences: { sqlServer: { perCoreMonth: 100 } },
    };
    // 4 SQL servers and 4 others: together on 2 hosts both need SQL licences (64 cores);
    // apart, one host of SQL servers (32 cores).
    const estate = estateOf(
      Array.from({ length: 8 }, (_, i) => ({
        asset: makeAsset(`d${i}`, { business: i < 4 ? { licences: ['sql-server'] } : {} }),
        cpu: 900,
        memory: 4,
      })),
    );
    const p = plan(estate, [licensed]);
    expect(p.hosts).toHaveLength(2);
    expect(p.economics?.total.licensedCores.sqlServer).toBe(32);
    const sqlHost = p.hosts.find((h) => h.licences?.includes('sql-server'))!;
    expect([...sqlHost.assets].sort()).toEqual(['d0', 'd1', 'd2', 'd3']);
  });

  it('keep-existing moves servers that fit elsewhere off a full group, so one that fits only there stays', () => {
    // Group big: one host of 32 GiB; group small: two hosts of 8 GiB. "whale" (20 GiB) fits
    // only on big; today big also runs four 4-GiB servers that must move to small.
    const host = (name: string, memoryGiB: number, vms: string[]) => ({
      name,
      cpuModel: memoryGiB > 16 ? 'Big CPU' : 'Small CPU',
      cores: 16,
      mhz: 2000,
      memoryGiB,
      vms,
      vcpus: vms.length * 2,
      vmMemoryGiB: 0,
    });
    const servers = [
      { asset: makeAsset('whale'), cpu: 1000, memory: 20 },
      ...[1, 2, 3, 4].map((i) => ({ asset: makeAsset(`b${i}`), cpu: 500, memory: 4 })),
    ];
    const estate = {
      ...estateOf(servers),
      baseline: {
        source: 'test.xlsx',
        hosts: [
          host('esx-big', 32, ['whale', 'b1', 'b2', 'b3', 'b4']),
          host('esx-s1', 8, []),
          host('esx-s2', 8, []),
        ],
        unknownHosts: [],
        skipped: [],
        notes: [],
      },
    };
    const outcome = planRequest(
      {
        estate,
        options: planOptionsSchema.parse({ keepExisting: true, headroom: 0 }),
        source: { source: 'test', format: 'rvtools' },
      },
      context,
    );
    if (!outcome.ok) throw new Error(outcome.problem.message);
    const p = planDocumentSchema.parse(outcome.plan);
    expect(p.unplaced).toEqual([]);
    expect(p.hosts.length).toBeLessThanOrEqual(3);
    const whale = p.hosts.find((h) => h.assets.includes('whale'))!;
    expect(whale.existing).toBe('esx-big');
    for (const h of p.hosts)
      for (const u of Object.values(h.peakUtilization)) expect(u).toBeLessThanOrEqual(1);
  });
});
