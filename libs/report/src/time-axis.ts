import type { PlanDocument } from '@vplan/formats';
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
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
/** 1970-01-05 was a Monday: weekly ticks align to Mondays (epoch seconds). */
const FIRST_MONDAY = 4 * DAY;

/** Options of {@link timeAxisOf}. */
export interface TimeAxisOptions {
  /**
   * IANA time zone (or `UTC`) the axis is drawn in: ticks on local midnights and round
   * local hours (a day across a DST switch is 23 or 25 hours wide), labels in local time
   * with the zone named. Default `UTC`. An hour-of-week grid is shifted by the zone's
   * offset at the plan's start. An unknown zone falls back to UTC (and says so).
   */
  readonly timeZone?: string;
  /**
   * Whether the slots are hours of the week (a weekly profile) rather than a dated period.
   * Default: a percentile below 100, as plan.json version 1 meant it.
   */
  readonly weekly?: boolean;
}

/**
 * The time axis of a plan: slot `i` starts at `start + i × stepSeconds`; on a weekly
 * profile the slots are hours of the week from Monday 00:00 UTC and are labelled by
 * weekday and hour instead of by date. Drawn in UTC unless `options.timeZone` names a zone.
 */
export function timeAxisOf(input: PlanDocument['input'], options: TimeAxisOptions = {}): TimeAxis {
  const { slots, stepSeconds } = input;
  const weekly = options.weekly ?? input.percentile < 100;
  const parsed = Date.parse(input.start);
  // Weekly grids count from Monday 00:00 UTC; any real Monday works as the origin.
  const origin = weekly || Number.isNaN(parsed) ? FIRST_MONDAY : Math.floor(parsed / 1000);
  const requested = options.timeZone?.trim() || 'UTC';
  const iana = IANAZone.create(requested);
  const known = /^(utc|gmt|z)$/i.test(requested) || iana.isValid;
  const named: Zone =
    known && !/^(utc|gmt|z)$/i.test(requested) ? iana : FixedOffsetZone.utcInstance;
  const zoneName = named.type === 'fixed' ? 'UTC' : named.name;
  // A typical week has no date: it is read at the offset of the plan's start.
  const startOffset = named.offset(Number.isNaN(parsed) ? FIRST_MONDAY * 1000 : parsed);
  const zone = weekly && named.type !== 'fixed' ? FixedOffsetZone.instance(startOffset) : named;
  const spanSeconds = slots * stepSeconds;
  const interval =
    TICK_INTERVALS.find((s) => spanSeconds / s <= MAX_TICKS) ??
    Math.ceil(spanSeconds / MAX_TICKS / DAY) * DAY;
  const ticks = tickInstants(origin, origin + spanSeconds, interval, zone).map((t) => ({
    slot: (t - origin) / stepSeconds,
    label: tickLabel(wallSeconds(t, zone), interval, weekly),
  }));
  const suffix = zoneName === 'UTC' ? 'UTC' : offsetText(zone, origin);
  const slotLabel = (i: number): string => {
    const t = origin + i * stepSeconds;
    const wall = wallSeconds(t, zone);
    if (weekly) return `${WEEKDAYS[weekdayOf(wall)] ?? ''} ${formatClock(wall)}`;
    if (zoneName === 'UTC') return formatDateTime(t);
    return `${formatDateTime(wall).replace(/ UTC$/, '')} ${offsetText(zone, t)}`;
  };
  const zoneLabel = weekly && zoneName !== 'UTC' ? `${zoneName}, ${suffix}` : zoneName;
  const fallback = known ? '' : `; unknown time zone "${requested}"`;
  // The grid starts Monday 00:00 UTC, whatever the zone it is shown in.
  const weekStart = zoneName === 'UTC' ? 'Monday 00:00 UTC' : `${slotLabel(0)} ${zoneLabel}`;
  const span = weekly
    ? `a typical week (${slots} slots of ${formatDuration(stepSeconds)} from ${weekStart}${fallback})`
    : `${formatDuration(spanSeconds)} from ${slotLabel(0)} (${slots} slots of ${formatDuration(stepSeconds)}${fallback})`;
  return {
    slots,
    title: weekly ? `Hour of the week (${zoneLabel})` : `Time (${zoneLabel})`,
    weekly,
    ticks,
    slotLabel,
    span,
  };
}

/** Epoch seconds of the wall clock in `zone` at instant `t`, read as if it were UTC. */
function wallSeconds(t: number, zone: Zone): number {
  return t + zone.offset(t * 1000) * 60;
}

/** `+02:00` of the zone at instant `t` (epoch seconds). */
function offsetText(zone: Zone, t: number): string {
  const offset = zone.offset(t * 1000);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offset < 0 ? '−' : '+'}${hh}:${mm}`;
}

/**
 * Tick instants (epoch seconds) in [from, to]: round local hours every `interval` below a
 * day; else local midnights of every n-th day (weeks of n: Mondays), counted from
 * 1970-01-01 (weeks from Monday 1970-01-05) in local days, so ticks sit on round dates.
 */
function tickInstants(from: number, to: number, interval: number, zone: Zone): number[] {
  const ticks: number[] = [];
  const firstDay = Math.floor(wallSeconds(from, zone) / DAY) - 1;
  const lastDay = Math.floor(wallSeconds(to, zone) / DAY) + 1;
  const days = interval / DAY;
  const offsetDays = interval >= 7 * DAY ? FIRST_MONDAY / DAY : 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (interval >= DAY && (((day - offsetDays) % days) + days) % days !== 0) continue;
    const date = new Date(day * DAY * 1000);
    const hours = interval >= DAY ? [0] : hoursOfDay(interval / HOUR);
    for (const hour of hours) {
      const local = DateTime.fromObject(
        {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          hour,
        },
        { zone },
      );
      // An hour inside a spring-forward gap does not exist: no tick (midnight moves on).
      if (local.hour !== hour && hour !== 0) continue;
      const t = local.toSeconds();
      if (t >= from && t <= to && ticks[ticks.length - 1] !== t) ticks.push(t);
    }
  }
  return ticks;
}

function hoursOfDay(step: number): number[] {
  const hours: number[] = [];
  for (let h = 0; h < 24; h += step) hours.push(h);
  return hours;
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
