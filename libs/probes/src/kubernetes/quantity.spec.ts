import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['4', 4],
    ['3500m', 3.5],
    ['100m', 0.1],
    ['250m', 0.25],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['0', 0],
    ['+2', 2],
    ['-1', -1],
    ['500000n', 0.0005],
    ['250000u', 0.25],
  ])('reads the CPU quantity %s as %d cores', (text, cores) => {
    expect(parseQuantity(text)).toBe(cores);
  });

  it.each([
    ['16Gi', 17_179_869_184],
    ['16384Mi', 17_179_869_184],
    ['16777216Ki', 17_179_869_184],
    ['17179869184', 17_179_869_184],
    ['1Ti', 2 ** 40],
    ['1Ei', 2 ** 60],
    ['1e9', 1e9],
    ['1E3', 1000],
    ['2.5e3', 2500],
    ['1e-3', 0.001],
    ['128974848', 128_974_848],
    ['129M', 129_000_000],
    ['1k', 1000],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2P', 2e15],
    ['1E', 1e18],
  ])('reads the memory quantity %s as %d bytes', (text, bytes) => {
    expect(parseQuantity(text)).toBe(bytes);
  });

  it('takes a JSON number as it is', () => {
    expect(parseQuantity(8)).toBe(8);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
  });

  it.each(['', ' ', 'Gi', '1KB', '1K', '1 Gi', '1gi', '1e', 'e9', '1.2.3', '1Gi5', 'abc', '--1'])(
    'refuses %j as no quantity',
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );

  it('refuses what is no string or number', () => {
    expect(parseQuantity(undefined)).toBeUndefined();
    expect(parseQuantity(null)).toBeUndefined();
    expect(parseQuantity({ value: '1' })).toBeUndefined();
  });

  it('refuses an exponent too large for a number', () => {
    expect(parseQuantity('1e400')).toBeUndefined();
  });
});
