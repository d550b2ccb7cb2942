import {
  longestCommonMinutes,
  MINUTES_PER_WEEK,
  utcIntervals,
  utcOffsetMinutes,
} from './maintenance-windows';

describe('utcOffsetMinutes', () => {
  it('reads UTC, ±HH:MM offsets and IANA names at the reference instant or a given one', () => {
    expect(utcOffsetMinutes(undefined)).toBe(0);
    expect(utcOffsetMinutes('UTC')).toBe(0);
    expect(utcOffsetMinutes('+05:30')).toBe(330);
    expect(utcOffsetMinutes('UTC-0800')).toBe(-480);
    expect(utcOffsetMinutes('Europe/Paris')).toBe(60);
    expect(utcOffsetMinutes('America/New_York')).toBe(-300);
    expect(utcOffsetMinutes('Australia/Sydney')).toBe(660);
    expect(utcOffsetMinutes('Mars/Olympus')).toBeUndefined();
    const july = Date.UTC(2025, 6, 7);
    expect(utcOffsetMinutes('Europe/Paris', july)).toBe(120);
    expect(utcOffsetMinutes('Australia/Sydney', july)).toBe(600);
    expect(utcOffsetMinutes('+05:30', july)).toBe(330);
  });
});

describe('utcIntervals', () => {
  it('shifts windows to UTC, splits those wrapping past Sunday and merges overlaps', () => {
    // Monday 00:30 for 60 min at +01:00 = Sunday 23:30–Monday 00:30 UTC.
    expect(
      utcIntervals(
        [
          { start: 30, minutes: 60 },
          { start: 60, minutes: 60 },
        ],
        '+01:00',
      ),
    ).toEqual([
      { start: 0, end: 60 },
      { start: MINUTES_PER_WEEK - 30, end: MINUTES_PER_WEEK },
    ]);
    expect(utcIntervals([{ start: 0, minutes: 20_000 }], 'UTC')).toEqual([
      { start: 0, end: MINUTES_PER_WEEK },
    ]);
  });
});

describe('longestCommonMinutes', () => {
  it('measures the longest stretch both are open, across the end of the week too', () => {
    const a = [
      { start: 0, end: 30 },
      { start: 100, end: 200 },
      { start: MINUTES_PER_WEEK - 60, end: MINUTES_PER_WEEK },
    ];
    const b = [
      { start: 0, end: 60 },
      { start: 150, end: 170 },
      { start: MINUTES_PER_WEEK - 40, end: MINUTES_PER_WEEK },
    ];
    expect(longestCommonMinutes(a, b)).toBe(70);
    expect(longestCommonMinutes(a, [{ start: 300, end: 400 }])).toBe(0);
  });
});
