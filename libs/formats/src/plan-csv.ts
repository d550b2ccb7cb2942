import { neutralizeFormula } from './cell-text';
import { formatCsvRow } from './csv';
import type { PlanAsset, PlanDocument } from './plan-json';

/** Header of the plan CSV export: placement, then how each asset was sized. */
export const PLAN_CSV_HEADER = [
  'asset',
  'host',
  'status',
  'reason',
  'sizing_basis',
  'vcpus',
  'memory_gib',
  'peak_cpu_mhz',
  'peak_memory_gib',
  'percentile_cpu_mhz',
  'percentile_memory_gib',
  'cpu_factor',
  'cpu_rating',
  'cpu_rating_source',
  'coverage_cpu',
  'coverage_memory',
  'confidence',
  'low_coverage',
  'host_model',
  'existing_host',
] as const;

const fixed = (v: number | undefined, digits: number): string =>
  v === undefined ? '' : String(Number(v.toFixed(digits)));

/** The sizing columns of one asset (empty when the plan has no sizing for it). */
function sizingCells(asset: PlanAsset | undefined): string[] {
  if (!asset) return Array.from({ length: PLAN_CSV_HEADER.length - 6 }, () => '');
  return [
    asset.basis,
    fixed(asset.allocation.vcpus, 2),
    fixed(asset.allocation.memoryGiB, 3),
    fixed(asset.peak.cpu, 2),
    fixed(asset.peak.memory, 3),
    fixed(asset.percentileValue.cpu, 2),
    fixed(asset.percentileValue.memory, 3),
    fixed(asset.cpuFactor, 4),
    asset.cpuRating ? `${asset.cpuRating.model} (${fixed(asset.cpuRating.perGHz, 3)}/GHz)` : '',
    asset.cpuRating?.source ?? '',
    fixed(asset.coverage.cpu, 4),
    fixed(asset.coverage.memory, 4),
    fixed(asset.confidence, 4),
    asset.lowCoverage ? 'yes' : 'no',
  ];
}

/**
 * The plan as CSV, one row per asset (header {@link PLAN_CSV_HEADER}). Placed assets come
 * first, host by host in plan order (`status` = `placed`, empty `reason`); then unplaced
 * assets with an empty `host`, `status` = `unplaced` and their reasons joined by `; `.
 * The last columns name each placed asset's host model and, with keep-existing, the host of
 * today that plan host reuses.
 * The sizing columns come from `plan.assets` (empty for a plan upgraded from version 1).
 * Fields are quoted per RFC 4180 when needed, and a cell that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@`, tab, CR first; not a plain number) is prefixed with `'`
 * by `neutralizeFormula`; lines end with `\n`.
 */
export function planToCsv(plan: PlanDocument): string {
  const sized = new Map((plan.assets ?? []).map((a) => [a.id, a] as const));
  const lines = [formatCsvRow(PLAN_CSV_HEADER)];
  for (const host of plan.hosts) {
    for (const asset of host.assets) {
      lines.push(
        row([asset, host.id, 'placed', ''], sized.get(asset), [
          host.model ?? plan.hostModel.name,
          host.existing ?? '',
        ]),
      );
    }
  }
  for (const unplaced of plan.unplaced) {
    lines.push(
      row(
        [unplaced.asset, '', 'unplaced', unplaced.reasons.join('; ')],
        sized.get(unplaced.asset),
        ['', ''],
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function row(
  head: readonly string[],
  asset: PlanAsset | undefined,
  tail: readonly string[],
): string {
  return formatCsvRow([...head, ...sizingCells(asset), ...tail].map(neutralizeFormula));
}
