import { hourOfWeek, makeAsset } from '@vplan/domain';
import type { Estate, MetricSeries, ResourceName } from '@vplan/domain';
import { buildDemandMatrix, type DemandOptions } from './demand-matrix';
import { confidenceLabel, estateConfidence } from './demand-confidence';
import { hourOfWeekProfile } from './week-profile';

/** Monday 2026-01-05 00:00 UTC as a 5-minute slot number. */
const MONDAY = Date.UTC(2026, 0, 5) / 1000 / 300;
const WEEK = 2016;

const series = (
  assetId: string,
  start: number,
  values: ArrayLike<number>,
  metric: ResourceName = 'cpu',
): MetricSeries => ({
  assetId,
  metric,
  stepSeconds: 300,
  start,
  values: Float32Array.from(values),
});

const estateOf = (...all: MetricSeries[]): Estate => ({
  assets: [...new Set(all.map((s) => s.assetId))].map((id) => makeAsset(id)),
  series: all,
});

const cpuOf = (estate: Estate, options: Omit<DemandOptions, 'resources'> = {}, id = 'a') =>
  Array.from(
    buildDemandMatrix(estate, { resources: ['cpu'], ...options }).assets.find(
      (x) => x.asset.id === id,
    )!.demand[0]!,
  );

/** Type-7 percentile by sorting (0 when empty). */
function referencePercentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const b = [...values].sort((x, y) => x - y);
  const rank = (p / 100) * (b.length - 1);
  const lo = Math.floor(rank);
  return b[lo]! + (b[Math.min(lo + 1, b.length - 1)]! - b[lo]!) * (rank - lo);
}

/** Today's hour-of-week profile, written out plainly: buckets, a sort, type-7 interpolation. */
function referenceProfile(s: MetricSeries, p: number): number[] {
  const buckets: number[][] = Array.from({ length: 168 }, () => []);
  s.values.forEach((v, i) => {
    if (!Number.isNaN(v)) buckets[hourOfWeek((s.start + i) * 300)]!.push(Math.max(0, v));
  });
  return buckets.map((b) => referencePercentile(b, p));
}

/** Deterministic noise in [0, 100). */
function noise(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) % 100;
}

describe('buildDemandMatrix gap policies', () => {
  // All in hour 0 of the week; `b` spans the planned grid, `a` misses slots 0, 2, 3, 5 and 7.
  const estate = estateOf(
    series('b', MONDAY, [1, 1, 1, 1, 1, 1, 1, 1]),
    series('a', MONDAY + 1, [2, NaN, NaN, 5, NaN, 3]),
  );

  it('fills a gap with no demand under zero', () => {
    expect(cpuOf(estate, { gaps: 'zero' })).toEqual([0, 2, 0, 0, 5, 0, 3, 0]);
  });

  it('carries the last measured value forward under hold, the first one backward before it', () => {
    expect(cpuOf(estate, { gaps: 'hold' })).toEqual([2, 2, 2, 2, 5, 5, 3, 3]);
  });

  it('fills a gap with the hour-of-week value at the percentile under profile (the default)', () => {
    expect(cpuOf(estate)).toEqual([5, 2, 5, 5, 5, 5, 3, 5]);
    expect(cpuOf(estate, { percentile: 50 })).toEqual([3, 2, 3, 3, 5, 3, 3, 3]);
  });

  it('falls back to the overall percentile in an hour of the week never measured', () => {
    const values = new Array<number>(13).fill(NaN);
    values[0] = 1; // hour 0
    values[12] = 9; // hour 1; hour 2 has no sample
    const three = estateOf(series('b', MONDAY, new Array(36).fill(1)), series('a', MONDAY, values));
    const p100 = cpuOf(three);
    expect([p100[5], p100[20], p100[30]]).toEqual([1, 9, 9]);
    const p50 = cpuOf(three, { percentile: 50 });
    expect([p50[5], p50[20], p50[30]]).toEqual([1, 9, 5]);
  });

  it('counts the filled slots and the measured share of each series', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu'], gaps: 'hold' });
    const a = matrix.assets.find((x) => x.asset.id === 'a')!;
    expect(a.filled).toEqual({ cpu: 5 });
    expect(a.coverage).toEqual({ cpu: 3 / 8 });
  });

  it('takes negative samples as no demand', () => {
    const negative = estateOf(series('a', MONDAY, [-4, NaN, 2]));
    expect(cpuOf(negative, { gaps: 'hold' })).toEqual([0, 0, 2]);
  });
});

describe('buildDemandMatrix on servers measured in disjoint halves', () => {
  // Same week shape (10 at hour 9, else 1); `first` measured in week 1 only, `second` in week 2 only.
  const shape = Array.from({ length: WEEK }, (_, i) => (Math.floor(i / 12) === 9 ? 10 : 1));
  const estate = estateOf(series('first', MONDAY, shape), series('second', MONDAY + WEEK, shape));
  const peakOfSum = (gaps: 'profile' | 'zero') => {
    const [x, y] = buildDemandMatrix(estate, { resources: ['cpu'], gaps }).assets;
    return Math.max(...x!.demand[0]!.map((v, i) => v + y!.demand[0]![i]!));
  };

  it('no longer looks complementary: the peaks at the same hour of the week add up', () => {
    expect(peakOfSum('profile')).toBe(20);
  });

  it('looked complementary when a gap meant no demand', () => {
    expect(peakOfSum('zero')).toBe(10);
  });
});

describe('buildDemandMatrix coverage and confidence', () => {
  // `full`: two weeks at 3. `half`: the first week only, every other slot missing, at 1.
  const halfValues = Array.from({ length: WEEK }, (_, i) => (i % 2 === 0 ? 1 : NaN));
  const estate: Estate = {
    assets: [
      makeAsset('full'),
      makeAsset('half'),
      makeAsset('sized', { capacity: { cpuMhz: 2000, memoryGiB: 8 } }),
    ],
    series: [
      series('full', MONDAY, new Array(2 * WEEK).fill(3)),
      series('full', MONDAY, new Array(2 * WEEK).fill(3), 'memory'),
      series('half', MONDAY, halfValues),
      series('half', MONDAY, halfValues, 'memory'),
    ],
  };
  const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'] });
  const [full, half, sized] = matrix.assets;

  it('gives a server measured all through two weeks full coverage and high confidence', () => {
    expect(full!.coverage).toEqual({ cpu: 1, memory: 1 });
    expect(full!.spanSeconds).toBe(14 * 24 * 3600);
    expect(full!.confidence).toBe(1);
    expect(confidenceLabel(full!.confidence)).toBe('high');
    expect(full!.lowCoverage).toBe(false);
  });

  it('scales confidence by coverage and by the share of two weeks measured', () => {
    expect(half!.coverage).toEqual({ cpu: 0.25, memory: 0.25 });
    expect(half!.filled).toEqual({ cpu: 3 * 1008, memory: 3 * 1008 });
    expect(half!.spanSeconds).toBe(2015 * 300);
    expect(half!.confidence).toBeCloseTo(0.25 * ((2015 * 300) / (14 * 24 * 3600)), 9);
    expect(confidenceLabel(half!.confidence)).toBe('low');
    expect(half!.lowCoverage).toBe(true);
    const lenient = buildDemandMatrix(estate, { resources: ['cpu'], minCoverage: 0.2 });
    expect(lenient.assets[1]!.lowCoverage).toBe(false);
  });

  it('gives a server sized from its allocation no coverage, no confidence and no low-coverage flag', () => {
    expect(sized!.assumed).toEqual(['cpu', 'memory']);
    expect(sized!.coverage).toEqual({ cpu: 0, memory: 0 });
    expect(sized!.confidence).toBe(0);
    expect(sized!.lowCoverage).toBe(false);
  });

  it('labels 0.8 and above high, 0.5 and above medium', () => {
    expect([0.8, 0.79, 0.5, 0.49].map(confidenceLabel)).toEqual([
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });

  it('weights the estate confidence by mean demand of the first resource', () => {
    // Means: full 3, half 1 (gaps filled from its profile), sized 2000 at confidence 0.
    const expected = (3 * 1 + 1 * half!.confidence + 2000 * 0) / (3 + 1 + 2000);
    expect(estateConfidence(matrix)).toBeCloseTo(expected, 9);
    const measuredOnly = { ...matrix, assets: [full!, half!] };
    expect(estateConfidence(measuredOnly)).toBeCloseTo((3 + half!.confidence) / 4, 9);
    expect(estateConfidence({ ...matrix, assets: [] })).toBe(0);
  });

  it('sizes an unmeasured server at its allocation times the assumed utilization', () => {
    const low = buildDemandMatrix(estate, { resources: ['cpu'], unmeasuredUtilization: 0.25 });
    expect(low.assets[2]!.demand[0]![0]).toBe(500);
  });

  it('refuses options outside their range', () => {
    expect(() => buildDemandMatrix(estate, { resources: ['cpu'], percentile: 0 })).toThrow(
      /percentile/,
    );
    expect(() => buildDemandMatrix(estate, { resources: ['cpu'], minCoverage: 2 })).toThrow(
      /minCoverage/,
    );
  });
});

describe('buildDemandMatrix measured shares and scale', () => {
  const estate: Estate = {
    assets: [
      makeAsset('a'),
      makeAsset('b'),
      makeAsset('sized', { capacity: { cpuMhz: 100, memoryGiB: 4 } }),
    ],
    series: [
      series('a', MONDAY, [1, 1, 1, 1]),
      series('a', MONDAY, [2, 2, 2, 2], 'memory'),
      series('b', MONDAY, [1, NaN, 1, NaN]),
      series('b', MONDAY, [2, 2, NaN, NaN], 'memory'),
    ],
  };

  it('gives per slot the share of measured series with a sample there', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'] });
    expect(Array.from(matrix.measured)).toEqual([1, 0.75, 0.75, 0.5]);
  });

  it('gives per hour of the week the share of measured series with a sample in it', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'], sizing: 'weekly' });
    expect(matrix.measured).toHaveLength(168);
    expect(matrix.measured[0]).toBe(1);
    expect(matrix.measured[1]).toBe(0);
  });

  it('multiplies measured and assumed demand by the scale of the asset and resource', () => {
    const matrix = buildDemandMatrix(estate, {
      resources: ['cpu', 'memory'],
      gaps: 'zero',
      scale: (asset, resource) => (resource === 'cpu' ? (asset.id === 'b' ? 3 : 2) : 1),
    });
    const [a, b, sized] = matrix.assets;
    expect(Array.from(a!.demand[0]!)).toEqual([2, 2, 2, 2]);
    expect(Array.from(a!.demand[1]!)).toEqual([2, 2, 2, 2]);
    expect(Array.from(b!.demand[0]!)).toEqual([3, 0, 3, 0]);
    expect(Array.from(sized!.demand[0]!)).toEqual([200, 200, 200, 200]);
    expect(Array.from(sized!.demand[1]!)).toEqual([4, 4, 4, 4]);
  });
});

describe('buildDemandMatrix weekly sizing', () => {
  // Three weeks of noisy samples with scattered gaps, and one server never measured on Sundays.
  const next = noise(11);
  const noisy = Array.from({ length: 3 * WEEK }, () => (next() < 10 ? NaN : next()));
  const noSundays = Array.from({ length: 3 * WEEK }, (_, i) =>
    i % WEEK >= 6 * 288 ? NaN : 1 + (i % 288) / 10,
  );
  const estate = estateOf(series('a', MONDAY + 5, noisy), series('c', MONDAY, noSundays));

  it('gives the hour-of-week profile as before when every hour of the week was measured', () => {
    for (const p of [100, 95, 50]) {
      const matrix = buildDemandMatrix(estate, {
        resources: ['cpu'],
        sizing: 'weekly',
        percentile: p,
      });
      const expected = referenceProfile(estate.series[0]!, p);
      Array.from(matrix.assets[0]!.demand[0]!).forEach((v, h) =>
        expect(v).toBeCloseTo(expected[h]!, 4),
      );
      expect(matrix.assets[0]!.filled).toEqual({ cpu: 0 });
    }
  });

  it('gives exactly the old profile with zero gaps, and fills never-measured hours otherwise', () => {
    const p = 95;
    const zero = buildDemandMatrix(estate, {
      resources: ['cpu'],
      sizing: 'weekly',
      percentile: p,
      gaps: 'zero',
    });
    const old = hourOfWeekProfile(estate.series[1]!, p);
    expect(Array.from(zero.assets[1]!.demand[0]!)).toEqual(Array.from(old));
    expect(old[150]).toBe(0); // a Sunday hour
    expect(zero.assets[1]!.filled).toEqual({ cpu: 24 });

    const profile = buildDemandMatrix(estate, {
      resources: ['cpu'],
      sizing: 'weekly',
      percentile: p,
    });
    const overall = referencePercentile(
      noSundays.filter((v) => !Number.isNaN(v)),
      p,
    );
    expect(profile.assets[1]!.demand[0]![150]).toBeCloseTo(overall, 4);
    const hold = buildDemandMatrix(estate, { resources: ['cpu'], sizing: 'weekly', gaps: 'hold' });
    expect(hold.assets[1]!.demand[0]![150]).toBe(hold.assets[1]!.demand[0]![143]);
  });
});
