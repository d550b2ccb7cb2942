import { hourOfWeek, slotsPerWeek, slotStartSeconds } from './time-grid';
import { seededRandom, shuffleInPlace } from './random';
import { usableCapacity } from './host-model';
import { coresToMhz, isResourceName, KIB_PER_GIB } from './resources';

describe('hourOfWeek', () => {
  it('starts the week on Monday 00:00 UTC', () => {
    expect(hourOfWeek(Date.UTC(2026, 0, 5, 0, 0) / 1000)).toBe(0); // a Monday
    expect(hourOfWeek(Date.UTC(2026, 0, 5, 13, 59) / 1000)).toBe(13);
    expect(hourOfWeek(Date.UTC(2026, 0, 11, 23, 30) / 1000)).toBe(167); // the Sunday after
    expect(hourOfWeek(Date.UTC(2013, 6, 1, 9, 0) / 1000)).toBe(9); // 2013-07-01 was a Monday
  });

  it('handles instants before 1970', () => {
    expect(hourOfWeek(Date.UTC(1969, 11, 29, 1, 0) / 1000)).toBe(1); // a Monday
  });
});

describe('time grid', () => {
  it('has 2016 five-minute slots a week and places slots by absolute number', () => {
    expect(slotsPerWeek(300)).toBe(2016);
    expect(slotStartSeconds({ stepSeconds: 300, origin: 10, slots: 5 }, 2)).toBe(3600);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('draws whole numbers below n and shuffles to a permutation', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 100; i++) expect(random.int(3)).toBeLessThan(3);
    const shuffled = shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1));
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffled).not.toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('usableCapacity', () => {
  it('applies headroom and refuses a resource the model lacks', () => {
    const model = { name: 'h', capacity: { cpu: 1000 }, headroom: { cpu: 0.2 } };
    expect(usableCapacity(model, 'cpu')).toBe(800);
    expect(() => usableCapacity(model, 'memory')).toThrow('host model h has no memory capacity');
  });
});

describe('resources', () => {
  it('knows its names and that KiB per GiB is 1024²', () => {
    expect(isResourceName('cpu')).toBe(true);
    expect(isResourceName('gpu')).toBe(false);
    expect(KIB_PER_GIB).toBe(1_048_576);
  });
});

describe('coresToMhz', () => {
  it('multiplies cores by GHz without float noise', () => {
    expect(coresToMhz(48, 2.6)).toBe(124_800);
    expect(coresToMhz(3, 0.1)).toBe(300);
  });
});
