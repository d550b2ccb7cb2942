import { analyzeCompatibility } from './compatibility';
import {
  COMPAT_JSON_VERSION,
  compactCompatibility,
  expandCompatibility,
} from './compatibility-compact';
import { assetOf, ruleSetOf, targetOf } from './rules.fixture';

const RULES = ruleSetOf(
  `name: compact test
rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax] }, severity: hard, remediation: Keep it physical }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
`,
);
const TARGETS = [targetOf('std', { supportedOs: ['linux', 'windows'] })];
const ENVIRONMENTS = ['prod', 'test', 'dev'];
const DEPARTMENTS = ['finance', 'hr', 'sales', 'it'];

/** `count` servers over 12 classes; every 7th has a fax, every 11th an unsupported OS. */
function estate(count: number) {
  return Array.from({ length: count }, (_, i) =>
    assetOf(
      `srv-${i}`,
      { environment: ENVIRONMENTS[i % 3] as string, department: DEPARTMENTS[i % 4] as string },
      {
        ...(i % 7 === 0 ? { peripherals: ['fax'] } : {}),
        ...(i % 11 === 0 ? { osFamily: 'solaris' } : {}),
      },
    ),
  );
}

describe('compactCompatibility', () => {
  const report = analyzeCompatibility(RULES, estate(3000), TARGETS);
  const compact = compactCompatibility(report);

  it('reads back as the same report with expandCompatibility', () => {
    expect(compact.version).toBe(COMPAT_JSON_VERSION);
    const byAsset = (list: readonly { asset: string }[]) =>
      [...list].sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
    const back = expandCompatibility(JSON.parse(JSON.stringify(compact)));
    const want = JSON.parse(JSON.stringify(report));
    expect({
      ...back,
      blockers: byAsset(back.blockers),
      warnings: byAsset(back.warnings ?? []),
    }).toEqual({
      ...want,
      blockers: byAsset(want.blockers),
      warnings: byAsset(want.warnings ?? []),
    });
  });

  it('stores each rule and each sentence once', () => {
    expect(compact.rules.map((r) => r.ruleId).sort()).toEqual(['dept', 'env', 'os', 'periph']);
    expect(new Set(compact.texts).size).toBe(compact.texts.length);
    expect(compact.rules.find((r) => r.ruleId === 'periph')?.remediation).toBe('Keep it physical');
    const blocked = report.blockers.reduce((n, b) => n + b.hits.length, 0);
    expect(blocked).toBeGreaterThan(500);
    expect(compact.texts.length).toBeLessThan(blocked / 10);
  });

  it('leaves out the class pairs that may share freely', () => {
    const free = report.scores.filter((s) => s.score === 100 && s.hits.length === 0).length;
    expect(free).toBeGreaterThan(0);
    expect(compact.scores).toHaveLength(report.scores.length - free);
  });

  it('is at least 3 times smaller than the expanded report', () => {
    const before = JSON.stringify(report).length;
    const after = JSON.stringify(compact).length;
    expect(before / after).toBeGreaterThanOrEqual(3);
  });
});
