import type { PlanDocument } from '@vplan/formats';
import type { TableCell, TableColumn } from './table-sheet';

/** A sheet's columns and rows, ready for `addTableSheet`. */
export interface SheetTable {
  columns: TableColumn[];
  rows: TableCell[][];
}

const yesNo = (v: boolean | undefined): string => (v ? 'yes' : 'no');
const resourcesOf = (plan: PlanDocument) => plan.input.resources;

/** One row per host, in plan order. Utilization and exceedance are 0..1 shares. */
export function hostsTable(plan: PlanDocument): SheetTable {
  const resources = resourcesOf(plan);
  const columns: TableColumn[] = [
    { header: 'host' },
    { header: 'model' },
    { header: 'existing' },
    { header: 'cluster' },
    { header: 'label' },
    { header: 'VMs', format: 'integer' },
    { header: 'vCPUs', format: 'integer' },
    { header: 'memory GiB', format: 'decimal' },
    ...resources.map((r): TableColumn => ({ header: `peak ${r} %`, format: 'percent' })),
    ...resources.map((r): TableColumn => ({ header: `mean ${r} %`, format: 'percent' })),
    { header: 'exceedance slots', format: 'integer' },
    { header: 'exceedance %', format: 'percent' },
    { header: 'spare' },
    { header: 'note' },
    { header: 'licences' },
    { header: 'cost/month', format: 'decimal' },
    { header: 'energy kWh/month', format: 'decimal' },
  ];
  const rows = plan.hosts.map((h): TableCell[] => [
    h.id,
    h.model ?? plan.hostModel.name,
    h.existing,
    h.cluster,
    h.label,
    h.allocation?.vms ?? h.assets.length,
    h.allocation?.vcpus,
    h.allocation?.memoryGiB,
    ...resources.map((r) => h.peakUtilization[r]),
    ...resources.map((r) => h.meanUtilization[r]),
    h.exceedance?.slots,
    h.exceedance?.share,
    yesNo(h.spare),
    h.note,
    h.licences?.join(', '),
    h.costPerMonth,
    h.energyKwhPerMonth,
  ]);
  return { columns, rows };
}

/** One row per sized asset (`plan.assets`), every column of the plan's asset record. */
export function assetsTable(plan: PlanDocument): SheetTable {
  const resources = resourcesOf(plan);
  const columns: TableColumn[] = [
    { header: 'asset' },
    { header: 'host' },
    { header: 'model' },
    { header: 'basis' },
    { header: 'vCPUs', format: 'decimal' },
    { header: 'memory GiB', format: 'decimal' },
    { header: 'allocation assumed' },
    ...resources.map((r): TableColumn => ({ header: `peak ${r}`, format: 'decimal' })),
    ...resources.map((r): TableColumn => ({
      header: `P${plan.input.percentile} ${r}`,
      format: 'decimal',
    })),
    { header: 'cpu factor' },
    { header: 'cpu rating model' },
    { header: 'rating per core', format: 'decimal' },
    { header: 'rating source' },
    ...resources.map((r): TableColumn => ({ header: `coverage ${r} %`, format: 'percent' })),
    { header: 'confidence %', format: 'percent' },
    { header: 'low coverage' },
  ];
  const rows = (plan.assets ?? []).map((a): TableCell[] => [
    a.id,
    a.host,
    a.model,
    a.basis,
    a.allocation.vcpus,
    a.allocation.memoryGiB,
    a.allocationAssumed?.join(', '),
    ...resources.map((r) => a.peak[r]),
    ...resources.map((r) => a.percentileValue[r]),
    a.cpuFactor,
    a.cpuRating?.model,
    a.cpuRating?.perCore,
    a.cpuRating?.source,
    ...resources.map((r) => a.coverage[r]),
    a.confidence,
    yesNo(a.lowCoverage),
  ]);
  return { columns, rows };
}

/** The assets no host could take, with their reasons joined by `; `. */
export function unplacedTable(plan: PlanDocument): SheetTable {
  return {
    columns: [{ header: 'asset' }, { header: 'reasons' }],
    rows: plan.unplaced.map((u) => [u.asset, u.reasons.join('; ')]),
  };
}

/** What the rule set cost, or one line saying the plan was made without one. */
export function rulesTable(plan: PlanDocument): SheetTable {
  const rules = plan.summary.rules;
  const columns: TableColumn[] = [{ header: 'figure' }, { header: 'value' }];
  if (!rules)
    return { columns, rows: [['rule set', 'no rule set: the plan was made without rules']] };
  return {
    columns,
    rows: [
      ['rule set', rules.ruleSet],
      ['hosts without rules', rules.hostsWithoutRules],
      ['extra hosts for the rules', rules.extraHosts],
      ['soft penalty', rules.softPenalty],
      ['servers blocked by rules', rules.blocked],
    ],
  };
}
