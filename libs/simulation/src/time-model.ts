import type { TimeGrid } from '@vplan/domain';

/** Day-of-week and month-end facts about one local calendar day. */
export interface DayInfo {
  /** 0 = Monday … 6 = Sunday. */
  readonly dayOfWeek: number;
  /** The last two or first two days of a month, when closing jobs run. */
  readonly monthEnd: boolean;
}

const SECONDS_PER_DAY = 86_400;

/** Slots per day at the grid's step (the step divides a day; see generateEstate). */
export function slotsPerDay(grid: TimeGrid): number {
  return SECONDS_PER_DAY / grid.stepSeconds;
}

/**
 * Facts about local day `day` (days since 1970-01-01 in the local time zone).
 * Pure calendar arithmetic: `Date` is used only to convert a day number to a date.
 */
export function dayInfo(day: number): DayInfo {
  const date = new Date(day * SECONDS_PER_DAY * 1000);
  const dayOfMonth = date.getUTCDate();
  const daysInMonth = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return {
    dayOfWeek: (((day + 3) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    monthEnd: dayOfMonth >= daysInMonth - 1 || dayOfMonth <= 2,
  };
}

/**
 * A curve over one day, linearly interpolated per slot from knots given as a flat list
 * `hour, level, hour, level, …` (from 0 to 24 hours).
 */
function dayCurve(perDay: number, knots: readonly number[]): Float32Array {
  const curve = new Float32Array(perDay);
  for (let s = 0; s < perDay; s++) {
    const hour = ((s + 0.5) * 24) / perDay;
    let k = 2;
    while (k < knots.length - 2 && (knots[k] ?? 24) <= hour) k += 2;
    const h0 = knots[k - 2] ?? 0;
    const v0 = knots[k - 1] ?? 0;
    const h1 = knots[k] ?? 24;
    const v1 = knots[k + 1] ?? 0;
    curve[s] = v0 + ((v1 - v0) * (hour - h0)) / (h1 - h0);
  }
  return curve;
}

/** Office hours (hour, level pairs): ramp from 07:00, peaks mid-morning and mid-afternoon, a lunch dip. */
const OFFICE_KNOTS = [
  0, 0.02, 6, 0.02, 7, 0.12, 8, 0.55, 9, 0.9, 10, 1, 11, 0.97, 12, 0.75, 12.5, 0.65, 13, 0.72, 13.5,
  0.88, 14.5, 0.95, 15.5, 0.9, 16.5, 0.78, 17.5, 0.45, 18.5, 0.25, 20, 0.15, 22, 0.06, 23, 0.03, 24,
  0.02,
];

/** Consumer-facing (hour, level pairs): busy all day, highest in the evening. */
const CONSUMER_KNOTS = [
  0, 0.15, 2, 0.06, 6, 0.05, 8, 0.3, 10, 0.55, 12, 0.65, 13, 0.6, 17, 0.6, 19, 0.8, 20.5, 1, 22,
  0.7, 23.5, 0.3, 24, 0.15,
];

/** Weekday factors, Monday first: offices are quiet at weekends, shops are not. */
const OFFICE_WEEK = [1, 1.02, 1, 0.97, 0.88, 0.1, 0.07] as const;
const CONSUMER_WEEK = [0.9, 0.88, 0.9, 0.95, 1, 1.1, 1.05] as const;

export type DailyPattern = 'office' | 'consumer';

/** Where the users of a server are: their offset from UTC and their share of the load. */
export interface UserRegion {
  readonly offsetSlots: number;
  readonly weight: number;
}

/**
 * A week of relative activity (0…≈1) indexed by UTC slot of the week, Monday 00:00 UTC
 * first, summed over the user regions (each in its own local time).
 */
export function weeklyTemplate(
  grid: TimeGrid,
  pattern: DailyPattern,
  regions: readonly UserRegion[],
): Float32Array {
  const perDay = slotsPerDay(grid);
  const perWeek = 7 * perDay;
  const curve = dayCurve(perDay, pattern === 'office' ? OFFICE_KNOTS : CONSUMER_KNOTS);
  const week = pattern === 'office' ? OFFICE_WEEK : CONSUMER_WEEK;
  const template = new Float32Array(perWeek);
  for (const { offsetSlots, weight } of regions) {
    for (let s = 0; s < perWeek; s++) {
      const local = (((s + offsetSlots) % perWeek) + perWeek) % perWeek;
      const day = Math.floor(local / perDay);
      template[s] =
        (template[s] ?? 0) + weight * (week[day] ?? 1) * (curve[local - day * perDay] ?? 0);
    }
  }
  return template;
}

/** Index into a weekly template (Monday-first, UTC) of slot 0 of the grid. */
export function weekSlotOfStart(grid: TimeGrid): number {
  const perWeek = 7 * slotsPerDay(grid);
  return (((grid.origin + 3 * slotsPerDay(grid)) % perWeek) + perWeek) % perWeek;
}

/** Mean of an array (0 for an empty one). */
export function mean(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return values.length === 0 ? 0 : sum / values.length;
}
