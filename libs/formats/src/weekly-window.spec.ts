import { formatWeeklyWindows, MINUTES_PER_WEEK, parseWeeklyWindows } from './weekly-window';

const SUN = 6 * 1440;

function windows(text: string) {
  const outcome = parseWeeklyWindows(text);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function problem(text: string): string {
  const outcome = parseWeeklyWindows(text);
  if (outcome.ok) throw new Error(`expected "${text}" to be refused`);
  return outcome.message;
}

describe('parseWeeklyWindows', () => {
  it('reads windows in minutes from Monday 00:00, several separated by ;', () => {
    expect(windows('Sun 02:00-06:00; Wed 22:00-23:30')).toEqual([
      { start: SUN + 120, minutes: 240 },
      { start: 2 * 1440 + 1320, minutes: 90 },
    ]);
  });

  it('wraps a window past midnight, also from Sunday into Monday', () => {
    expect(windows('Sat 23:00-01:00')).toEqual([{ start: 5 * 1440 + 1380, minutes: 120 }]);
    expect(windows('sun 23:00-01:00')).toEqual([{ start: SUN + 1380, minutes: 120 }]);
  });

  it('accepts 24:00 as an end, full day names and any case', () => {
    expect(windows('SUNDAY 22:00-24:00')).toEqual([{ start: SUN + 1320, minutes: 120 }]);
    expect(windows('Mon 0:00-24:00')).toEqual([{ start: 0, minutes: 1440 }]);
  });

  it('expands day ranges and daily, and reads an end day', () => {
    expect(windows('Fri-Mon 03:00-04:00').map((w) => w.start / 1440 - 0.125)).toEqual([4, 5, 6, 0]);
    expect(windows('daily 03:00-04:00')).toHaveLength(7);
    expect(windows('Sat 22:00-Mon 06:00')).toEqual([{ start: 5 * 1440 + 1320, minutes: 1920 }]);
    expect(windows('any')).toEqual([{ start: 0, minutes: MINUTES_PER_WEEK }]);
  });

  it('refuses other shapes, times out of range and empty windows', () => {
    expect(problem('Sun 2-6')).toMatch(/^"Sun 2-6" is not a weekly window/);
    expect(problem('Funday 02:00-03:00')).toMatch(/day must be Mon…Sun/);
    expect(problem('Sun 24:00-01:00')).toMatch(/start 24:00 is not a time/);
    expect(problem('Sun 02:60-03:00')).toMatch(/start 02:60/);
    expect(problem('Sun 02:00-02:00')).toMatch(/same time/);
    expect(problem('Mon-Tue 02:00-Wed 03:00')).toMatch(/single day/);
    expect(problem(' ; ')).toMatch(/is not a weekly window/);
  });
});

describe('formatWeeklyWindows', () => {
  it.each([
    'Sun 02:00-06:00; Wed 22:00-23:30',
    'Sat 23:00-01:00',
    'Sun 22:00-24:00',
    'Sat 22:00-Mon 06:00',
    'any',
  ])('writes %s back as it was read', (text) => {
    expect(formatWeeklyWindows(windows(text))).toBe(text);
  });
});
