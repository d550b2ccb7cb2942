import { rotatedItems, rotationDays } from './rotated-estate';

describe('rotatedItems', () => {
  const day = 288;
  const base = [[Float32Array.from({ length: 3 * day }, (_, t) => Math.floor(t / day))]];

  it('rotates each copy of a trace by whole days', () => {
    const items = rotatedItems(base, 3, 3 * day, 'days');
    expect(items.map((i) => i.demand[0]![0])).toEqual([0, 1, 2]); // 0, 7 mod 3 = 1, 14 mod 3 = 2
    expect(items[1]!.demand[0]![3 * day - 1]).toBe(0);
  });

  it('keeps identical clones without rotation', () => {
    const items = rotatedItems(base, 2, 3 * day, 'none');
    expect(Array.from(items[1]!.demand[0]!)).toEqual(Array.from(base[0]![0]!));
  });

  it('rotates by whole weeks, keeping the weekday', () => {
    expect([0, 1, 2, 3, 4].map((c) => rotationDays('weeks', c, 30))).toEqual([0, 7, 14, 21, 0]);
    expect(new Set(Array.from({ length: 30 }, (_, c) => rotationDays('days', c, 30))).size).toBe(
      30,
    );
  });
});
