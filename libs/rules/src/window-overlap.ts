import type { WeeklyWindow } from '@vplan/domain';
import { DateTime, type Zone } from 'luxon';
import {
  formatIntervals,
  longestCommonMinutes,
  MINUTES_PER_WEEK,
  TIMEZONE_REFERENCE_UTC_MS,
  utcIntervalsAtOffset,
} from './maintenance-windows';
import type { OffsetPhase } from './time-zones';
import { offsetAt, offsetPhases, resolveZone } from './time-zones';

const MINUTE_MS = 60_000;
const DAY_MS = 1440 * MINUTE_MS;
/** A week in milliseconds. */
export const WEEK_MS = 7 * DAY_MS;
/** Weeks of the reference year: 53 weeks starting at the reference instant cover 365 days. */
export const REFERENCE_WEEKS = 53;

/**
 * Weekly windows in a zone, prepared for one reference year: the zone's offsets over
 * it (through Luxon) and a canonical key. Two schedules with the same key are open at
 * the same instants in every week of the reference year.
 */
export interface MaintenanceSchedule {
  readonly windows: readonly WeeklyWindow[];
  readonly zone: Zone;
  /** Start of the reference period, epoch ms. */
  readonly reference: number;
  /** Weeks of the reference period ({@link REFERENCE_WEEKS} for a year). */
  readonly weeks: number;
  /** Offsets from a week before the reference to a week after its last week. */
  readonly phases: readonly OffsetPhase[];
  /**
   * The windows in UTC at the reference instant (`Sun 01:00+240m UTC`), followed, when
   * the zone changes offset during the year, by each shift in minutes and when it holds
   * (`, -60m 2025-03-30 01:00–2025-10-26 01:00 UTC`: an hour earlier in UTC in summer).
   */
  readonly key: string;
}

/** A schedule, or why its zone is unknown. */
export type ScheduleOutcome =
  | { readonly ok: true; readonly schedule: MaintenanceSchedule }
  | { readonly ok: false; readonly message: string };

/** Minutes both window sets are open, or why it cannot be known (an unknown zone). */
export type OverlapOutcome =
  | { readonly ok: true; readonly minutes: number }
  | { readonly ok: false; readonly message: string };

/**
 * Prepares weekly windows written in `zone` (see `resolveZone`) for the `weeks` weeks
 * (default {@link REFERENCE_WEEKS}, a year) that start at `reference` (epoch ms; default
 * {@link TIMEZONE_REFERENCE_UTC_MS}).
 */
export function maintenanceSchedule(
  windows: readonly WeeklyWindow[],
  zone: string | undefined,
  reference: number = TIMEZONE_REFERENCE_UTC_MS,
  weeks: number = REFERENCE_WEEKS,
): ScheduleOutcome {
  const resolved = resolveZone(zone);
  if (!resolved.ok) return resolved;
  const phases = offsetPhases(
    resolved.zone,
    reference - WEEK_MS,
    reference + (weeks + 1) * WEEK_MS,
  );
  const base = offsetAt(phases, reference);
  const shifts: string[] = [];
  phases.forEach((p, i) => {
    const shift = base - p.offset;
    if (shift === 0) return;
    const next = phases[i + 1];
    const from = i === 0 ? '' : utcText(p.from);
    shifts.push(`${shift > 0 ? '+' : ''}${shift}m ${from}–${next ? utcText(next.from) : ''}`);
  });
  const utc = formatIntervals(utcIntervalsAtOffset(windows, base));
  const key = `${utc} UTC${shifts.length > 0 ? `, ${shifts.join(', ')} UTC` : ''}`;
  return { ok: true, schedule: { windows, zone: resolved.zone, reference, weeks, phases, key } };
}

/**
 * The longest stretch, in minutes, during which both window sets are open in the week
 * [weekOf, weekOf + 7 days) (epoch ms), with each zone's real offsets of that week
 * (Luxon): a window is the real time between its local start and end; a start or end in
 * a spring-forward gap moves to the end of the gap (the window shrinks, and vanishes
 * when it lies inside the gap), and an ambiguous autumn wall time is read in the later
 * offset, the one after the switch. A stretch counts for the week it starts in (a stretch
 * across Sunday/Monday is one), and is at most a week.
 */
export function windowOverlapMinutes(
  a: readonly WeeklyWindow[],
  zoneA: string | undefined,
  b: readonly WeeklyWindow[],
  zoneB: string | undefined,
  weekOf: number,
): OverlapOutcome {
  const sa = maintenanceSchedule(a, zoneA, weekOf, 1);
  if (!sa.ok) return sa;
  const sb = maintenanceSchedule(b, zoneB, weekOf, 1);
  if (!sb.ok) return sb;
  return { ok: true, minutes: exactWeekMinutes(sa.schedule, sb.schedule, weekOf, false) ?? 0 };
}

/** The overlap of two schedules over their reference year (see {@link scheduleOverlapMinutes}). */
export interface YearOverlap {
  /** The least of the weekly overlaps, in minutes. */
  readonly minutes: number;
  /** Start of the first week with that least overlap, epoch ms. */
  readonly weakestWeek: number;
  /** Whether every week of the year has the same overlap. */
  readonly constant: boolean;
}

const yearCache = new Map<string, YearOverlap>();
const MAX_CACHED = 200_000;

/**
 * The overlap of two schedules (of the same reference and weeks) over the reference
 * year: the least, over its 53 weeks starting at the reference instant, of
 * {@link windowOverlapMinutes}. Maintenance recurs every week, so a pair overlaps only
 * as much as it does in its weakest week. A week in which one side is not open at all
 * (its only window lies in a spring-forward gap: `Sun 02:00-03:00` in Europe on the last
 * Sunday of March) asks nothing of the other and is skipped, so that equal windows
 * always overlap fully. Weeks in which neither zone changes offset
 * (within a week either side) are decided once per combination of the two offsets on
 * fixed-offset intervals; only the few weeks around a switch are computed instant by
 * instant. Cached by the pair of keys.
 */
export function scheduleOverlapMinutes(
  a: MaintenanceSchedule,
  b: MaintenanceSchedule,
): YearOverlap {
  const cacheKey = `${a.reference}|${a.weeks}|${a.key < b.key ? `${a.key}|${b.key}` : `${b.key}|${a.key}`}`;
  const cached = yearCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const switches = [...a.phases.slice(1), ...b.phases.slice(1)].map((p) => p.from);
  const steady = new Map<string, number>();
  let minutes = Infinity;
  let weakestWeek = a.reference;
  let first: number | undefined;
  let constant = true;
  for (let k = 0; k < a.weeks; k++) {
    const week = a.reference + k * WEEK_MS;
    let value: number | undefined;
    if (switches.some((t) => t >= week - WEEK_MS && t < week + 2 * WEEK_MS)) {
      value = exactWeekMinutes(a, b, week, true);
      if (value === undefined) continue;
    } else {
      const offsets = `${offsetAt(a.phases, week)},${offsetAt(b.phases, week)}`;
      let known = steady.get(offsets);
      if (known === undefined) {
        known = longestCommonMinutes(
          utcIntervalsAtOffset(a.windows, offsetAt(a.phases, week)),
          utcIntervalsAtOffset(b.windows, offsetAt(b.phases, week)),
        );
        steady.set(offsets, known);
      }
      value = known;
    }
    first ??= value;
    if (value !== first) constant = false;
    if (value < minutes) {
      minutes = value;
      weakestWeek = week;
    }
  }
  const result = { minutes: minutes === Infinity ? 0 : minutes, weakestWeek, constant };
  if (yearCache.size >= MAX_CACHED) yearCache.clear();
  yearCache.set(cacheKey, result);
  return result;
}

/** An interval of instants, epoch ms, half-open. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * {@link windowOverlapMinutes} on schedules; with `skipClosed`, undefined when a side is
 * not open at all in the week (its only window fell in a spring-forward gap).
 */
function exactWeekMinutes(
  a: MaintenanceSchedule,
  b: MaintenanceSchedule,
  week: number,
  skipClosed: boolean,
): number | undefined {
  const from = week - WEEK_MS;
  const to = week + 2 * WEEK_MS;
  const x = occurrences(a, from, to);
  const y = occurrences(b, from, to);
  const open = (spans: readonly Span[]): boolean =>
    spans.some((s) => s.end > week && s.start < week + WEEK_MS);
  if (skipClosed && !(open(x) && open(y))) return undefined;
  let longest = 0;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as Span;
    const q = y[j] as Span;
    const start = Math.max(p.start, q.start);
    const end = Math.min(p.end, q.end);
    // A stretch clipped at `from` began a week or more before: it is open all week.
    const counts = (start >= week && start < week + WEEK_MS) || (start === from && end > week);
    if (end > start && counts) longest = Math.max(longest, end - start);
    if (p.end < q.end) i++;
    else j++;
  }
  return Math.min(MINUTES_PER_WEEK, Math.round(longest / MINUTE_MS));
}

const occurrenceCache = new Map<string, readonly Span[]>();

/** Every opening of the schedule that meets [from, to), clipped to it, merged, in order. */
function occurrences(s: MaintenanceSchedule, from: number, to: number): readonly Span[] {
  const cacheKey = `${s.reference}|${s.weeks}|${s.key}|${from}`;
  const cached = occurrenceCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const raw: Span[] = [];
  if (s.windows.some((w) => w.minutes >= MINUTES_PER_WEEK)) raw.push({ start: from, end: to });
  const localDay = Math.floor((from + offsetAt(s.phases, from) * MINUTE_MS) / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: Monday of the local week holding `from`.
  const monday = (localDay - ((localDay + 3) % 7)) * DAY_MS;
  for (let week = -1; week <= 3; week++) {
    for (const w of s.windows) {
      if (!(w.minutes > 0) || w.minutes >= MINUTES_PER_WEEK) continue;
      const local = monday + week * WEEK_MS + w.start * MINUTE_MS;
      const start = Math.max(from, instantOf(s, local));
      const end = Math.min(to, instantOf(s, local + w.minutes * MINUTE_MS));
      if (end > start) raw.push({ start, end });
    }
  }
  raw.sort((p, q) => p.start - q.start || p.end - q.end);
  const merged: Span[] = [];
  for (const span of raw) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  if (occurrenceCache.size >= MAX_CACHED) occurrenceCache.clear();
  occurrenceCache.set(cacheKey, merged);
  return merged;
}

/**
 * The instant of a wall-clock time (`local`: epoch ms as if the wall time were UTC).
 * Within two days of a switch Luxon decides (gaps and repeated hours); elsewhere the
 * offset is constant and plain arithmetic gives the same answer.
 */
function instantOf(s: MaintenanceSchedule, local: number): number {
  const near = s.phases.some((p, i) => i > 0 && Math.abs(p.from - local) < 2 * DAY_MS);
  if (!near) return local - offsetAt(s.phases, local) * MINUTE_MS;
  const wall = new Date(local);
  return DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    },
    { zone: s.zone },
  ).toMillis();
}

function utcText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
