import { seededRandom } from '@vplan/domain';
import { analyzeCompatibility } from './compatibility';
import { pairHits } from './evaluate';
import { ISSUE_RULES, assetOf, ruleSetOf, targetOf } from './rules.fixture';

const RULES = ruleSetOf(
  `name: small estate
rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }
  - { id: dc, kind: pair, limit: { attribute: role, value: domain-controller, max_per_host: 1 }, severity: hard }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax] }, severity: hard, remediation: Keep it physical }
  - { id: old-os, kind: candidate, forbid: { any_of: os_version, in: ["2003"] }, severity: soft, penalty: 30 }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
`,
);

const ESTATE = [
  assetOf('a1', {
    environment: 'prod',
    department: 'finance',
    drGroup: 'g1',
    role: 'domain-controller',
  }),
  assetOf('a2', { environment: 'prod', department: 'finance', drGroup: 'g1' }),
  assetOf('a3', { environment: 'prod', department: 'hr' }, { osFamily: 'solaris' }),
  assetOf(
    'a4',
    { environment: 'test', department: 'finance', role: 'domain-controller' },
    { osVersion: '2003' },
  ),
  assetOf('a5', { environment: 'test', department: 'hr' }, { peripherals: ['fax'] }),
];

describe('analyzeCompatibility', () => {
  const targets = [
    targetOf('std', { supportedOs: ['linux', 'windows'] }),
    targetOf('win', { supportedOs: ['windows'] }),
  ];
  const report = analyzeCompatibility(RULES, ESTATE, targets);

  it('partitions the estate by the attributes the class-level rules read', () => {
    expect(report.ruleSet).toBe('small estate');
    expect(report.assets).toBe(5);
    expect(report.classes).toEqual([
      {
        id: 'C1',
        size: 2,
        signature: { department: 'finance', environment: 'prod' },
        members: ['a1', 'a2'],
      },
      { id: 'C2', size: 1, signature: { department: 'hr', environment: 'prod' }, members: ['a3'] },
      {
        id: 'C3',
        size: 1,
        signature: { department: 'finance', environment: 'test' },
        members: ['a4'],
      },
      { id: 'C4', size: 1, signature: { department: 'hr', environment: 'test' }, members: ['a5'] },
    ]);
  });

  it('scores every unordered class pair once, from the rules that fire', () => {
    expect(report.scores.map((s) => `${s.a}-${s.b}:${s.score}`)).toEqual([
      'C1-C1:100',
      'C1-C2:80',
      'C1-C3:0',
      'C1-C4:0',
      'C2-C2:100',
      'C2-C3:0',
      'C2-C4:0',
      'C3-C3:100',
      'C3-C4:100',
      'C4-C4:100',
    ]);
    expect(report.scores[1]?.hits).toEqual([
      {
        ruleId: 'dept',
        severity: 'soft',
        penalty: 20,
        detail: 'department differs: finance vs hr',
      },
    ]);
  });

  it('summarises group rules instead of scoring them per class', () => {
    expect(report.groupRules).toEqual([
      { ruleId: 'dr', groups: 1, assets: 2 },
      { ruleId: 'dc', groups: 1, assets: 2 },
    ]);
  });

  it('lists blockers with remediation, assets that fit no target, and soft hits as warnings', () => {
    expect(report.blockers).toEqual([
      {
        asset: 'a3',
        hits: [
          {
            ruleId: 'os',
            severity: 'hard',
            penalty: 100,
            detail: 'os_family solaris not in supported_os of target std (linux, windows)',
          },
          {
            ruleId: 'os',
            severity: 'hard',
            penalty: 100,
            detail: 'os_family solaris not in supported_os of target win (windows)',
          },
        ],
      },
      {
        asset: 'a5',
        hits: [
          {
            ruleId: 'periph',
            severity: 'hard',
            penalty: 100,
            detail: 'peripherals include fax (forbidden: fax)',
            remediation: 'Keep it physical',
          },
        ],
      },
    ]);
    expect(report.warnings?.map((w) => w.asset)).toEqual(['a4']);
    expect(analyzeCompatibility(RULES, ESTATE).blockers.map((b) => b.asset)).toEqual(['a5']);
  });

  it('puts 20,000 generated assets into few classes, with linear work', () => {
    const random = seededRandom(3);
    const envs = ['prod', 'test', 'dev'];
    const departments = ['finance', 'hr', 'sales', 'it'];
    const assets = Array.from({ length: 20_000 }, (_, i) =>
      assetOf(
        `vm-${i}`,
        {
          environment: envs[random.int(3)] as string,
          department: departments[random.int(4)] as string,
          drGroup: `dr-${random.int(5000)}`,
          role: random.next() < 0.01 ? 'domain-controller' : 'app',
        },
        { peripherals: random.next() < 0.001 ? ['fax'] : [] },
      ),
    );
    const big = analyzeCompatibility(RULES, assets);
    expect(big.classes.length).toBe(12);
    expect(big.scores.length).toBe((12 * 13) / 2);
    expect(big.classes.reduce((sum, c) => sum + c.size, 0)).toBe(20_000);
    expect(big.groupRules[0]?.groups).toBeGreaterThan(1000);
    expect(analyzeCompatibility(RULES, [...assets].reverse()).classes.length).toBe(12);
  });

  it('scores a class pair as pairHits scores any two of their members (group rules aside)', () => {
    const rules = ruleSetOf(ISSUE_RULES);
    const random = seededRandom(11);
    const zones = ['UTC', 'Europe/Paris', '+05:30', undefined];
    const assets = Array.from({ length: 2000 }, (_, i) =>
      assetOf(
        `a${i}`,
        {
          environment: ['prod', 'PROD ', 'test'][random.int(3)] as string,
          department: ['fin', 'hr'][random.int(2)] as string,
          compliance: [[], ['pci'], ['sox', 'pci']][random.int(3)] as string[],
          maintenanceWindows:
            random.next() < 0.8 ? [{ start: 5 * 1440 + 60 * random.int(24), minutes: 120 }] : [],
          ...(random.next() < 0.7 ? { maintenanceTimezone: zones[random.int(4)] as string } : {}),
          drGroup: `d${random.int(50)}`,
        },
        { vlans: [['10'], ['10', '20'], ['30'], []][random.int(4)] as string[] },
      ),
    );
    const report = analyzeCompatibility(rules, assets);
    const classOf = new Map<string, string>();
    for (const c of report.classes) for (const m of c.members) classOf.set(m, c.id);
    const order = new Map(report.classes.map((c, k) => [c.id, k]));
    const byPair = new Map(report.scores.map((s) => [`${s.a}/${s.b}`, s]));
    const groupRules = new Set(['dr', 'spread', 'dc-per-host']);
    for (let n = 0; n < 500; n++) {
      const a = assets[random.int(assets.length)]!;
      const b = assets[random.int(assets.length)]!;
      const [ca, cb] = [classOf.get(a.id)!, classOf.get(b.id)!];
      const [x, y] = order.get(ca)! <= order.get(cb)! ? [ca, cb] : [cb, ca];
      const expected = pairHits(rules, a, b).filter((h) => !groupRules.has(h.ruleId));
      expect(
        byPair
          .get(`${x}/${y}`)!
          .hits.map((h) => h.ruleId)
          .sort(),
      ).toEqual(expected.map((h) => h.ruleId).sort());
    }
  });
});
