import type { WeeklyWindow } from '@vplan/domain';

/** Minutes in a week; a {@link WeeklyWindow} of this length is "any time". */
export const MINUTES_PER_WEEK = 7 * 1440;

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const FULL_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ANY = new Set(['any', 'always', '24x7']);

/** A parsed value, or what is wrong with the text (one phrase, for a located message). */
export type ValueOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** How weekly windows are written, for error messages and documentation. */
export const WEEKLY_WINDOW_SYNTAX =
  '"Sun 02:00-06:00", "Sat 23:00-01:00", "Mon-Fri 22:00-23:00", "daily 03:00-04:00", "Sat 22:00-Mon 06:00" or "any", several separated by ";"';

/**
 * Parses weekly maintenance windows: one or more of `Day HH:MM-HH:MM` separated by `;`
 * or `,`. `Day` is `Mon`…`Sun` (or the full name, any case), a range `Mon-Fri`, or
 * `daily`; `24:00` is allowed as an end; an end at or before the start wraps past
 * midnight (`Sat 23:00-01:00` is two hours); an end may name its own day
 * (`Sat 22:00-Mon 06:00`). `any` is the whole week. Windows are minutes from Monday
 * 00:00, in the order written.
 */
export function parseWeeklyWindows(text: string): ValueOutcome<WeeklyWindow[]> {
  const windows: WeeklyWindow[] = [];
  const parts = text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return bad(text);
  for (const part of parts) {
    if (ANY.has(part.toLowerCase())) {
      windows.push({ start: 0, minutes: MINUTES_PER_WEEK });
      continue;
    }
    const parsed = parseOne(part);
    if (parsed === undefined) return bad(part);
    if (typeof parsed === 'string') return { ok: false, message: `"${part}": ${parsed}` };
    windows.push(...parsed);
  }
  return { ok: true, value: windows };
}

function bad(part: string): { ok: false; message: string } {
  return { ok: false, message: `"${part}" is not a weekly window (write ${WEEKLY_WINDOW_SYNTAX})` };
}

const WINDOW =
  /^([a-z]+)(?:\s*-\s*([a-z]+))?\s+(\d{1,2}:\d{2})\s*-\s*(?:([a-z]+)\s+)?(\d{1,2}:\d{2})$/i;

/** Windows of one `Day HH:MM-HH:MM` part; `undefined` when it is not that shape, a string when a part is out of range. */
function parseOne(part: string): WeeklyWindow[] | string | undefined {
  const m = WINDOW.exec(part);
  if (m === null) return undefined;
  const [, fromDay = '', toDay, startText = '', endDay, endText = ''] = m;
  const start = timeOfDay(startText, false);
  const end = timeOfDay(endText, true);
  if (start === undefined) return `start ${startText} is not a time 00:00–23:59`;
  if (end === undefined) return `end ${endText} is not a time 00:00–24:00`;
  const days = dayRange(fromDay, toDay);
  if (days === undefined) return `day must be Mon…Sun, a range such as Mon-Fri, or daily`;
  if (endDay !== undefined) {
    const last = dayIndex(endDay);
    const first = days[0];
    if (last === undefined || days.length !== 1 || first === undefined) {
      return 'a window with an end day starts on a single day';
    }
    const from = first * 1440 + start;
    const minutes = (last * 1440 + end - from + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    return minutes === 0 ? 'the window is empty' : [{ start: from, minutes }];
  }
  if (end === start) return 'start and end are the same time';
  const minutes = end > start ? end - start : end + 1440 - start;
  return days.map((day) => ({ start: day * 1440 + start, minutes }));
}

function timeOfDay(text: string, isEnd: boolean): number | undefined {
  const [h = '', m = ''] = text.split(':');
  const hours = Number(h);
  const minutes = Number(m);
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0 && isEnd) return 1440;
  return hours <= 23 ? hours * 60 + minutes : undefined;
}

function dayIndex(name: string): number | undefined {
  const lower = name.toLowerCase();
  const i = DAYS.findIndex((d, k) => d === lower || FULL_DAYS[k] === lower);
  return i < 0 ? undefined : i;
}

function dayRange(from: string, to: string | undefined): number[] | undefined {
  if (to === undefined && ['daily', 'everyday'].includes(from.toLowerCase())) {
    return [0, 1, 2, 3, 4, 5, 6];
  }
  const first = dayIndex(from);
  const last = to === undefined ? first : dayIndex(to);
  if (first === undefined || last === undefined) return undefined;
  const days: number[] = [];
  for (let d = first; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === last) return days;
  }
}

/**
 * Writes windows in the syntax {@link parseWeeklyWindows} reads, joined by `; `: a
 * window of a week or longer is `any`, one of a day or longer names its end day.
 */
export function formatWeeklyWindows(windows: readonly WeeklyWindow[]): string {
  return windows.map(formatWindow).join('; ');
}

function formatWindow(w: WeeklyWindow): string {
  if (w.minutes >= MINUTES_PER_WEEK) return 'any';
  const start = ((w.start % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const end = (start + w.minutes) % MINUTES_PER_WEEK;
  const from = `${dayName(start)} ${clock(start % 1440)}`;
  if (w.minutes < 1440) {
    // 24:00 keeps "Sun 22:00-24:00" readable (the same as "Sun 22:00-00:00").
    return `${from}-${end % 1440 === 0 ? '24:00' : clock(end % 1440)}`;
  }
  return `${from}-${dayName(end)} ${clock(end % 1440)}`;
}

function dayName(minute: number): string {
  return DAY_NAMES[Math.floor(minute / 1440)] ?? 'Mon';
}

function clock(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
