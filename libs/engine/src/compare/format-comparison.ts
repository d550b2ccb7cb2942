import type { AssetDifferences, PlanFigures, PlanSetComparison } from './compare-plans';

const optional = (v: number | undefined, digits = 0): string =>
  v === undefined ? '-' : v.toFixed(digits);

const ROWS: readonly [string, (f: PlanFigures) => string][] = [
  ['hosts', (f) => String(f.hosts)],
  [
    'hosts per model',
    (f) =>
      Object.entries(f.hostsPerModel)
        .map(([model, n]) => `${model} ${n}`)
        .join(', ') || '-',
  ],
  ['lower bound / gap', (f) => `${f.lowerBound} / ${f.gap}`],
  ['cost per month', (f) => optional(f.costPerMonth)],
  ['cost per year', (f) => optional(f.costPerYear)],
  ['energy kWh/month', (f) => optional(f.energyKwhPerMonth)],
  [
    'licensed cores (win/sql)',
    (f) =>
      f.licensedCores === undefined
        ? '-'
        : `${f.licensedCores.windowsDatacenter}/${f.licensedCores.sqlServer}`,
  ],
  ['hosts exceeding', (f) => String(f.hostsExceeding)],
  ['worst exceedance', (f) => `${(f.worstExceedanceShare * 100).toFixed(1)} %`],
  ['failover k / spares', (f) => `${f.failoverK} / ${f.spares}`],
  ['unplaced', (f) => String(f.unplaced)],
  ['rules: extra hosts', (f) => optional(f.rulesExtraHosts)],
  ['rules: soft penalty', (f) => optional(f.softPenalty, 2)],
  ['confidence', (f) => optional(f.confidence, 2)],
];

/** The plans' figures as rows of cells: a label column, then one column per plan. */
export function comparisonTable(comparison: PlanSetComparison): string[][] {
  return [
    ['', ...comparison.plans.map((f) => f.name)],
    ...ROWS.map(([label, cell]) => [label, ...comparison.plans.map(cell)]),
  ];
}

/** One sentence per kind of asset-level difference of a plan against the first. */
export function differenceLines(d: AssetDifferences, first: string): string[] {
  const lines: string[] = [];
  const pairs = (sample: [string, string][]): string =>
    sample.length === 0 ? '' : ` (e.g. ${sample.map(([x, y]) => `${x}+${y}`).join(', ')})`;
  if (d.modelChanged > 0) {
    const e = d.modelChangedSample.map((m) => `${m.asset}: ${m.from} → ${m.to}`).join(', ');
    lines.push(`${d.modelChanged} assets change target model (e.g. ${e})`);
  }
  if (d.nowUnplaced > 0) {
    lines.push(
      `${d.nowUnplaced} assets placed in ${first} are not placed (e.g. ${d.nowUnplacedSample.join(', ')})`,
    );
  }
  if (d.nowPlaced > 0) {
    lines.push(
      `${d.nowPlaced} assets not placed in ${first} are placed (e.g. ${d.nowPlacedSample.join(', ')})`,
    );
  }
  if (d.pairsSplit + d.pairsJoined > 0) {
    lines.push(
      `co-location: of ${d.pairsKept + d.pairsSplit} pairs sharing a host in ${first}, ` +
        `${d.pairsKept} kept together, ${d.pairsSplit} split${pairs(d.pairsSplitSample)}`,
    );
    lines.push(
      `co-location: ${d.pairsJoined} pairs newly share a host${pairs(d.pairsJoinedSample)}`,
    );
  }
  return lines;
}

/**
 * The comparison as text: the plans side by side, then each plan's differences against
 * the first; a line `no difference` alone when nothing that matters differs.
 */
export function formatComparison(comparison: PlanSetComparison): string {
  if (comparison.identical) return 'no difference\n';
  const table = comparisonTable(comparison);
  const widths = (table[0] ?? []).map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  const out = table.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const first = comparison.plans[0]?.name ?? '';
  for (const d of comparison.differences) {
    out.push('', `${d.name} vs ${first}:`);
    const lines = differenceLines(d, first);
    out.push(
      ...(lines.length === 0
        ? ['  same assets, models and co-location']
        : lines.map((l) => `  ${l}`)),
    );
  }
  return `${out.join('\n')}\n`;
}
