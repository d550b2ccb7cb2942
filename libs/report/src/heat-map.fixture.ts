import type { AssetBlockers, ClassPairScore, CompatibilityReport, RuleHit } from '@vplan/rules';

/** Options of {@link buildCompatibilityFixture}. */
export interface CompatibilityFixtureOptions {
  readonly classes: number;
  readonly blockers?: number;
  /** Rule set name. Default `rules/default.yaml`. */
  readonly ruleSet?: string;
}

const ENVIRONMENTS = ['prod', 'test', 'dev', 'dmz'];
const OS = ['linux', 'windows', 'solaris'];

/**
 * A consistent hand-built compatibility report: class `Ck` has `2000 / k` assets (at
 * least 1) and a signature of environment, OS and VLANs. Classes of different
 * environments are forbidden (hard rule `env-separation`), different OS families cost 20
 * (`os-affinity`), and classes whose index differ by a multiple of 5 cost 45 more
 * (`maintenance-overlap`).
 */
export function buildCompatibilityFixture(
  options: CompatibilityFixtureOptions,
): CompatibilityReport {
  const n = options.classes;
  const classes = Array.from({ length: n }, (_, i) => {
    const size = Math.max(1, Math.floor(2000 / (i + 1)));
    return {
      id: `C${i + 1}`,
      size,
      signature: {
        environment: ENVIRONMENTS[i % ENVIRONMENTS.length] ?? '',
        os_family: OS[i % OS.length] ?? '',
        vlans: i % 2 === 0 ? '10;20' : '30',
      },
      members: Array.from({ length: Math.min(size, 3) }, (_, m) => `srv-${i + 1}-${m + 1}`),
    };
  });
  const scores: ClassPairScore[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = classes[i]!;
      const b = classes[j]!;
      const hits: RuleHit[] = [];
      if (a.signature.environment !== b.signature.environment) {
        hits.push({
          ruleId: 'env-separation',
          severity: 'hard',
          penalty: 100,
          detail: `environment ${a.signature.environment} ≠ ${b.signature.environment}`,
          remediation: 'keep environments on separate hosts',
        });
      }
      if (a.signature.os_family !== b.signature.os_family) {
        hits.push({
          ruleId: 'os-affinity',
          severity: 'soft',
          penalty: 20,
          detail: `os_family ${a.signature.os_family} ≠ ${b.signature.os_family}`,
        });
      }
      if (i !== j && (j - i) % 5 === 0) {
        hits.push({
          ruleId: 'maintenance-overlap',
          severity: 'soft',
          penalty: 45,
          detail: 'maintenance windows overlap by 0 minutes (need 60)',
        });
      }
      const hard = hits.some((h) => h.severity === 'hard');
      const penalty = hits.reduce((sum, h) => sum + (h.severity === 'soft' ? h.penalty : 0), 0);
      const score = hard ? 0 : Math.max(1, 100 - penalty);
      scores.push({ a: a.id, b: b.id, score, hits });
    }
  }
  const blockers: AssetBlockers[] = Array.from({ length: options.blockers ?? 0 }, (_, k) => ({
    asset: `legacy-${k + 1}`,
    hits: [
      {
        ruleId: k % 3 === 0 ? 'no-fax' : 'no-os-support',
        severity: 'hard',
        penalty: 100,
        detail: k % 3 === 0 ? 'peripherals include fax' : 'os_family aix is supported by no target',
        remediation: k % 3 === 0 ? 'replace the fax board by a fax server' : 'migrate to Linux',
      },
    ],
  }));
  return {
    ruleSet: options.ruleSet ?? 'rules/default.yaml',
    assets: classes.reduce((sum, c) => sum + c.size, 0),
    classes,
    scores,
    blockers,
    groupRules: [
      { ruleId: 'anti-affinity', groups: 12, assets: 30 },
      { ruleId: 'dr-separation', groups: 4, assets: 8 },
    ],
  };
}
