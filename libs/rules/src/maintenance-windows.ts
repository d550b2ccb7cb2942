import type { WeeklyWindow } from '@vplan/domain';
import { resolveZone } from './time-zones';

/** Minutes in a week; window starts are minutes from Monday 00:00. */
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * The default reference instant of rule evaluation: Monday 2025-01-06 00:00 UTC. A pair
 * rule on maintenance windows holds over the reference year that starts here (see
 * `scheduleOverlapMinutes`); callers that plan a period pass its start instead. Fixed,
 * never the clock, so that the same inputs give the same answer.
 */
export const TIMEZONE_REFERENCE_UTC_MS = Date.UTC(2025, 0, 6);

/** A half-open interval of minutes from Monday 00:00 UTC, within [0, MINUTES_PER_WEEK]. */
export interface MinuteInterval {
  readonly start: number;
  readonly end: number;
}

/**
 * UTC offset in minutes (local = UTC + offset) of a zone (see `resolveZone`: UTC,
 * `±HH:MM`, or an IANA name read through Luxon) at the instant `at` (epoch ms; default
 * {@link TIMEZONE_REFERENCE_UTC_MS}). Undefined when the zone is unknown.
 */
export function utcOffsetMinutes(
  zone: string | undefined,
  at: number = TIMEZONE_REFERENCE_UTC_MS,
): number | undefined {
  const resolved = resolveZone(zone);
  return resolved.ok ? resolved.zone.offset(at) : undefined;
}

/**
 * Weekly windows given in `zone` as sorted, merged intervals of UTC minutes from Monday
 * 00:00, with the zone's offset at the instant `at` (epoch ms; default
 * {@link TIMEZONE_REFERENCE_UTC_MS}) held for the whole week. An unknown zone is taken
 * as UTC (callers that must know resolve the zone first).
 */
export function utcIntervals(
  windows: readonly WeeklyWindow[],
  zone: string | undefined,
  at: number = TIMEZONE_REFERENCE_UTC_MS,
): MinuteInterval[] {
  return utcIntervalsAtOffset(windows, utcOffsetMinutes(zone, at) ?? 0);
}

/**
 * Weekly windows at a fixed UTC offset (minutes, local = UTC + offset) as sorted, merged
 * intervals of UTC minutes from Monday 00:00 (windows that wrap past Sunday 24:00 are
 * split). Windows of a week or more cover the whole week.
 */
export function utcIntervalsAtOffset(
  windows: readonly WeeklyWindow[],
  offset: number,
): MinuteInterval[] {
  const raw: MinuteInterval[] = [];
  for (const window of windows) {
    if (!(window.minutes > 0)) continue;
    if (window.minutes >= MINUTES_PER_WEEK) return [{ start: 0, end: MINUTES_PER_WEEK }];
    const start = mod(window.start - offset, MINUTES_PER_WEEK);
    const end = start + window.minutes;
    if (end <= MINUTES_PER_WEEK) raw.push({ start, end });
    else raw.push({ start, end: MINUTES_PER_WEEK }, { start: 0, end: end - MINUTES_PER_WEEK });
  }
  raw.sort((x, y) => x.start - y.start || x.end - y.end);
  const merged: MinuteInterval[] = [];
  for (const interval of raw) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else merged.push(interval);
  }
  return merged;
}

/**
 * The longest contiguous stretch, in minutes, during which both window sets are open
 * (across the Sunday/Monday boundary too): the time one host maintenance can take.
 */
export function longestCommonMinutes(
  a: readonly MinuteInterval[],
  b: readonly MinuteInterval[],
): number {
  const common: MinuteInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as MinuteInterval;
    const y = b[j] as MinuteInterval;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) common.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  if (common.length === 0) return 0;
  let longest = 0;
  for (const c of common) longest = Math.max(longest, c.end - c.start);
  const first = common[0] as MinuteInterval;
  const last = common[common.length - 1] as MinuteInterval;
  if (common.length > 1 && first.start === 0 && last.end === MINUTES_PER_WEEK)
    longest = Math.max(longest, first.end - first.start + last.end - last.start);
  return longest;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `Sat 22:00+240m` per interval, `;`-joined, for signatures and explanations. */
export function formatIntervals(intervals: readonly MinuteInterval[]): string {
  return intervals
    .map(({ start, end }) => {
      const day = DAYS[Math.floor(start / 1440)] ?? '?';
      const hh = String(Math.floor((start % 1440) / 60)).padStart(2, '0');
      const mm = String(start % 60).padStart(2, '0');
      return `${day} ${hh}:${mm}+${end - start}m`;
    })
    .join(';');
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
