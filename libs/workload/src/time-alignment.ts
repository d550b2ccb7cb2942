import type { MetricSeries, TimeGrid } from '@vplan/domain';

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
 * (0), as a server that did not report is taken to have been off. This is the `'zero'`
 * gap policy of `buildDemandMatrix`, which offers better ones.
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

/**
 * Share (0..1) of the grid's slots that hold a sample of the series (samples outside the
 * grid do not count); 0 for an empty grid.
 */
export function coverage(series: MetricSeries, grid: TimeGrid): number {
  const offset = series.start - grid.origin;
  const values = series.values;
  const to = Math.min(values.length, grid.slots - offset);
  let present = 0;
  for (let i = Math.max(0, -offset); i < to; i++) if (values[i] === values[i]) present++;
  return grid.slots === 0 ? 0 : present / grid.slots;
}
