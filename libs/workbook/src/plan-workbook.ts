import type { Workbook as WorkbookType } from 'exceljs';
import type { PlanDocument } from '@vplan/formats';
import { assetsTable, hostsTable, rulesTable, unplacedTable, type SheetTable } from './plan-sheets';
import { addTableSheet, type TableCell } from './table-sheet';

const FIGURE_COLUMNS = [{ header: 'figure' }, { header: 'value' }];

/** Key figures of the plan, as plan.json states them (nothing recomputed). */
export function summaryTable(plan: PlanDocument): SheetTable {
  const s = plan.summary;
  const rows: TableCell[][] = [
    ['assets', s.assets],
    ['placed', s.placed],
    ['hosts', s.hosts],
    ['lower bound', s.lowerBound],
    ['gap', s.gap],
    ['limiting resource', s.limitingResource],
    ['strategy', s.strategy],
    ['consolidation ratio', s.consolidationRatio],
  ];
  if (s.peakBasedHosts !== undefined) rows.push(['peak-based hosts', s.peakBasedHosts]);
  for (const m of plan.models ?? []) rows.push([`hosts of model ${m.name}`, m.hosts]);
  const e = plan.economics;
  if (e) {
    const unit = e.currency ? ` (${e.currency})` : '';
    rows.push(
      ['objective', e.objective],
      [`cost per month${unit}`, e.total.costPerMonth],
      [`cost per year${unit}`, e.total.costPerYear],
      ['energy kWh per month', e.total.energyKwhPerMonth],
    );
    if (e.savings.vsToday)
      rows.push([`savings vs today per month${unit}`, e.savings.vsToday.costPerMonth]);
  }
  if (plan.today) rows.push(['hosts today', plan.today.hosts], ['hosts in the plan', s.hosts]);
  for (const w of s.warnings ?? []) rows.push(['warning', w]);
  return { columns: FIGURE_COLUMNS, rows };
}

/** Today's estate against the plan: figures from `plan.today` beside the plan's own. */
export function todayTable(plan: PlanDocument): SheetTable | undefined {
  const t = plan.today;
  if (!t) return undefined;
  const vcpus = plan.hosts.reduce((sum, h) => sum + (h.allocation?.vcpus ?? 0), 0);
  return {
    columns: [{ header: 'figure' }, { header: 'today' }, { header: 'plan' }],
    rows: [
      ['hosts', t.hosts, plan.summary.hosts],
      ['cores', t.cores, undefined],
      ['memory GiB', t.memoryGiB, undefined],
      ['VMs', t.vms, plan.summary.placed],
      ['vCPUs', t.vcpus, vcpus],
      ['vCPU per core (max)', t.vcpuPerCore.max, undefined],
      ['vCPU per core (mean)', t.vcpuPerCore.mean, undefined],
      ['memory ratio (max)', t.memoryRatio.max, undefined],
      ['memory ratio (mean)', t.memoryRatio.mean, undefined],
      ['cost per month', t.costPerMonth, plan.economics?.total.costPerMonth],
      ['energy kWh per month', t.energyKwhPerMonth, plan.economics?.total.energyKwhPerMonth],
    ],
  };
}

function todayHostsTable(plan: PlanDocument): SheetTable | undefined {
  if (!plan.today) return undefined;
  return {
    columns: [
      { header: 'host' },
      { header: 'model' },
      { header: 'cluster' },
      { header: 'cpu model' },
      { header: 'cores', format: 'integer' },
      { header: 'memory GiB', format: 'decimal' },
      { header: 'VMs', format: 'integer' },
      { header: 'vCPUs', format: 'integer' },
      { header: 'VM memory GiB', format: 'decimal' },
      { header: 'vCPU per core', format: 'decimal' },
      { header: 'memory ratio', format: 'decimal' },
    ],
    rows: plan.today.hostList.map((h) => [
      h.name,
      h.model,
      h.cluster,
      h.cpuModel,
      h.cores,
      h.memoryGiB,
      h.vms,
      h.vcpus,
      h.vmMemoryGiB,
      h.vcpuPerCore,
      h.memoryRatio,
    ]),
  };
}

/**
 * The plan as an Excel workbook (.xlsx bytes): sheets Summary, Hosts, Assets, Unplaced,
 * Rules and, when the plan describes today's estate, Today vs plan and Today hosts. Every
 * sheet is one table (frozen header, autofilter, number formats); every text cell is made
 * inert by `neutralizeFormula`. Figures are plan.json's, not recomputed.
 */
export async function planToXlsx(plan: PlanDocument): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and the CLI's start should not pay for it.
  const { Workbook } = (await import('exceljs')).default;
  const workbook: WorkbookType = new Workbook();
  workbook.created = new Date(plan.generatedAt);
  const sheets: [string, SheetTable | undefined][] = [
    ['Summary', summaryTable(plan)],
    ['Hosts', hostsTable(plan)],
    ['Assets', assetsTable(plan)],
    ['Unplaced', unplacedTable(plan)],
    ['Rules', rulesTable(plan)],
    ['Today vs plan', todayTable(plan)],
    ['Today hosts', todayHostsTable(plan)],
  ];
  for (const [name, table] of sheets) {
    if (table) addTableSheet(workbook, name, table.columns, table.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
