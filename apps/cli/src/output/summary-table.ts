import type { PlanDocument } from '@vplan/formats';

/** The short summary the CLI prints after planning: one aligned row per figure. */
export function summaryTable(plan: PlanDocument): string {
  const s = plan.summary;
  const rows: [string, string][] = [
    ['assets', String(s.assets)],
    ['placed', String(s.placed)],
    ['unplaced', String(plan.unplaced.length)],
    ['hosts', String(s.hosts)],
    ['lower bound', String(s.lowerBound)],
    [
      'gap',
      `${s.gap}${s.lowerBound > 0 ? ` (${((s.hosts / s.lowerBound - 1) * 100).toFixed(1)} % above the bound)` : ''}`,
    ],
    ['limiting resource', s.limitingResource],
    ['consolidation ratio', `${s.consolidationRatio}:1`],
  ];
  if (s.peakBasedHosts !== undefined) rows.push(['peak-based hosts', String(s.peakBasedHosts)]);
  if (s.rules) {
    rows.push(
      ['rules cost', `${s.rules.extraHosts} host(s): ${s.rules.hostsWithoutRules} without rules`],
      ['blocked by rules', String(s.rules.blocked)],
      ['soft penalty', String(s.rules.softPenalty)],
    );
  }
  if (s.clusters) {
    rows.push([
      'clusters',
      `${s.clusters.count} of at most ${s.clusters.size} hosts` +
        (s.clusters.problems.length > 0
          ? ` (${s.clusters.problems.length} problem(s): see plan.json)`
          : ''),
    ]);
  }
  rows.push(['strategy', `${s.strategy} (seed ${s.seed}, stopped: ${s.stoppedBy})`]);
  rows.push(['time', `${(s.elapsedMs / 1000).toFixed(2)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
