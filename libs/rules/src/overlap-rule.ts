import type { AssetView } from './asset-view';
import type { CompiledPairRule } from './compiled-rule-set';
import type { YearOverlap } from './window-overlap';
import { scheduleOverlapMinutes } from './window-overlap';

/**
 * `overlap`: fires when the longest common stretch in the weakest week of the reference
 * year is shorter than `min` minutes, or when a zone is unknown (nothing can be checked).
 */
export function compileOverlap(
  base: Omit<CompiledPairRule, 'present' | 'applies' | 'fires' | 'detail'>,
  min: number,
  matches: (view: AssetView) => boolean,
): CompiledPairRule {
  const has = (v: AssetView): boolean => v.schedule() !== undefined;
  const common = (a: AssetView, b: AssetView): YearOverlap | string => {
    const sa = a.schedule();
    const sb = b.schedule();
    if (sa === undefined || sb === undefined) return 'no maintenance window';
    if (!sa.ok) return `${a.id}: ${sa.message}`;
    if (!sb.ok) return `${b.id}: ${sb.message}`;
    return scheduleOverlapMinutes(sa.schedule, sb.schedule);
  };
  return {
    ...base,
    present: has,
    applies: (v) => matches(v) && has(v),
    fires: (a, b) => {
      const overlap = common(a, b);
      return typeof overlap === 'string' || overlap.minutes < min;
    },
    detail: (a, b, outcome) => {
      if (outcome === 'not-applicable')
        return `no maintenance window on ${has(a) ? b.id : has(b) ? a.id : 'both'}`;
      const overlap = common(a, b);
      if (typeof overlap === 'string') return `maintenance windows cannot be compared: ${overlap}`;
      const week = overlap.constant
        ? ''
        : ` in the week from ${new Date(overlap.weakestWeek).toISOString().slice(0, 10)}`;
      return (
        `maintenance windows overlap ${overlap.minutes} min${week} (${outcome === 'fires' ? 'less than' : 'at least'} ${min}): ` +
        `${a.display(base.attribute)} vs ${b.display(base.attribute)}`
      );
    },
  };
}
