import type { ClassPairCounts } from '@vplan/report';
import type { CompatibilityReport, PairExplanation } from '@vplan/rules';

const OUTCOME: Readonly<Record<PairExplanation['rules'][number]['outcome'], string>> = {
  fires: 'fires',
  passes: 'passes',
  'not-applicable': 'not applicable',
};

const band = (score: number): string =>
  score <= 0 ? 'forbidden' : score >= 100 ? 'free' : 'penalised';
const share = (n: number, total: number): string =>
  total > 0 ? ` (${((n / total) * 100).toFixed(1)} %)` : '';

/** The summary `vplan compat` prints: one aligned row per figure. */
export function compatSummary(
  report: CompatibilityReport,
  pairs: ClassPairCounts,
  elapsedMs: number,
): string {
  const total = report.scores.length;
  const rows: [string, string][] = [
    ['rule set', report.ruleSet],
    ['assets', String(report.assets)],
    ['classes', String(report.classes.length)],
    ['class pairs', String(total)],
    ['  forbidden', `${pairs.forbidden}${share(pairs.forbidden, total)}`],
    ['  penalised', `${pairs.penalised}${share(pairs.penalised, total)}`],
    ['  free', `${pairs.free}${share(pairs.free, total)}`],
    ['blocked assets', String(report.blockers.length)],
    ['group rules', String(report.groupRules.length)],
    ['time', `${(elapsedMs / 1000).toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

/**
 * What `vplan compat --explain A B` prints: one block per rule with its outcome, the
 * values of A and B that decide and the rule's sentence, then the score.
 */
export function explanationText(
  explanation: PairExplanation,
  single?: Pick<CompatibilityReport, 'blockers' | 'warnings'>,
): string {
  const { a, b } = explanation;
  const lines = [`${a} and ${b}: every rule, and the values that decide`, ''];
  const fires = explanation.rules.filter((r) => r.outcome === 'fires').length;
  for (const rule of explanation.rules) {
    lines.push(`${OUTCOME[rule.outcome].padEnd(14)}  ${rule.ruleId}`);
    const values = Object.entries(rule.values);
    const width = Math.max(0, ...values.map(([name]) => name.length));
    for (const [name, v] of values) {
      lines.push(`${' '.repeat(16)}${name.padEnd(width)}  ${a}: ${show(v.a)}   ${b}: ${show(v.b)}`);
    }
    if (rule.detail !== '') lines.push(`${' '.repeat(16)}${rule.detail}`);
  }
  if (explanation.rules.length === 0) lines.push('  (the rule set has no rules)');
  lines.push(
    '',
    `score ${explanation.score} of 100 (${band(explanation.score)}): ` +
      `${fires} of ${explanation.rules.length} pair ${explanation.rules.length === 1 ? 'rule fires' : 'rules fire'}`,
  );
  const alone = [
    ...(single?.blockers ?? []).map((b) => ({ ...b, verb: 'is blocked' })),
    ...(single?.warnings ?? []).map((b) => ({ ...b, verb: 'has warnings' })),
  ];
  if (alone.length > 0) lines.push('', 'candidate and fit rules, per asset:');
  for (const entry of alone) {
    lines.push(`  ${entry.asset} ${entry.verb}`);
    for (const hit of entry.hits) {
      const weight = hit.severity === 'hard' ? 'hard' : `soft, -${hit.penalty}`;
      const fix = hit.remediation ? ` (remediation: ${hit.remediation})` : '';
      lines.push(`    ${hit.ruleId} (${weight}): ${hit.detail}${fix}`);
    }
  }
  return lines.join('\n');
}

const show = (value: string): string => (value === '' ? '–' : value);
