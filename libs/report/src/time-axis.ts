import type { PlanDocument } from '@vplan/formats';
import {
  WEEKDAYS,
  formatClock,
  formatDateTime,
  formatDay,
  formatDuration,
  weekdayOf,
} from './format';

/** A tick on the time axis: `slot` is a (fractional) slot boundary, 0 = start of slot 0. */
export interface TimeTick {
  readonly slot: number;
  readonly label: string;
}

/** How slots of the planned grid map to instants and labels. */
export interface TimeAxis {
  readonly slots: number;
  /** Axis title, e.g. `Time (UTC)` or `Hour of the week (UTC)`. */
  readonly title: string;
  /** Whether slots are hours of a typical week rather than real instants. */
  readonly weekly: boolean;
  /** At most about eight ticks, on round instants (midnights, whole hours). */
  readonly ticks: readonly TimeTick[];
  /** Human label of the start of slot `i`, e.g. `Tue 14:00` or `2024-06-04 14:05 UTC`. */
  slotLabel(i: number): string;
  /** Human description of the whole grid, e.g. `30 days from 2024-06-03 00:00 UTC`. */
  readonly span: string;
}

const HOUR = 3600;
const DAY = 86400;
const TICK_INTERVALS = [
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
];
const MAX_TICKS = 8;
/** 1970-01-05 was a Monday: weekly ticks align to Mondays. */
const FIRST_MONDAY = 4 * DAY;

/**
 * The time axis of a plan: slot `i` starts at `start + i × stepSeconds`; with a percentile
 * below 100 the slots are hours of the week from Monday 00:00 and are labelled by weekday
 * and hour instead of by date.
 */
export function timeAxisOf(input: PlanDocument['input']): TimeAxis {
  const { slots, stepSeconds } = input;
  const weekly = input.percentile < 100;
  const parsed = Date.parse(input.start);
  // Weekly grids count from Monday 00:00 UTC; any real Monday works as the origin.
  const origin = weekly || Number.isNaN(parsed) ? FIRST_MONDAY : Math.floor(parsed / 1000);
  const spanSeconds = slots * stepSeconds;
  const interval =
    TICK_INTERVALS.find((s) => spanSeconds / s <= MAX_TICKS) ??
    Math.ceil(spanSeconds / MAX_TICKS / DAY) * DAY;
  const align = interval >= 7 * DAY ? FIRST_MONDAY : 0;
  const first = Math.ceil((origin - align) / interval) * interval + align;
  const ticks: TimeTick[] = [];
  for (let t = first; t <= origin + spanSeconds; t += interval) {
    ticks.push({ slot: (t - origin) / stepSeconds, label: tickLabel(t, interval, weekly) });
  }
  const slotLabel = (i: number): string => {
    const t = origin + i * stepSeconds;
    return weekly ? `${WEEKDAYS[weekdayOf(t)] ?? ''} ${formatClock(t)}` : formatDateTime(t);
  };
  const span = weekly
    ? `a typical week (${slots} slots of ${formatDuration(stepSeconds)} from Monday 00:00 UTC)`
    : `${formatDuration(spanSeconds)} from ${formatDateTime(origin)} (${slots} slots of ${formatDuration(stepSeconds)})`;
  return {
    slots,
    title: weekly ? 'Hour of the week (UTC)' : 'Time (UTC)',
    weekly,
    ticks,
    slotLabel,
    span,
  };
}

function tickLabel(t: number, interval: number, weekly: boolean): string {
  const midnight = ((t % DAY) + DAY) % DAY === 0;
  if (weekly) {
    const day = WEEKDAYS[weekdayOf(t)] ?? '';
    return midnight ? day : interval < DAY ? formatClock(t) : `${day} ${formatClock(t)}`;
  }
  if (interval >= DAY || midnight) return formatDay(t);
  return formatClock(t);
}
