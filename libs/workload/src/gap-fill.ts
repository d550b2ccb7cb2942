import type { MetricSeries, TimeGrid } from '@vplan/domain';
import { HOURS_PER_WEEK, WeekProfiler } from './week-profile';

/**
 * How a slot of the planned period without a sample is filled: `'profile'` with the
 * asset's own hour-of-week value, `'hold'` with the last measured value, `'zero'` with
 * no demand. See `DemandOptions.gaps`.
 */
export type GapPolicy = 'profile' | 'hold' | 'zero';

/** What the demand of every series of one build shares: grid, hours, policy and scratch. */
export interface FillContext {
  /** The planned grid: the common grid of every planned series (5-minute slots). */
  readonly grid: TimeGrid;
  /** Hour of the week of each slot of `grid` (`gridHours`). */
  readonly hours: Uint8Array;
  readonly gaps: GapPolicy;
  /** 1..100: percentile of the hour-of-week values. */
  readonly percentile: number;
  readonly profiler: WeekProfiler;
  /** 168 values of scratch. */
  readonly week: Float32Array;
  /** Per slot of the demand grid, the measured series with a sample there (added to). */
  readonly measured: Float32Array;
}

/**
 * Series sizing: the series on `ctx.grid` (negative samples as 0), every slot without a
 * sample filled by `ctx.gaps`, written into `out` (`grid.slots` long, zeroed). Returns the
 * number of slots filled. The series must lie inside the grid and hold a sample.
 */
export function seriesDemand(series: MetricSeries, ctx: FillContext, out: Float32Array): number {
  const { grid, measured } = ctx;
  const values = series.values;
  const offset = series.start - grid.origin;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    const j = offset + i;
    out[j] = v > 0 ? v : 0;
    measured[j] = (measured[j] as number) + 1;
    present++;
  }
  const filled = grid.slots - present;
  if (filled > 0 && ctx.gaps === 'hold') holdGaps(series, offset, out);
  if (filled > 0 && ctx.gaps === 'profile') profileGaps(series, offset, ctx, out);
  return filled;
}

/** `'hold'`: each gap of `out` takes the last measured value, leading ones the first. */
function holdGaps(series: MetricSeries, offset: number, out: Float32Array): void {
  const values = series.values;
  const end = offset + values.length;
  let last = firstSample(series);
  for (let j = 0; j < out.length; j++) {
    if (j >= offset && j < end && values[j - offset] === values[j - offset])
      last = out[j] as number;
    else out[j] = last;
  }
}

/** `'profile'`: each gap of `out` takes its hour of the week's value, else the overall one. */
function profileGaps(
  series: MetricSeries,
  offset: number,
  ctx: FillContext,
  out: Float32Array,
): void {
  const { profiler, hours } = ctx;
  const values = series.values;
  const end = offset + values.length;
  profiler.load(series, hours, offset, ctx.percentile);
  for (let j = 0; j < out.length; j++) {
    if (j >= offset && j < end && values[j - offset] === values[j - offset]) continue;
    const v = profiler.hour(hours[j] as number);
    out[j] = v === v ? v : profiler.overall();
  }
}

/**
 * Weekly sizing: the series' hour-of-week profile at `ctx.percentile` into `out` (168
 * values); an hour of the week never measured is filled by `ctx.gaps` (`'profile'`: the
 * series' overall percentile, `'hold'`: the previous measured hour, `'zero'`: 0). Adds 1
 * to `ctx.measured[h]` for each hour with a sample. Returns the number of hours filled.
 */
export function weeklyDemand(series: MetricSeries, ctx: FillContext, out: Float32Array): number {
  const week = profileOf(series, ctx, ctx.gaps);
  let filled = 0;
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    out[h] = week[h] as number;
    if (ctx.profiler.samplesIn(h) > 0) ctx.measured[h] = (ctx.measured[h] as number) + 1;
    else filled++;
  }
  return filled;
}

/** The series' hour-of-week profile in `ctx.week`, hours without a sample filled by `policy`. */
function profileOf(series: MetricSeries, ctx: FillContext, policy: GapPolicy): Float32Array {
  const { profiler, week } = ctx;
  profiler.load(series, ctx.hours, series.start - ctx.grid.origin, ctx.percentile);
  profiler.profileInto(week);
  if (policy === 'zero' || policy === 'profile') {
    const fill = policy === 'zero' ? 0 : profiler.overall();
    for (let h = 0; h < HOURS_PER_WEEK; h++) if (week[h] !== week[h]) week[h] = fill;
    return week;
  }
  // 'hold': the previous measured hour of the week, round the week's end if need be.
  let last = NaN;
  for (let h = HOURS_PER_WEEK - 1; h >= 0 && last !== last; h--) last = week[h] as number;
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    if (week[h] !== week[h]) week[h] = last;
    else last = week[h] as number;
  }
  return week;
}

/** The first sample of the series, as demand (negative as 0); NaN when it has none. */
export function firstSample(series: MetricSeries): number {
  for (const v of series.values) if (v === v) return v > 0 ? v : 0;
  return NaN;
}

/** The absolute slots of the first and last samples of the series; undefined when none. */
export function sampleBounds(series: MetricSeries): { first: number; last: number } | undefined {
  const values = series.values;
  let first = 0;
  while (first < values.length && values[first] !== values[first]) first++;
  if (first === values.length) return undefined;
  let last = values.length - 1;
  while (values[last] !== values[last]) last--;
  return { first: series.start + first, last: series.start + last };
}
