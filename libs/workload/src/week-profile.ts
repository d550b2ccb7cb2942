import type { MetricSeries, TimeGrid } from '@vplan/domain';
import { hourOfWeek } from '@vplan/domain';
import { percentileOfRange } from './percentile';

/** Slots of the hour-of-week grid: hour 0 is Monday 00:00–00:59 UTC. */
export const HOURS_PER_WEEK = 168;

/** The hour of the week (UTC, 0 = Monday 00:00) of each slot of `grid`. */
export function gridHours(grid: TimeGrid): Uint8Array {
  const hours = new Uint8Array(grid.slots);
  for (let i = 0; i < grid.slots; i++) hours[i] = hourOfWeek((grid.origin + i) * grid.stepSeconds);
  return hours;
}

/**
 * Hour-of-week profiles of many series, one at a time, with one set of scratch buffers:
 * profiling an estate allocates once rather than per series. An hour's percentile is
 * computed when first asked for, so filling a few gaps costs a few selections. Not
 * reentrant.
 */
export class WeekProfiler {
  private values = new Float64Array(0);
  private samples = 0;
  private p = 100;
  private readonly counts = new Int32Array(HOURS_PER_WEEK);
  private readonly starts = new Int32Array(HOURS_PER_WEEK + 1);
  private readonly cursor = new Int32Array(HOURS_PER_WEEK);
  /** Per hour: its percentile once computed (the maximum at once when p ≥ 100). */
  private readonly byHour = new Float64Array(HOURS_PER_WEEK);
  private readonly known = new Uint8Array(HOURS_PER_WEEK);
  private overallValue = NaN;

  /**
   * Loads the series' samples, grouped by hour of the week, for percentile `p` (1..100).
   * `hours[offset + i]` is the hour of the week of the series' slot `i` (see
   * {@link gridHours}). Negative samples count as 0. Returns the number of samples.
   */
  load(series: MetricSeries, hours: Uint8Array, offset: number, p: number): number {
    this.p = p;
    this.counts.fill(0);
    this.known.fill(0);
    this.overallValue = NaN;
    if (p < 100) return this.bucket(series, hours, offset);
    // The maximum needs no grouping: one pass.
    const { counts, byHour } = this;
    const values = series.values;
    let samples = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      const h = hours[offset + i] as number;
      const d = v > 0 ? v : 0;
      if (counts[h] === 0 || d > (byHour[h] as number)) byHour[h] = d;
      counts[h] = (counts[h] as number) + 1;
      samples++;
    }
    for (let h = 0; h < HOURS_PER_WEEK; h++) this.known[h] = 1;
    this.samples = samples;
    return samples;
  }

  /** The `p`-th percentile of the loaded samples in hour `h` of the week; NaN without any. */
  hour(h: number): number {
    if (this.counts[h] === 0) return NaN;
    if (this.known[h] === 0) {
      this.byHour[h] = percentileOfRange(
        this.values,
        this.starts[h] as number,
        this.starts[h + 1] as number,
        this.p,
      );
      this.known[h] = 1;
    }
    return this.byHour[h] as number;
  }

  /** The `p`-th percentile of all loaded samples (0 without samples). */
  overall(): number {
    if (this.overallValue !== this.overallValue) {
      if (this.p < 100) this.overallValue = percentileOfRange(this.values, 0, this.samples, this.p);
      else {
        let max = 0;
        for (let h = 0; h < HOURS_PER_WEEK; h++) {
          if ((this.counts[h] as number) > 0) max = Math.max(max, this.byHour[h] as number);
        }
        this.overallValue = max;
      }
    }
    return this.overallValue;
  }

  /** Loaded samples in hour `h` of the week. */
  samplesIn(h: number): number {
    return this.counts[h] as number;
  }

  /** Writes the 168 hourly percentiles into `out` (NaN for an hour without a sample). */
  profileInto(out: Float32Array): void {
    for (let h = 0; h < HOURS_PER_WEEK; h++) out[h] = this.hour(h);
  }

  /** Counting sort of the samples by hour of the week into `values`, bounds in `starts`. */
  private bucket(series: MetricSeries, hours: Uint8Array, offset: number): number {
    const values = series.values;
    const { counts, starts, cursor } = this;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== values[i]) continue;
      const h = hours[offset + i] as number;
      counts[h] = (counts[h] as number) + 1;
    }
    starts[0] = 0;
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      starts[h + 1] = (starts[h] as number) + (counts[h] as number);
    }
    this.samples = starts[HOURS_PER_WEEK] as number;
    if (this.values.length < this.samples) this.values = new Float64Array(this.samples);
    for (let h = 0; h < HOURS_PER_WEEK; h++) cursor[h] = starts[h] as number;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      const h = hours[offset + i] as number;
      const at = cursor[h] as number;
      cursor[h] = at + 1;
      this.values[at] = v > 0 ? v : 0;
    }
    return this.samples;
  }
}

/**
 * Hour-of-week profile at percentile `p`: value `h` is the `p`-th percentile of the
 * series' samples whose slot starts in hour-of-week `h` (UTC). Gaps are not samples; an
 * hour with no sample gets 0.
 */
export function hourOfWeekProfile(series: MetricSeries, p: number): Float32Array {
  const own: TimeGrid = {
    stepSeconds: series.stepSeconds,
    origin: series.start,
    slots: series.values.length,
  };
  const profiler = new WeekProfiler();
  profiler.load(series, gridHours(own), 0, p);
  const out = new Float32Array(HOURS_PER_WEEK);
  profiler.profileInto(out);
  for (let h = 0; h < HOURS_PER_WEEK; h++) if (Number.isNaN(out[h])) out[h] = 0;
  return out;
}
