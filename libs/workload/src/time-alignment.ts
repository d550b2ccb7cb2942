import type { MetricSeries, TimeGrid } from '@vplan/domain';
import { hourOfWeek } from '@vplan/domain';
import { percentileInPlace } from './percentile';

/**
 * The smallest grid that covers every series (they must share one step). Returns
 * `undefined` when there is no sample at all.
 */
export function commonGrid(series: readonly MetricSeries[]): TimeGrid | undefined {
  let first = Infinity;
  let end = -Infinity;
  let step: number | undefined;
  for (const s of series) {
    if (s.values.length === 0) continue;
    if (step !== undefined && s.stepSeconds !== step) {
      throw new Error(`series of ${s.assetId} has a step of ${s.stepSeconds} s, others ${step} s`);
    }
    step = s.stepSeconds;
    first = Math.min(first, s.start);
    end = Math.max(end, s.start + s.values.length);
  }
  if (step === undefined) return undefined;
  return { stepSeconds: step, origin: first, slots: end - first };
}

/**
 * The series' values on `grid`: gaps (NaN) and slots outside the series mean no demand
 * (0), as a server that did not report is taken to have been off.
 */
export function alignToGrid(series: MetricSeries, grid: TimeGrid): Float32Array {
  const out = new Float32Array(grid.slots);
  const offset = series.start - grid.origin;
  const values = series.values;
  const from = Math.max(0, -offset);
  const to = Math.min(values.length, grid.slots - offset);
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    out[i + offset] = v > 0 ? v : 0;
  }
  return out;
}

/** Share (0..1) of the grid's slots that hold a sample of the series. */
export function coverage(series: MetricSeries, grid: TimeGrid): number {
  let present = 0;
  for (const v of series.values) if (!Number.isNaN(v)) present++;
  return grid.slots === 0 ? 0 : present / grid.slots;
}

/** Slots of the hour-of-week grid: hour 0 is Monday 00:00–00:59 UTC. */
export const HOURS_PER_WEEK = 168;

/**
 * Hour-of-week profile at percentile `p`: value `h` is the `p`-th percentile of the
 * series' samples whose slot starts in hour-of-week `h` (UTC). Gaps are not samples; an
 * hour with no sample gets 0.
 */
export function hourOfWeekProfile(series: MetricSeries, p: number): Float32Array {
  const buckets: number[][] = Array.from({ length: HOURS_PER_WEEK }, () => []);
  const step = series.stepSeconds;
  series.values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    (buckets[hourOfWeek((series.start + i) * step)] as number[]).push(v > 0 ? v : 0);
  });
  const out = new Float32Array(HOURS_PER_WEEK);
  buckets.forEach((bucket, h) => {
    out[h] = percentileInPlace(Float64Array.from(bucket), p);
  });
  return out;
}
