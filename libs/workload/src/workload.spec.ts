import { makeAsset } from '@vplan/domain';
import type { MetricSeries } from '@vplan/domain';
import { SeriesBuilder } from './series-builder';
import { meanOf, peakOf, percentileInPlace, percentileOfRange } from './percentile';
import { alignToGrid, commonGrid, coverage } from './time-alignment';
import { hourOfWeekProfile, HOURS_PER_WEEK } from './week-profile';
import { buildDemandMatrix } from './demand-matrix';

const series = (
  assetId: string,
  start: number,
  values: number[],
  metric: 'cpu' | 'memory' = 'cpu',
): MetricSeries => ({
  assetId,
  metric,
  stepSeconds: 300,
  start,
  values: Float32Array.from(values),
});

describe('SeriesBuilder', () => {
  it('bins samples into 300-second slots, keeps the largest per slot and leaves gaps', () => {
    const builder = new SeriesBuilder('vm', 'cpu');
    builder.add(600, 5); // slot 2
    builder.add(899, 7); // slot 2 again: larger wins
    builder.add(1500, 1); // slot 5
    builder.add(300, 3); // slot 1, before the first: grows to the front
    const built = builder.build();
    expect(built.start).toBe(1);
    expect(Array.from(built.values)).toEqual([3, 7, NaN, NaN, 1]);
  });
});

describe('percentiles and peaks', () => {
  it('interpolates between order statistics and takes the maximum at 100', () => {
    expect(percentileInPlace(Float64Array.of(4, 1, 3, 2), 50)).toBe(2.5);
    expect(percentileInPlace(Float64Array.of(4, 1, 3, 2), 100)).toBe(4);
    expect(percentileInPlace(new Float64Array(0), 95)).toBe(0);
  });

  it('selects the same percentile as sorting would, duplicates and ranges included', () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) % 13; // many ties
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Float64Array.from({ length: n + 4 }, next);
      const sorted = Array.from(values.subarray(2, n + 2)).sort((a, b) => a - b);
      for (const p of [1, 25, 50, 90, 95, 99.5]) {
        const rank = (p / 100) * (n - 1);
        const lo = Math.floor(rank);
        const a = sorted[lo]!;
        const b = sorted[Math.min(lo + 1, n - 1)]!;
        expect(percentileOfRange(values.slice(), 2, n + 2, p)).toBeCloseTo(
          a + (b - a) * (rank - lo),
          9,
        );
      }
    }
  });

  it('finds the peak, its first slot and the mean', () => {
    expect(peakOf([1, 5, 2, 5])).toEqual({ peak: 5, argmax: 1 });
    expect(meanOf([1, 2, 3])).toBe(2);
  });
});

describe('time alignment', () => {
  it('covers every series with one grid and fills gaps and missing slots with zero', () => {
    const a = series('a', 10, [1, NaN, 3]);
    const b = series('b', 12, [4, 5]);
    const grid = commonGrid([a, b])!;
    expect(grid).toEqual({ stepSeconds: 300, origin: 10, slots: 4 });
    expect(Array.from(alignToGrid(a, grid))).toEqual([1, 0, 3, 0]);
    expect(Array.from(alignToGrid(b, grid))).toEqual([0, 0, 4, 5]);
    expect(coverage(a, grid)).toBe(0.5);
    // Samples outside the grid do not count.
    expect(coverage(a, { stepSeconds: 300, origin: 12, slots: 2 })).toBe(0.5);
  });

  it('refuses series of different steps', () => {
    expect(() =>
      commonGrid([series('a', 0, [1]), { ...series('b', 0, [1]), stepSeconds: 60 }]),
    ).toThrow(/step of 60 s/);
  });

  it('profiles each hour of the week at a percentile of that hour across weeks', () => {
    // Monday 2026-01-05 00:00 UTC, two weeks of 5-minute samples: hour 9 of week 1 is 10, of week 2 is 30.
    const start = Date.UTC(2026, 0, 5) / 1000 / 300;
    const values = Array.from({ length: 2 * 2016 }, (_, i) =>
      Math.floor(i / 12) % 168 === 9 ? (i < 2016 ? 10 : 30) : 1,
    );
    const profile = hourOfWeekProfile(series('a', start, values), 100);
    expect(profile).toHaveLength(HOURS_PER_WEEK);
    expect(profile[9]).toBe(30);
    expect(profile[10]).toBe(1);
    expect(hourOfWeekProfile(series('a', start, values), 50)[9]).toBe(20);
  });
});

describe('buildDemandMatrix', () => {
  const assets = [
    makeAsset('measured'),
    makeAsset('sized', { capacity: { cpuMhz: 2000, memoryGiB: 8 } }),
    makeAsset('unknown'),
  ];
  const estate = {
    assets,
    series: [series('measured', 0, [100, 200]), series('measured', 0, [1, 2], 'memory')],
  };

  it('aligns measured servers and sizes unmeasured ones at their provisioned capacity', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'] });
    expect(matrix.grid.slots).toBe(2);
    expect(matrix.assets.map((a) => a.asset.id)).toEqual(['measured', 'sized']);
    expect(Array.from(matrix.assets[1]!.demand[0]!)).toEqual([2000, 2000]);
    expect(matrix.assets[1]!.assumed).toEqual(['cpu', 'memory']);
    expect(matrix.unsized).toEqual([
      {
        asset: assets[2],
        reason: 'no cpu workload data and no provisioned cpu capacity in the inventory',
      },
    ]);
  });

  it('plans on the 168 hours of the week with weekly sizing', () => {
    const matrix = buildDemandMatrix(estate, {
      resources: ['cpu'],
      percentile: 95,
      sizing: 'weekly',
    });
    expect(matrix.grid).toEqual({ stepSeconds: 3600, origin: 96, slots: 168 });
    expect(matrix.assets.map((a) => a.asset.id)).toEqual(['measured', 'sized']);
    expect(matrix.assets[1]!.demand[0]).toHaveLength(168);
  });

  it('keeps the measured grid at any percentile with series sizing', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu'], percentile: 95 });
    expect(matrix.grid).toEqual({ stepSeconds: 300, origin: 0, slots: 2 });
    expect(matrix.sizing).toBe('series');
    expect(matrix.gaps).toBe('profile');
  });
});
