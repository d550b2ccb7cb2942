/**
 * Peak-preserving downsampling of stacked series. A chart of 8,640 slots is cut into at
 * most `maxPoints` buckets of consecutive slots; each bucket is drawn at the one slot where
 * the stacked total is largest, with every layer's value at that very slot. So the drawn
 * total is an exact total of a real slot: it never exceeds the true maximum and the
 * true maximum is always drawn.
 */

/** Layers downsampled at the peak slot of each bucket. */
export interface StackedSample {
  /** The chosen slot of each point, ascending. */
  readonly slots: readonly number[];
  /** `values[k][p]`: layer k at `slots[p]` (NaN read as 0). */
  readonly values: readonly Float64Array[];
  /** `totals[p]`: Σ_k values[k][p], summed bottom layer first (as a stack is drawn). */
  readonly totals: Float64Array;
  /** Largest total over all slots (not only the chosen ones) and its slot. */
  readonly peak: number;
  readonly peakSlot: number;
  /** Mean total over all slots. */
  readonly mean: number;
}

/** A sample value with gaps (`NaN`) and slots past the array's end read as 0. */
export function valueAt(values: ArrayLike<number>, slot: number): number {
  const v = values[slot];
  return v !== undefined && v === v ? v : 0;
}

/**
 * Per-slot totals of `layers` over `slots` slots, summed bottom layer first with gaps as
 * 0: the same order of additions as a stack drawn from the bottom, so the stacked top
 * equals the total exactly.
 */
export function stackTotals(layers: readonly ArrayLike<number>[], slots: number): Float64Array {
  const total = new Float64Array(slots);
  for (const layer of layers) {
    const n = Math.min(slots, layer.length);
    for (let t = 0; t < n; t++) {
      const v = layer[t] as number;
      if (v === v) total[t] = (total[t] as number) + v;
    }
  }
  return total;
}

/**
 * Splits `total.length` slots into at most `maxPoints` buckets of consecutive slots and
 * returns, per bucket, the slot with the largest total (the first one on ties).
 */
export function bucketPeakSlots(total: ArrayLike<number>, maxPoints: number): number[] {
  const n = total.length;
  const buckets = Math.max(0, Math.min(n, Math.floor(maxPoints)));
  const chosen: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let best = start;
    let bestValue = total[start] as number;
    for (let t = start + 1; t < end; t++) {
      const v = total[t] as number;
      if (v > bestValue) {
        best = t;
        bestValue = v;
      }
    }
    chosen.push(best);
  }
  return chosen;
}

/**
 * Downsamples stacked `layers` (bottom first, each `slots` long; shorter arrays and NaN
 * read as 0) to at most `maxPoints` points, each at the peak slot of its bucket.
 */
export function downsampleStacked(
  layers: readonly ArrayLike<number>[],
  slots: number,
  maxPoints: number,
): StackedSample {
  const total = stackTotals(layers, slots);
  const chosen = bucketPeakSlots(total, maxPoints);
  const values = layers.map((layer) => {
    const out = new Float64Array(chosen.length);
    chosen.forEach((slot, p) => (out[p] = valueAt(layer, slot)));
    return out;
  });
  const totals = new Float64Array(chosen.length);
  for (const layer of values) {
    for (let p = 0; p < totals.length; p++)
      totals[p] = (totals[p] as number) + (layer[p] as number);
  }
  let peak = slots > 0 ? (total[0] as number) : 0;
  let peakSlot = 0;
  let sum = 0;
  for (let t = 0; t < slots; t++) {
    const v = total[t] as number;
    sum += v;
    if (v > peak) {
      peak = v;
      peakSlot = t;
    }
  }
  return { slots: chosen, values, totals, peak, peakSlot, mean: slots > 0 ? sum / slots : 0 };
}
