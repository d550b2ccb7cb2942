/**
 * The `p`-th percentile (0 < p ≤ 100) of `values` by linear interpolation between order
 * statistics (the "type 7" definition of R and NumPy). `p = 100` is the maximum.
 * Reorders `values` in place; returns 0 for an empty array.
 */
export function percentileInPlace(values: Float64Array | Float32Array, p: number): number {
  return percentileOfRange(values, 0, values.length, p);
}

/**
 * {@link percentileInPlace} of `values[from, to)`: reorders that range only (a selection,
 * linear on average, no sort and no allocation); 0 for an empty range.
 */
export function percentileOfRange(
  values: Float64Array | Float32Array,
  from: number,
  to: number,
  p: number,
): number {
  const n = to - from;
  if (n <= 0) return 0;
  if (p >= 100) {
    let max = -Infinity;
    for (let i = from; i < to; i++) if ((values[i] as number) > max) max = values[i] as number;
    return max;
  }
  const rank = (p / 100) * (n - 1);
  const lo = from + Math.floor(rank);
  select(values, from, to - 1, lo);
  const a = values[lo] as number;
  if (lo + 1 >= to) return a;
  // After the selection everything right of `lo` is ≥ it: the next order statistic is their minimum.
  let b = Infinity;
  for (let i = lo + 1; i < to; i++) if ((values[i] as number) < b) b = values[i] as number;
  return a + (b - a) * (rank - Math.floor(rank));
}

/** Hoare's selection: puts the `k`-th smallest of `values[left..right]` at `k`. */
function select(values: Float64Array | Float32Array, left: number, right: number, k: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    const pivot = median3(values[left] as number, values[mid] as number, values[right] as number);
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
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
