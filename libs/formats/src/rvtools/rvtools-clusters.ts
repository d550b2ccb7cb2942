import type { TodayCluster } from '@vplan/domain';
import { sheetRows, type MappedSheet, type RowReader } from './rvtools-sheet';

/**
 * Today's clusters from the vCluster sheet, the first row of each name kept. Booleans are
 * `True`/`False` text or boolean cells; anything else is an error naming the cell.
 */
export function readClusters(file: string, m: MappedSheet): TodayCluster[] {
  const out: TodayCluster[] = [];
  const seen = new Set<string>();
  for (const r of sheetRows(file, m)) {
    const name = r.text('name');
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const c: { -readonly [K in keyof TodayCluster]: TodayCluster[K] } = { name };
    const set = <K extends keyof TodayCluster>(key: K, v: TodayCluster[K] | undefined) => {
      if (v !== undefined) c[key] = v;
    };
    set('haEnabled', r.bool('haEnabled', true));
    set('failoverLevel', count(r, m, 'failoverLevel'));
    set('admissionControl', r.bool('admissionControl', true));
    set('drsEnabled', r.bool('drsEnabled', true));
    set('hosts', count(r, m, 'hosts'));
    out.push(c);
  }
  return out;
}

/** A cell holding a count (hosts, host failures): a whole number, not negative. */
function count(r: RowReader, m: MappedSheet, field: string): number | undefined {
  const n = r.number(field);
  if (n !== undefined && (n < 0 || !Number.isInteger(n)))
    throw r.error(m.index[field] as number, `expected a whole number, found ${n}`);
  return n;
}

/** One line for `baseline.notes`: `vCluster: 3 clusters, HA on 2 (failover level 1)`. */
export function clustersNote(clusters: readonly TodayCluster[]): string {
  const n = clusters.length;
  if (n === 0) return 'vCluster: no clusters';
  const head = `vCluster: ${n} cluster${n === 1 ? '' : 's'}`;
  const known = clusters.filter((c) => c.haEnabled !== undefined);
  if (known.length === 0) return `${head}, HA not given`;
  const on = known.filter((c) => c.haEnabled === true);
  const levels = [
    ...new Set(on.flatMap((c) => (c.failoverLevel === undefined ? [] : [c.failoverLevel]))),
  ].sort((a, b) => a - b);
  const level =
    levels.length === 0
      ? ''
      : ` (failover level${levels.length === 1 ? '' : 's'} ${levels.join(', ')})`;
  const unknown = n - known.length;
  return `${head}, HA on ${on.length}${level}${unknown > 0 ? `, HA not given for ${unknown}` : ''}`;
}
