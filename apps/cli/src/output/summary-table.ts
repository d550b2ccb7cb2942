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
  rows.push(...economicsRows(plan));
  rows.push(['strategy', `${s.strategy} (seed ${s.seed}, stopped: ${s.stoppedBy})`]);
  rows.push(['time', `${(s.elapsedMs / 1000).toFixed(2)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

const money = (v: number, currency?: string) =>
  `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;

/** Hosts per model, cost, energy, licences, the objective's bound and the savings, when priced. */
function economicsRows(plan: PlanDocument): [string, string][] {
  const e = plan.economics;
  if (!e) return [];
  const rows: [string, string][] = [];
  const used = (plan.models ?? []).filter((m) => m.hosts > 0);
  if (used.length > 0)
    rows.push([
      'hosts per model',
      used.map((m) => `${m.hosts} × ${m.name}${m.existing ? ' (kept)' : ''}`).join(', '),
    ]);
  const t = e.total;
  rows.push(
    [
      'cost per month',
      `${money(t.costPerMonth, e.currency)} (${money(t.costPerYear, e.currency)} a year)`,
    ],
    [
      'energy',
      `${t.energyKwhPerMonth.toLocaleString('en-US')} kWh/month at ${e.pricePerKwh} per kWh`,
    ],
  );
  if (t.licensedCores.windowsDatacenter + t.licensedCores.sqlServer > 0)
    rows.push([
      'licensed cores',
      `${t.licensedCores.windowsDatacenter} Windows Datacenter, ${t.licensedCores.sqlServer} SQL Server (${money(t.licenceCostPerMonth, e.currency)}/month)`,
    ]);
  const figure = (v: number) =>
    v.toLocaleString('en-US', { maximumFractionDigits: e.objective === 'cost' ? 2 : 1 });
  const unit =
    e.objective === 'hosts'
      ? ''
      : e.objective === 'power'
        ? ' kWh/month'
        : e.currency
          ? ` ${e.currency}/month`
          : '/month';
  if (e.bounds)
    rows.push([
      'proven bounds',
      `≥ ${e.bounds.hosts.value} hosts, ≥ ${money(e.bounds.costPerMonth.value, e.currency)}/month, ≥ ${e.bounds.energyKwhPerMonth.value.toLocaleString('en-US')} kWh/month`,
    ]);
  rows.push([
    `objective (${e.objective})`,
    `lower bound ${figure(e.lowerBound.value)}${unit}, gap ${figure(e.lowerBound.gap)}${unit}`,
  ]);
  const best = e.singleModels.find((m) => m.model === e.bestSingleModel);
  if (best && e.singleModels.length > 1)
    rows.push([
      'best single model',
      `${best.model}: ${best.hosts} host(s), ${money(best.costPerMonth, e.currency)}/month${best.unplaced > 0 ? `, ${best.unplaced} unplaced` : ''}`,
    ]);
  const today = e.savings.vsToday;
  if (today) rows.push(['vs today', savingsText(today, e.currency)]);
  const peak = e.savings.vsPeak;
  if (peak) rows.push(['vs peak-based', savingsText(peak, e.currency)]);
  return rows;
}

/** `9 host(s) fewer, 120.00/month less, 365.7 kWh/month more`: signs in words. */
function savingsText(
  saved: { hosts: number; costPerMonth: number; energyKwhPerMonth: number },
  currency?: string,
): string {
  const word = (v: number, less: string, more: string) => (v >= 0 ? less : more);
  return [
    `${Math.abs(saved.hosts)} host(s) ${word(saved.hosts, 'fewer', 'more')}`,
    `${money(Math.abs(saved.costPerMonth), currency)}/month ${word(saved.costPerMonth, 'less', 'more')}`,
    `${Math.abs(saved.energyKwhPerMonth).toLocaleString('en-US')} kWh/month ${word(saved.energyKwhPerMonth, 'less', 'more')}`,
  ].join(', ');
}
