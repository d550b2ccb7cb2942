import type { MetricSeries } from '@vplan/domain';
import { alignSeries, demandHours, profileOf, sliceSeries, windowSlots } from './series-views';

/** Slot 0 of 2024-05-06, a Monday, on the 5-minute grid. */
const MONDAY = Date.UTC(2024, 4, 6) / 1000 / 300;

const series = (start: number, values: number[], stepSeconds = 300): MetricSeries => ({
  assetId: 'vm-1',
  metric: 'cpu',
  stepSeconds,
  start,
  values: Float32Array.from(values),
});

describe('alignSeries', () => {
  it('moves values into place on their own step, NaN where the grid has no sample', () => {
    const s = series(MONDAY + 2, [1, Number.NaN, 3]);
    const out = alignSeries(s, { stepSeconds: 300, origin: MONDAY, slots: 6 }, 'max');
    expect(Array.from(out)).toEqual([NaN, NaN, 1, NaN, 3, NaN]);
  });

  it('downsamples to hours by max and by mean of the slots that have a sample', () => {
    const values = Array.from({ length: 24 }, (_, i) => (i === 5 ? Number.NaN : i));
    const s = series(MONDAY, values);
    const hours = { stepSeconds: 3600, origin: (MONDAY * 300) / 3600, slots: 2 };
    expect(Array.from(alignSeries(s, hours, 'max'))).toEqual([11, 23]);
    const mean = alignSeries(s, hours, 'mean');
    expect(mean[0]).toBeCloseTo((0 + 1 + 2 + 3 + 4 + 6 + 7 + 8 + 9 + 10 + 11) / 11, 5);
    expect(mean[1]).toBeCloseTo((12 + 23) / 2, 5);
  });
});

describe('sliceSeries', () => {
  it('keeps the whole slots inside the window, and nothing outside the series', () => {
    const s = series(MONDAY, [1, 2, 3, 4]);
    const cut = sliceSeries(s, (MONDAY + 1) * 300, (MONDAY + 3) * 300);
    expect(cut.start).toBe(MONDAY + 1);
    expect(Array.from(cut.values)).toEqual([2, 3]);
    expect(sliceSeries(s, (MONDAY + 10) * 300, (MONDAY + 20) * 300).values).toHaveLength(0);
  });
});

describe('profileOf', () => {
  it('gives percentiles, coverage and the hour of the week of each sample', () => {
    // Monday 00:00–00:55 at 1 … 12, then 12 slots without a sample (01:00–01:55).
    const values = [...Array.from({ length: 12 }, (_, i) => i + 1), ...Array(12).fill(NaN)];
    const p = profileOf(series(MONDAY, values), 100, 24);
    expect(p.samples).toBe(12);
    expect(p.coverage).toBe(0.5);
    expect(p.max).toBe(12);
    expect(p.mean).toBeCloseTo(6.5, 9);
    expect(p.p50).toBeCloseTo(6.5, 9);
    expect(p.hourOfWeek[0]).toBe(12);
    expect(p.hourOfWeek[1]).toBeNull();
    expect(p.hourOfWeek).toHaveLength(168);
  });
});

describe('demandHours', () => {
  it('sums samples × hours of a slot, and the hours that had a sample', () => {
    const { hours, sampledHours } = demandHours(series(MONDAY, [1200, Number.NaN, 600]));
    expect(hours).toBeCloseTo(150, 9); // (1200 + 600) MHz × 1/12 h
    expect(sampledHours).toBeCloseTo(2 / 12, 9);
  });
});

describe('windowSlots', () => {
  it('counts partial slots at both ends', () => {
    expect(windowSlots(0, 3600)).toBe(12);
    expect(windowSlots(100, 700)).toBe(3);
    expect(windowSlots(700, 100)).toBe(0);
    expect(windowSlots(0, 7200, 3600)).toBe(2);
  });
});
