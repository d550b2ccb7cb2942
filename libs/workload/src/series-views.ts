// Views of one measured series: aligned on another grid (downsampled), cut to a window,
// profiled (percentiles, hour of week), summed to demand-hours.
import type { MetricSeries } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS, hourOfWeek } from '@vplan/domain';
import { meanOf, percentileInPlace } from './percentile';
import { HOURS_PER_WEEK } from './week-profile';

/** A regular grid: `slots` steps of `stepSeconds`, the first at absolute step `origin` (epoch seconds / stepSeconds). */
export interface SeriesGrid {
  readonly stepSeconds: number;
  readonly origin: number;
  readonly slots: number;
}

export type Aggregate = 'max' | 'mean';

/**
 * The series on `grid`: value `i` aggregates (max or mean) the slots whose start falls in
 * step `i` of the grid; NaN where no slot of the step has a sample. On the series' own
 * step it only moves the values into place.
 */
export function alignSeries(
  series: MetricSeries,
  grid: SeriesGrid,
  aggregate: Aggregate,
): Float32Array {
  const out = new Float32Array(grid.slots).fill(Number.NaN);
  const counts = aggregate === 'mean' ? new Uint32Array(grid.slots) : undefined;
  const sums = aggregate === 'mean' ? new Float64Array(grid.slots) : undefined;
  const step = series.stepSeconds;
  for (let i = 0; i < series.values.length; i++) {
    const v = series.values[i] as number;
    if (Number.isNaN(v)) continue;
    const at = Math.floor(((series.start + i) * step) / grid.stepSeconds) - grid.origin;
    if (at < 0 || at >= grid.slots) continue;
    if (sums && counts) {
      sums[at] = (sums[at] as number) + v;
      counts[at] = (counts[at] as number) + 1;
    } else if (!((out[at] as number) >= v)) {
      out[at] = v;
    }
  }
  if (sums && counts) {
    for (let i = 0; i < grid.slots; i++)
      if ((counts[i] as number) > 0) out[i] = (sums[i] as number) / (counts[i] as number);
  }
  return out;
}

/** The part of a series inside `[fromSeconds, toSeconds)` (whole 5-minute slots). */
export function sliceSeries(
  series: MetricSeries,
  fromSeconds: number,
  toSeconds: number,
): MetricSeries {
  const first = Math.max(series.start, Math.floor(fromSeconds / series.stepSeconds));
  const end = Math.min(
    series.start + series.values.length,
    Math.ceil(toSeconds / series.stepSeconds),
  );
  if (end <= first) return { ...series, start: first, values: new Float32Array(0) };
  return {
    ...series,
    start: first,
    values: series.values.slice(first - series.start, end - series.start),
  };
}

/** Statistics of one series over `slots` slots of the window. */
export interface SeriesProfile {
  readonly samples: number;
  readonly coverage: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly hourOfWeek: (number | null)[];
}

/**
 * Percentiles of the samples (linear interpolation, as the planner's percentile sizing)
 * and the hour-of-week profile at `percentile` (hour 0 = Monday 00:00 UTC; null where the
 * hour has no sample). `windowSlots` are the 5-minute slots of the window (coverage).
 */
export function profileOf(
  series: MetricSeries,
  percentile: number,
  windowSlots: number,
): SeriesProfile {
  const samples: number[] = [];
  const byHour: number[][] = Array.from({ length: HOURS_PER_WEEK }, () => []);
  series.values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    samples.push(v);
    byHour[hourOfWeek((series.start + i) * series.stepSeconds)]!.push(v);
  });
  const at = (p: number): number => percentileInPlace(Float64Array.from(samples), p);
  return {
    samples: samples.length,
    coverage: windowSlots > 0 ? Math.min(1, samples.length / windowSlots) : 0,
    mean: meanOf(samples),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: at(100),
    hourOfWeek: byHour.map((hour) =>
      hour.length === 0 ? null : percentileInPlace(Float64Array.from(hour), percentile),
    ),
  };
}

/** Demand-hours of a series: the sum of its samples × the hours of a slot (MHz·h, GiB·h …). */
export function demandHours(series: MetricSeries): { hours: number; sampledHours: number } {
  let sum = 0;
  let n = 0;
  for (const v of series.values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  const slotHours = series.stepSeconds / 3600;
  return { hours: sum * slotHours, sampledHours: n * slotHours };
}

/** Slots of `stepSeconds` (default 300) in `[fromSeconds, toSeconds)`, partial slots counted. */
export function windowSlots(
  fromSeconds: number,
  toSeconds: number,
  stepSeconds = DEFAULT_STEP_SECONDS,
): number {
  return Math.max(0, Math.ceil(toSeconds / stepSeconds) - Math.floor(fromSeconds / stepSeconds));
}
