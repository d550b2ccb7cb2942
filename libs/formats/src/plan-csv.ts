import { formatCsvRow } from './csv';
import type { PlanDocument } from './plan-json';

/** Header of the plan CSV export. */
export const PLAN_CSV_HEADER = ['asset', 'host', 'status', 'reason'] as const;

/**
 * The plan as CSV, one row per asset: `asset,host,status,reason`. Placed assets come
 * first, host by host in plan order (`status` = `placed`, empty `reason`); then unplaced
 * assets with an empty `host`, `status` = `unplaced` and their reasons joined by `; `.
 * Fields are quoted per RFC 4180 when needed; lines end with `\n`, the last one too.
 */
export function planToCsv(plan: PlanDocument): string {
  const lines = [formatCsvRow(PLAN_CSV_HEADER)];
  for (const host of plan.hosts) {
    for (const asset of host.assets) lines.push(formatCsvRow([asset, host.id, 'placed', '']));
  }
  for (const unplaced of plan.unplaced) {
    lines.push(formatCsvRow([unplaced.asset, '', 'unplaced', unplaced.reasons.join('; ')]));
  }
  return `${lines.join('\n')}\n`;
}
