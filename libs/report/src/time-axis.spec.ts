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
