/**
 * The `p`-th percentile (0 < p ≤ 100) of `values` by linear interpolation between order
 * statistics (the "type 7" definition of R and NumPy). `p = 100` is the maximum.
 * Sorts `values` in place; returns 0 for an empty array.
 */
export function percentileInPlace(values: Float64Array | Float32Array, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  if (p >= 100) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) if ((values[i] as number) > max) max = values[i] as number;
    return max;
  }
  values.sort();
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  const a = values[lo] as number;
  const b = values[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Largest value and the first index where it occurs (`argmax = -1` for an empty array). */
export function peakOf(values: ArrayLike<number>): { peak: number; argmax: number } {
  let peak = -Infinity;
  let argmax = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > peak) {
      peak = v;
      argmax = i;
    }
  }
  return { peak: argmax < 0 ? 0 : peak, argmax };
}

/** Arithmetic mean (0 for an empty array). */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return values.length === 0 ? 0 : sum / values.length;
}
