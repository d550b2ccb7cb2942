import type { PlanDocument } from '@vplan/formats';
import { timeAxisOf } from './time-axis';

const input = (over: Partial<PlanDocument['input']>): PlanDocument['input'] => ({
  source: 's',
  format: 'csv',
  resources: ['cpu'],
  percentile: 100,
  stepSeconds: 300,
  slots: 8640,
  start: '2024-06-03T00:00:00Z',
  ...over,
});

describe('timeAxisOf', () => {
  it('labels an hour-of-week grid by weekday and hour', () => {
    const axis = timeAxisOf(input({ percentile: 95, stepSeconds: 3600, slots: 168 }));
    expect(axis.weekly).toBe(true);
    expect(axis.title).toBe('Hour of the week (UTC)');
    expect(axis.ticks.map((t) => t.label)).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
      'Mon',
    ]);
    expect(axis.slotLabel(24 + 14)).toBe('Tue 14:00');
  });

  it('labels a measured period by date, with ticks on Monday midnights for a month', () => {
    const axis = timeAxisOf(input({}));
    expect(axis.weekly).toBe(false);
    expect(axis.ticks.map((t) => t.label)).toEqual([
      'Mon 3 Jun',
      'Mon 10 Jun',
      'Mon 17 Jun',
      'Mon 24 Jun',
      'Mon 1 Jul',
    ]);
    expect(axis.ticks[1]?.slot).toBe(2016);
    expect(axis.slotLabel(12 * 24 + 1)).toBe('2024-06-04 00:05 UTC');
  });

  it('puts ticks on round hours for a short period that starts off the hour', () => {
    const axis = timeAxisOf(input({ start: '2024-06-03T10:20:00Z', slots: 144 }));
    expect(axis.ticks.map((t) => t.label)).toEqual([
      '12:00',
      '14:00',
      '16:00',
      '18:00',
      '20:00',
      '22:00',
    ]);
    expect(axis.ticks[0]?.slot).toBe(20);
  });
});

describe('timeAxisOf in a time zone', () => {
  it('ticks on local Monday midnights and labels slots in local time with the offset', () => {
    // Amsterdam switches to summer time on Sunday 30 March 2025.
    const axis = timeAxisOf(input({ start: '2025-03-24T00:00:00Z' }), {
      timeZone: 'Europe/Amsterdam',
    });
    expect(axis.title).toBe('Time (Europe/Amsterdam)');
    expect(axis.ticks.map((t) => t.label)).toEqual([
      'Mon 31 Mar',
      'Mon 7 Apr',
      'Mon 14 Apr',
      'Mon 21 Apr',
    ]);
    // Monday 31 March 00:00 CEST = Sunday 22:00 UTC: a week minus two hours after the start.
    expect(axis.ticks[0]?.slot).toBe((7 * 86400 - 2 * 3600) / 300);
    expect(axis.slotLabel(0)).toBe('2025-03-24 01:00 +01:00');
    expect(axis.slotLabel(2016)).toBe('2025-03-31 02:00 +02:00');
    expect(axis.span).toBe('30 days from 2025-03-24 01:00 +01:00 (8640 slots of 5 min)');
  });

  it('draws the 25-hour day of the autumn switch one hour wider', () => {
    const hourly = { start: '2025-10-22T00:00:00Z', stepSeconds: 3600, slots: 192 };
    const axis = timeAxisOf(input(hourly), { timeZone: 'Europe/Amsterdam' });
    const slots = axis.ticks.map((t) => t.slot);
    expect(axis.ticks.map((t) => t.label).slice(2, 5)).toEqual([
      'Sat 25 Oct',
      'Sun 26 Oct',
      'Mon 27 Oct',
    ]);
    expect(slots.slice(1).map((s, i) => s - (slots[i] as number))).toEqual([
      24, 24, 24, 25, 24, 24, 24,
    ]);
    // Round local hours on the switch day: 12:00 comes 13 hours after midnight.
    const short = timeAxisOf(input({ ...hourly, start: '2025-10-25T00:00:00Z', slots: 72 }), {
      timeZone: 'Europe/Amsterdam',
    });
    expect(short.ticks.map((t) => [t.slot, t.label])).toEqual([
      [10, '12:00'],
      [22, 'Sun 26 Oct'],
      [35, '12:00'],
      [47, 'Mon 27 Oct'],
      [59, '12:00'],
      [71, 'Tue 28 Oct'],
    ]);
  });

  it('shows an hour-of-week grid at the offset of the plan start, and says so', () => {
    const weekly = { percentile: 95, stepSeconds: 3600, slots: 168, start: '2025-07-07T00:00:00Z' };
    const axis = timeAxisOf(input(weekly), { timeZone: 'Europe/Amsterdam' });
    expect(axis.title).toBe('Hour of the week (Europe/Amsterdam, +02:00)');
    expect(axis.ticks.map((t) => t.label)).toEqual([
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
      'Mon',
    ]);
    expect(axis.ticks[0]?.slot).toBe(22);
    expect(axis.slotLabel(0)).toBe('Mon 02:00');
  });

  it('keeps UTC for UTC and for an unknown zone, naming the unknown one', () => {
    expect(timeAxisOf(input({}), { timeZone: 'UTC' })).toMatchObject({
      title: 'Time (UTC)',
      span: '30 days from 2024-06-03 00:00 UTC (8640 slots of 5 min)',
    });
    const axis = timeAxisOf(input({}), { timeZone: 'Mars/Olympus' });
    expect(axis.title).toBe('Time (UTC)');
    expect(axis.span).toBe(
      '30 days from 2024-06-03 00:00 UTC (8640 slots of 5 min; unknown time zone "Mars/Olympus")',
    );
    expect(axis.ticks).toEqual(timeAxisOf(input({})).ticks);
  });
});
