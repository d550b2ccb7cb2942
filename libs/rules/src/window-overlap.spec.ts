import type { WeeklyWindow } from '@vplan/domain';
import { parseWeeklyWindows } from '@vplan/formats';
import { longestCommonMinutes, utcIntervalsAtOffset } from './maintenance-windows';
import { offsetPhases, resolveZone } from './time-zones';
import {
  maintenanceSchedule,
  scheduleOverlapMinutes,
  windowOverlapMinutes,
  WEEK_MS,
  type MaintenanceSchedule,
} from './window-overlap';

const JANUARY = Date.UTC(2025, 0, 6); // a Monday, standard time in Europe
const JULY = Date.UTC(2025, 6, 7); // a Monday, summer time in Europe
const EU_SPRING = Date.UTC(2025, 2, 24); // the week of Sunday 2025-03-30 (switch at 01:00 UTC)
const EU_AUTUMN = Date.UTC(2025, 9, 20); // the week of Sunday 2025-10-26 (switch at 01:00 UTC)

function w(text: string): WeeklyWindow[] {
  const outcome = parseWeeklyWindows(text);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function overlap(a: string, zoneA: string, b: string, zoneB: string, week: number): number {
  const outcome = windowOverlapMinutes(w(a), zoneA, w(b), zoneB, week);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.minutes;
}

function schedule(text: string, zone: string, reference = JANUARY): MaintenanceSchedule {
  const outcome = maintenanceSchedule(w(text), zone, reference);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.schedule;
}

describe('windowOverlapMinutes', () => {
  it('uses the real offset of the week: 60 min in January, none in July', () => {
    // Amsterdam 02:00–03:00 = 01:00–02:00 UTC in January (+01:00), 00:00–01:00 UTC in July (+02:00).
    const a = 'Sun 02:00-03:00';
    expect(overlap(a, 'Europe/Amsterdam', 'Sun 01:00-03:00', 'UTC', JANUARY)).toBe(60);
    expect(overlap(a, 'Europe/Amsterdam', 'Sun 01:00-03:00', 'UTC', JULY)).toBe(0);
  });

  it("finds 120 min in both seasons for the issue's 02:00-06:00 example (not 60 and 0)", () => {
    // January: 02:00–06:00 at +01:00 = 01:00–05:00 UTC, ∩ 01:00–03:00 = 120 min.
    // July: 02:00–06:00 at +02:00 = 00:00–04:00 UTC, ∩ 01:00–03:00 = 120 min.
    const a = 'Sun 02:00-06:00';
    expect(overlap(a, 'Europe/Amsterdam', 'Sun 01:00-03:00', 'UTC', JANUARY)).toBe(120);
    expect(overlap(a, 'Europe/Amsterdam', 'Sun 01:00-03:00', 'UTC', JULY)).toBe(120);
  });

  it('shrinks a window on the spring-forward night and stretches it on the autumn night', () => {
    // 30 March: 02:00–03:00 local does not exist, 02:00–06:00 is 03:00–06:00 CEST = 01:00–04:00 UTC.
    expect(overlap('Sun 02:00-06:00', 'Europe/Amsterdam', 'any', 'UTC', EU_SPRING)).toBe(180);
    expect(overlap('Sun 02:00-03:00', 'Europe/Amsterdam', 'any', 'UTC', EU_SPRING)).toBe(0);
    // 26 October: 01:00–04:00 local lasts four hours (02:00–03:00 twice): 23:00 Sat – 03:00 UTC.
    expect(overlap('Sun 01:00-04:00', 'Europe/Amsterdam', 'any', 'UTC', EU_AUTUMN)).toBe(240);
    expect(
      overlap('Sun 01:00-04:00', 'Europe/Amsterdam', 'Sat 23:00-Sun 00:30', 'UTC', EU_AUTUMN),
    ).toBe(90);
    // An ambiguous start (02:30) is read after the switch, at +01:00: 01:30 UTC.
    expect(
      overlap('Sun 02:30-05:00', 'Europe/Amsterdam', 'Sun 00:00-01:45', 'UTC', EU_AUTUMN),
    ).toBe(15);
  });

  it('reads fixed offsets, UTC and windows crossing Sunday midnight in UTC', () => {
    // Mon 01:00–03:00 at +02:00 = Sun 23:00–Mon 01:00 UTC; with Sun 23:00–Mon 00:30 UTC: 90 min.
    expect(overlap('Mon 01:00-03:00', '+02:00', 'Sun 23:00-00:30', 'UTC', JANUARY)).toBe(90);
    expect(overlap('Mon 01:00-03:00', 'UTC+0200', 'Sun 23:00-00:30', 'Z', JULY)).toBe(90);
    // Sat 20:00–22:00 at -05:30 = Sun 01:30–03:30 UTC.
    expect(overlap('Sat 20:00-22:00', '-05:30', 'Sun 01:00-02:00', 'UTC', JANUARY)).toBe(30);
    expect(overlap('any', 'UTC', 'any', 'Asia/Kolkata', JANUARY)).toBe(7 * 1440);
  });

  it('refuses an unknown zone with a message naming it', () => {
    expect(windowOverlapMinutes(w('any'), 'Mars/Olympus', w('any'), 'UTC', JANUARY)).toEqual({
      ok: false,
      message:
        'unknown time zone "Mars/Olympus" (expected an IANA name such as Europe/Amsterdam, UTC or an offset such as +01:00)',
    });
    expect(resolveZone('+19:00').ok).toBe(false);
  });

  it('agrees with fixed-offset arithmetic in weeks far from any switch', () => {
    const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', '+05:30', 'UTC'];
    const texts = [
      'Sun 02:00-06:00',
      'Sat 22:00-Sun 04:00',
      'daily 03:00-04:00',
      'Mon 00:30-01:30',
    ];
    for (const week of [JANUARY, JULY]) {
      for (const [i, za] of zones.entries()) {
        const zb = zones[(i + 2) % zones.length] as string;
        for (const [k, a] of texts.entries()) {
          const b = texts[(k + 1) % texts.length] as string;
          const fixed = longestCommonMinutes(
            utcIntervalsAtOffset(w(a), resolveOffset(za, week)),
            utcIntervalsAtOffset(w(b), resolveOffset(zb, week)),
          );
          expect([a, za, b, zb, overlap(a, za, b, zb, week)]).toEqual([a, za, b, zb, fixed]);
        }
      }
    }
  });
});

function resolveOffset(zone: string, at: number): number {
  const resolved = resolveZone(zone);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.zone.offset(at);
}

describe('scheduleOverlapMinutes', () => {
  it('takes the weakest week of the reference year', () => {
    const amsterdam = schedule('Sun 02:00-03:00', 'Europe/Amsterdam');
    const utc = schedule('Sun 01:00-03:00', 'UTC');
    const year = scheduleOverlapMinutes(amsterdam, utc);
    expect(year.minutes).toBe(0);
    expect(year.constant).toBe(false);
    // The first summer week; the week of the switch is skipped: the Amsterdam window
    // lies in the gap that night, so Amsterdam asks for nothing that week.
    expect(new Date(year.weakestWeek).toISOString().slice(0, 10)).toBe('2025-03-31');
    // 02:00–06:00 keeps 120 min with 01:00–03:00 UTC all year, switch nights included
    // (spring: 03:00–06:00 CEST = 01:00–04:00 UTC; autumn: 02:00 read at +01:00 = 01:00 UTC).
    expect(scheduleOverlapMinutes(schedule('Sun 02:00-06:00', 'Europe/Amsterdam'), utc)).toEqual({
      minutes: 120,
      weakestWeek: JANUARY,
      constant: true,
    });
  });

  it('equals the least of the 53 weekly overlaps computed one by one', () => {
    const pairs: [string, string, string, string][] = [
      ['Sun 02:00-06:00', 'Europe/Amsterdam', 'Sun 01:00-03:00', 'UTC'],
      ['Sat 22:00-Sun 02:00', 'America/New_York', 'Sun 03:00-05:00', 'Europe/London'],
      ['Sun 01:00-04:00', 'Australia/Sydney', 'Sat 14:00-16:00', 'Europe/Berlin'],
      ['daily 02:00-03:00', 'Europe/Paris', 'Mon-Fri 01:00-01:30', '+01:00'],
    ];
    const reference = Date.UTC(2025, 4, 12);
    for (const [a, za, b, zb] of pairs) {
      let least = Infinity;
      for (let k = 0; k < 53; k++)
        least = Math.min(least, overlap(a, za, b, zb, reference + k * WEEK_MS));
      const year = scheduleOverlapMinutes(schedule(a, za, reference), schedule(b, zb, reference));
      expect([a, za, b, zb, year.minutes]).toEqual([a, za, b, zb, least]);
    }
  });

  it('keys schedules by their behaviour: Paris and Amsterdam alike, London shifted alike', () => {
    expect(schedule('Sun 02:00-06:00', 'Europe/Paris').key).toBe(
      'Sun 01:00+240m UTC, -60m 2025-03-30 01:00–2025-10-26 01:00 UTC',
    );
    expect(schedule('Sun 02:00-06:00', 'Europe/Amsterdam').key).toBe(
      schedule('Sun 01:00-05:00', 'Europe/London').key,
    );
    expect(schedule('Sun 02:00-06:00', '+01:00').key).toBe('Sun 01:00+240m UTC');
    // From a July reference the shift is the winter one.
    expect(schedule('Sun 02:00-06:00', 'Europe/Paris', JULY).key).toBe(
      'Sun 00:00+240m UTC, +60m 2025-10-26 01:00–2026-03-29 01:00 UTC',
    );
  });
});

describe('offsetPhases', () => {
  it('finds the switches of a zone to the minute, none for fixed offsets', () => {
    const zone = resolveZone('America/New_York');
    if (!zone.ok) throw new Error(zone.message);
    expect(offsetPhases(zone.zone, JANUARY, JANUARY + 52 * WEEK_MS)).toEqual([
      { from: JANUARY, offset: -300 },
      { from: Date.UTC(2025, 2, 9, 7), offset: -240 },
      { from: Date.UTC(2025, 10, 2, 6), offset: -300 },
    ]);
  });
});
