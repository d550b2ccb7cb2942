import type { TimeGrid } from '@vplan/domain';
import { dayInfo, weekSlotOfStart, weeklyTemplate } from './time-model';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const MONDAY = Date.parse('2026-01-12T00:00:00Z') / 1000;
const grid: TimeGrid = { stepSeconds: 300, origin: MONDAY / 300, slots: 2016 };
const at = (dayOfWeek: number, hour: number) => dayOfWeek * 288 + hour * 12;

describe('dayInfo', () => {
  it('counts days of the week from Monday', () => {
    expect(dayInfo(day('2026-01-12')).dayOfWeek).toBe(0);
    expect(dayInfo(day('2026-01-31')).dayOfWeek).toBe(5);
    expect(dayInfo(day('2026-02-01')).dayOfWeek).toBe(6);
  });

  it('marks the last two and the first two days of a month as month end', () => {
    expect(dayInfo(day('2026-01-30')).monthEnd).toBe(true);
    expect(dayInfo(day('2026-01-31')).monthEnd).toBe(true);
    expect(dayInfo(day('2026-02-02')).monthEnd).toBe(true);
    expect(dayInfo(day('2024-02-28')).monthEnd).toBe(true);
    expect(dayInfo(day('2026-01-29')).monthEnd).toBe(false);
    expect(dayInfo(day('2026-01-15')).monthEnd).toBe(false);
    expect(dayInfo(day('2026-02-03')).monthEnd).toBe(false);
  });
});

describe('weeklyTemplate', () => {
  it('puts office work on weekday mornings and afternoons, not at night or at weekends', () => {
    const office = weeklyTemplate(grid, 'office', [{ offsetSlots: 0, weight: 1 }]);
    const v = (d: number, h: number) => office[at(d, h)] ?? 0;
    expect(v(0, 10)).toBeGreaterThan(5 * v(0, 3));
    expect(v(0, 10)).toBeGreaterThan(5 * v(5, 10));
    expect(v(2, 12.5)).toBeLessThan(v(2, 10));
  });

  it('puts consumer traffic in the evenings, weekends included', () => {
    const consumer = weeklyTemplate(grid, 'consumer', [{ offsetSlots: 0, weight: 1 }]);
    expect(consumer[at(5, 20.5)]).toBeGreaterThan(consumer[at(0, 10)] ?? 1);
  });

  it('shifts the curve by the users’ offset from UTC', () => {
    const utc = weeklyTemplate(grid, 'office', [{ offsetSlots: 0, weight: 1 }]);
    const newYork = weeklyTemplate(grid, 'office', [{ offsetSlots: -5 * 12, weight: 1 }]);
    expect(newYork[at(0, 15)]).toBeCloseTo(utc[at(0, 10)] ?? 0, 6);
  });
});

describe('weekSlotOfStart', () => {
  it('is 0 for a grid that starts on Monday 00:00 UTC', () => {
    expect(weekSlotOfStart(grid)).toBe(0);
  });

  it('counts from the Monday before the epoch (a Thursday)', () => {
    expect(weekSlotOfStart({ ...grid, origin: 0 })).toBe(3 * 288);
  });
});
