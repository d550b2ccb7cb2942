import type { TimeGrid } from '@vplan/domain';
import { IANAZone } from 'luxon';

const DAY_SECONDS = 86_400;
const shifts = new Map<string, Int16Array | null>();
const MAX_REMEMBERED = 256;

/**
 * Per grid slot, how many slots a zone's clock is ahead of its standard offset
 * (`standardMinutes`, local = UTC + offset) at the start of the slot: 0 in winter, one
 * hour of slots in summer (Luxon reads the IANA rules). Null when the offset stays
 * standard over the whole grid (no daylight saving in it), so callers skip the work.
 * Cached per zone and grid. An unknown zone counts as standard all along.
 */
export function daylightShiftSlots(
  timeZone: string,
  standardMinutes: number,
  grid: TimeGrid,
): Int16Array | null {
  const key = `${timeZone}|${standardMinutes}|${grid.origin}|${grid.slots}|${grid.stepSeconds}`;
  const known = shifts.get(key);
  if (known !== undefined) return known;
  const zone = IANAZone.create(timeZone);
  const step = grid.stepSeconds;
  const shiftAt = (i: number): number =>
    zone.isValid
      ? Math.round(((zone.offset((grid.origin + i) * step * 1000) - standardMinutes) * 60) / step)
      : 0;
  const out = new Int16Array(grid.slots);
  // Offsets change at most a few times a year: sample once a day, scan a day that changed.
  const perDay = Math.max(1, Math.floor(DAY_SECONDS / step));
  let any = false;
  let previous = shiftAt(0);
  for (let day = 0; day < grid.slots; day += perDay) {
    const end = Math.min(grid.slots, day + perDay);
    const last = shiftAt(end - 1);
    if (last === previous) out.fill(previous, day, end);
    else for (let i = day; i < end; i++) out[i] = shiftAt(i);
    if (previous !== 0 || last !== 0) any = true;
    previous = last;
  }
  const result = any ? out : null;
  if (shifts.size >= MAX_REMEMBERED) shifts.clear();
  shifts.set(key, result);
  return result;
}

/** The shift at slot `i` (0 outside the grid or without daylight saving). */
export function shiftAt(shift: Int16Array | null, i: number): number {
  if (shift === null) return 0;
  return shift[Math.min(Math.max(i, 0), shift.length - 1)] ?? 0;
}
