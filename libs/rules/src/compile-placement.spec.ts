import type { Asset } from '@vplan/domain';
import type { PlacementProblem } from '@vplan/placement';
import { planPlacement, validatePlacement } from '@vplan/placement';
import { compileForPlacement } from './compile-placement';
import { ISSUE_RULES, assetOf, ruleSetOf, targetOf } from './rules.fixture';

const SLOTS = 4;

/** Every asset demands 1 of one resource in every slot; a host holds `capacity`. */
function problemFor(assets: readonly Asset[], capacity: number): PlacementProblem {
  return {
    resources: ['cpu'],
    slots: SLOTS,
    usable: [capacity],
    items: assets.map((a) => ({ id: a.id, demand: [new Float32Array(SLOTS).fill(1)] })),
  };
}

const W = (start: number, minutes: number) => ({
  maintenanceWindows: [{ start, minutes }],
  maintenanceTimezone: 'UTC',
});

const ESTATE: Asset[] = [
  assetOf(
    'p1',
    { environment: 'prod', drGroup: 'd1', role: 'domain-controller', ...W(0, 120) },
    { vlans: ['10'] },
  ),
  assetOf(
    'p2',
    { environment: 'prod', drGroup: 'd1', role: 'domain-controller', ...W(0, 120) },
    { vlans: ['10'] },
  ),
  assetOf(
    'p3',
    { environment: 'prod', antiAffinityGroup: 'web', ...W(0, 120) },
    { vlans: ['10', '20'] },
  ),
  assetOf(
    'p4',
    { environment: 'prod', antiAffinityGroup: 'web', ...W(600, 60) },
    { vlans: ['20'] },
  ),
  assetOf('p5', { environment: 'prod', affinityGroup: 'app-x' }, { vlans: ['30'] }),
  assetOf('p6', { environment: 'prod', affinityGroup: 'App-X' }, { vlans: ['30'] }),
  assetOf('t1', { environment: 'test', compliance: ['pci'] }),
  assetOf('t2', { environment: 'test', compliance: ['pci', 'sox'] }),
  assetOf('t3', { environment: 'test' }, { peripherals: ['usb-dongle'], osFamily: 'solaris' }),
  assetOf('x1', {}, { upsRequired: true }),
];

describe('compileForPlacement', () => {
  const rules = ruleSetOf(ISSUE_RULES);
  const target = targetOf('std', { supportedOs: ['linux', 'windows'] });
  const compiled = compileForPlacement(rules, ESTATE, target);

  it('keys same rules by canonical value, leaves scalar-less assets free and keys an empty tag set', () => {
    const env = compiled.hard.same.find((r) => r.id === 'env');
    expect(env?.names).toEqual(['prod', 'test']);
    expect([...(env?.keys ?? [])]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, -1]);
    const pci = compiled.hard.same.find((r) => r.id === 'pci');
    // Set equality: untagged servers form a zone of their own, apart from PCI ones.
    expect([...(pci?.names ?? [])].sort()).toEqual(['(none)', 'pci', 'pci;sox']);
    expect([...(pci?.keys ?? [])].every((k) => k >= 0)).toBe(true);
    expect(compiled.hard.limits.map((l) => `${l.id}:${l.max}:${l.names.join('|')}`)).toEqual([
      'dr:1:d1',
      'spread:1:web',
      'dc-per-host:1:domain-controller',
    ]);
    expect(compiled.hard.pairwise?.map((p) => p.id)).toEqual(['vlan']);
    expect(compiled.soft.map((s) => `${s.id}:${s.penalty}`)).toEqual(['mw:40', 'dept:20']);
  });

  it('answers pairwise and soft predicates symmetrically', () => {
    const vlan = compiled.hard.pairwise?.[0];
    expect(vlan?.conflicts(0, 3)).toBe(true);
    expect(vlan?.conflicts(3, 0)).toBe(true);
    expect(vlan?.conflicts(0, 2)).toBe(false);
    expect(vlan?.conflicts(0, 6)).toBe(false);
    const mw = compiled.soft[0];
    expect(mw?.violated(0, 3)).toBe(true);
    expect(mw?.violated(0, 2)).toBe(false);
    expect(mw?.violated(0, 4)).toBe(false);
  });

  it('blocks candidate hits and fit hits on the target, and groups affinity members', () => {
    expect([...compiled.blocked.keys()]).toEqual([8, 9]);
    expect(compiled.blocked.get(8)?.map((h) => h.ruleId)).toEqual(['periph', 'os']);
    expect(compiled.blocked.get(9)?.[0]?.detail).toBe(
      'ups_required is true but ups_backed of target std is (none)',
    );
    expect(compiled.affinityGroups).toEqual([[4, 5]]);
    expect(
      compileForPlacement(rules, ESTATE)
        .blocked.get(8)
        ?.map((h) => h.ruleId),
    ).toEqual(['periph']);
  });

  it('produces hard rules that planPlacement honours and validatePlacement checks', () => {
    const problem = problemFor(ESTATE, 100);
    const free = planPlacement(problem);
    expect(free.hosts).toHaveLength(1);
    expect(validatePlacement(problem, free, compiled.hard).length).toBeGreaterThan(0);
    const result = planPlacement(problem, { rules: compiled.hard, soft: compiled.soft });
    expect(validatePlacement(problem, result, compiled.hard)).toEqual([]);
    const hostOf = new Map<string, number>();
    result.hosts.forEach((items, h) => items.forEach((i) => hostOf.set(ESTATE[i]?.id ?? '', h)));
    expect(hostOf.get('p1')).not.toBe(hostOf.get('p2'));
    expect(hostOf.get('p3')).not.toBe(hostOf.get('p4'));
    expect(hostOf.get('p1')).not.toBe(hostOf.get('p4'));
    expect(hostOf.get('t1')).not.toBe(hostOf.get('t2'));
    expect(hostOf.get('p1')).not.toBe(hostOf.get('t3'));
  });

  it('compiles rules scoped to clusters as host and cluster rules, and gives nothing for an empty rule set', () => {
    const cluster = ruleSetOf(
      'affinity: { scope: cluster }\nrules:\n  - { id: env, kind: pair, scope: cluster, require: { same: environment }, severity: hard }\n  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }\n',
    );
    const compiled = compileForPlacement(cluster, ESTATE);
    expect(compiled.hard.same.map((r) => r.id)).toEqual(['env']);
    expect(compiled.hard.limits.map((r) => r.id)).toEqual(['dr']);
    expect(compiled.cluster.same.map((r) => r.id)).toEqual(['env']);
    expect(compiled.cluster.limits).toEqual([]);
    expect(compiled.affinityScope).toBe('cluster');
    const none = compileForPlacement(ruleSetOf('rules: []\n'), ESTATE);
    expect(none).toEqual({
      hard: { same: [], limits: [], pairwise: [] },
      soft: [],
      blocked: new Map(),
      affinityGroups: [[4, 5]],
      affinityScope: 'host',
      cluster: { same: [], limits: [], pairwise: [] },
    });
  });

  it('compiles a hard overlap rule into a pairwise rule decided by UTC windows', () => {
    const overlap = ruleSetOf(
      'rules:\n  - { id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: hard }\n',
    );
    const { hard } = compileForPlacement(overlap, ESTATE);
    const mw = hard.pairwise?.[0];
    expect(mw?.id).toBe('mw');
    expect([
      mw?.conflicts(0, 2),
      mw?.conflicts(0, 3),
      mw?.conflicts(3, 0),
      mw?.conflicts(0, 4),
    ]).toEqual([false, true, true, false]);
  });
});
