import {
  formatCompact,
  formatDateTime,
  formatDay,
  formatDuration,
  formatIsoTimestamp,
  formatNumber,
  formatPercent,
  formatQuantity,
  ordinal,
  weekdayOf,
} from './format';

describe('formatNumber', () => {
  it('groups thousands with commas whatever the locale', () => {
    expect(formatNumber(1234567.8)).toBe('1,234,568');
    expect(formatNumber(1234.5678, 2)).toBe('1,234.57');
    expect(formatNumber(999)).toBe('999');
  });

  it('prints negatives with a minus sign and never a negative zero', () => {
    expect(formatNumber(-2500)).toBe('−2,500');
    expect(formatNumber(-0.2)).toBe('0');
  });

  it('prints a dash for non-finite values', () => {
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});

describe('formatQuantity', () => {
  it('keeps one decimal only when the value is not whole', () => {
    expect(formatQuantity(921.6)).toBe('921.6');
    expect(formatQuantity(80000)).toBe('80,000');
  });
});

describe('formatPercent', () => {
  it('rounds shares to whole percentages and flags tiny ones', () => {
    expect(formatPercent(0.873)).toBe('87%');
    expect(formatPercent(0.001)).toBe('<1%');
    expect(formatPercent(0)).toBe('0%');
  });
});

describe('formatCompact', () => {
  it('shortens axis labels with k, M and G', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12500)).toBe('12.5k');
    expect(formatCompact(1250000)).toBe('1.25M');
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit', () => {
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(30 * 86400)).toBe('30 days');
    expect(formatDuration(90)).toBe('90 s');
  });
});

describe('formatDateTime', () => {
  it('formats instants in UTC', () => {
    const t = Date.parse('2024-06-04T14:05:00Z') / 1000;
    expect(formatDateTime(t)).toBe('2024-06-04 14:05 UTC');
    expect(formatDay(t)).toBe('Tue 4 Jun');
    expect(weekdayOf(t)).toBe(1);
  });

  it('leaves unparseable timestamps as they are', () => {
    expect(formatIsoTimestamp('yesterday')).toBe('yesterday');
    expect(formatIsoTimestamp('2024-06-10T08:30:00.000Z')).toBe('2024-06-10 08:30 UTC');
  });
});

describe('ordinal', () => {
  it('gives English ordinal suffixes, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 95, 100].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '95th',
      '100th',
    ]);
    expect(ordinal(99.5)).toBe('99.5th');
  });
});
