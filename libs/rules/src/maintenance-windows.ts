import type { WeeklyWindow } from '@vplan/domain';

/** Minutes in a week; window starts are minutes from Monday 00:00. */
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * The instant at which IANA time zones are resolved to a fixed UTC offset: Monday
 * 2025-01-06 12:00 UTC. Windows are weekly, so one offset per zone is used for the whole
 * week; a January reference means standard time in the northern hemisphere and summer
 * time in the southern one (a window shifts by the DST difference in the other season).
 */
export const TIMEZONE_REFERENCE_UTC_MS = Date.UTC(2025, 0, 6, 12, 0);

/** A half-open interval of minutes from Monday 00:00 UTC, within [0, MINUTES_PER_WEEK]. */
export interface MinuteInterval {
  readonly start: number;
  readonly end: number;
}

const OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const offsets = new Map<string, number | undefined>();

/**
 * UTC offset in minutes (local = UTC + offset) of a zone given as `UTC`/`GMT`/`Z`,
 * `±HH:MM`/`±HHMM`/`±HH` (optionally after `UTC`), or an IANA name resolved with
 * `Intl.DateTimeFormat` at {@link TIMEZONE_REFERENCE_UTC_MS}. Undefined when unknown.
 * An absent or empty zone is UTC.
 */
export function utcOffsetMinutes(zone: string | undefined): number | undefined {
  const text = (zone ?? '').trim();
  if (text === '' || /^(utc|gmt|z)$/i.test(text)) return 0;
  if (offsets.has(text)) return offsets.get(text);
  let offset: number | undefined;
  const match = OFFSET.exec(text);
  if (match) {
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
    offset = minutes <= 18 * 60 ? (match[1] === '-' ? -minutes : minutes) : undefined;
  } else {
    offset = ianaOffset(text);
  }
  offsets.set(text, offset);
  return offset;
}

function ianaOffset(zone: string): number | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    return undefined;
  }
  const part = (type: string): number =>
    Number(format.formatToParts(TIMEZONE_REFERENCE_UTC_MS).find((p) => p.type === type)?.value);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  return Math.round((local - TIMEZONE_REFERENCE_UTC_MS) / 60_000);
}

/**
 * Weekly windows given in `zone` as sorted, merged intervals of UTC minutes from Monday
 * 00:00 (windows that wrap past Sunday 24:00 are split). An unknown zone is taken as
 * UTC. Windows of a week or more cover the whole week.
 */
export function utcIntervals(
  windows: readonly WeeklyWindow[],
  zone: string | undefined,
): MinuteInterval[] {
  const offset = utcOffsetMinutes(zone) ?? 0;
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
