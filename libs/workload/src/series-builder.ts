import type { MetricSeries, ResourceName } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS } from '@vplan/domain';

/**
 * Accumulates irregular samples of one asset and metric onto a regular grid. Samples
 * fall into slot `floor(epochSeconds / step)`; several samples in one slot keep the
 * largest (a consolidation plan must hold the worst moment of each slot). Slots with no
 * sample stay `NaN` (a gap) in the built series.
 */
export class SeriesBuilder {
  private values = new Float32Array(64).fill(Number.NaN);
  private first = Number.NaN;
  private count = 0;

  constructor(
    readonly assetId: string,
    readonly metric: ResourceName,
    readonly stepSeconds: number = DEFAULT_STEP_SECONDS,
  ) {}

  /** Adds a sample; `value` must be finite (callers reject bad input with its location). */
  add(epochSeconds: number, value: number): void {
    const slot = Math.floor(epochSeconds / this.stepSeconds);
    if (Number.isNaN(this.first)) this.first = slot;
    if (slot < this.first) this.growFront(this.first - slot);
    const index = slot - this.first;
    if (index >= this.values.length) this.growBack(index + 1);
    const current = this.values[index] as number;
    if (!(current >= value)) this.values[index] = value;
    if (index >= this.count) this.count = index + 1;
  }

  /** Number of samples' slots covered so far (first to last slot). */
  get span(): number {
    return this.count;
  }

  build(): MetricSeries {
    return {
      assetId: this.assetId,
      metric: this.metric,
      stepSeconds: this.stepSeconds,
      start: Number.isNaN(this.first) ? 0 : this.first,
      values: this.values.slice(0, this.count),
    };
  }

  private growBack(minLength: number): void {
    let length = this.values.length;
    while (length < minLength) length *= 2;
    const next = new Float32Array(length).fill(Number.NaN);
    next.set(this.values);
    this.values = next;
  }

  private growFront(by: number): void {
    let length = this.values.length;
    while (length < this.count + by) length *= 2;
    const next = new Float32Array(length).fill(Number.NaN);
    next.set(this.values.subarray(0, this.count), by);
    this.values = next;
    this.first -= by;
    this.count += by;
  }
}
