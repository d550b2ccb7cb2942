import type { PlacementProblem } from './problem';

/** Relative tolerance on capacity, so that float rounding never rejects an exact fit. */
export const CAPACITY_TOLERANCE = 1e-9;

/** How far a set of items on one host goes beyond the usable capacity over time. */
export interface Exceedance {
  /** Slots at which some resource's summed demand exceeds its usable capacity. */
  readonly slots: number;
  /** `slots / problem.slots` (0..1). */
  readonly share: number;
  /** Largest summed demand / usable capacity over slots and resources (0 for no item). */
  readonly worstRatio: number;
}

/**
 * The exceedance of the items `items` (indices into `problem.items`) sharing one host:
 * the slots over any resource's usable capacity (with the packer's 1e-9 relative
 * tolerance), their share of the horizon, and the worst load ratio.
 */
export function measureExceedance(problem: PlacementProblem, items: readonly number[]): Exceedance {
  const T = problem.slots;
  const over = new Uint8Array(T);
  let worstRatio = 0;
  problem.resources.forEach((_, r) => {
    const usable = problem.usable[r]!;
    const load = new Float64Array(T);
    for (const i of items) {
      const d = problem.items[i]!.demand[r]!;
      for (let t = 0; t < T; t++) load[t] = load[t]! + d[t]!;
    }
    const limit = usable * (1 + CAPACITY_TOLERANCE);
    for (let t = 0; t < T; t++) {
      const v = load[t]!;
      if (v > limit) over[t] = 1;
      const ratio = usable > 0 ? v / usable : v > 0 ? Infinity : 0;
      if (ratio > worstRatio) worstRatio = ratio;
    }
  });
  let slots = 0;
  for (let t = 0; t < T; t++) slots += over[t]!;
  return { slots, share: T > 0 ? slots / T : 0, worstRatio };
}

/** A host's summed load per resource and slot, with its maximum per block of slots. */
export interface SlotLoads {
  readonly load: readonly Float64Array[];
  readonly blockMax: readonly Float64Array[];
}

/** Demand that joins a host: per resource, the series and its block maxima. */
export interface Joining {
  readonly demand: readonly Float32Array[];
  readonly blockMax: readonly Float32Array[];
}

let hot = new Int32Array(8);

/**
 * Slots at which `host` (plus `joining`, minus the series in `leaving`: per leaving
 * item, per resource) exceeds `limit` in any resource, counting only up to `stopAbove + 1`
 * (the caller only needs to know whether it is above). Reads only the blocks where the
 * block maxima could exceed a limit, and there only the resources that could.
 */
export function countExceeding(
  host: SlotLoads,
  joining: Joining | undefined,
  leaving: readonly (readonly Float32Array[])[],
  limit: Float64Array,
  blockSize: number,
  stopAbove: number,
): number {
  const R = limit.length;
  const T = host.load[0]?.length ?? 0;
  const blocks = Math.ceil(T / blockSize);
  if (hot.length < R) hot = new Int32Array(R);
  let over = 0;
  for (let b = 0; b < blocks; b++) {
    let k = 0;
    for (let r = 0; r < R; r++) {
      const upper = host.blockMax[r]![b]! + (joining ? joining.blockMax[r]![b]! : 0);
      if (upper > limit[r]!) hot[k++] = r;
    }
    if (k === 0) continue;
    const end = Math.min(T, (b + 1) * blockSize);
    for (let t = b * blockSize; t < end; t++) {
      for (let j = 0; j < k; j++) {
        const r = hot[j]!;
        let v = host.load[r]![t]! + (joining ? joining.demand[r]![t]! : 0);
        for (const l of leaving) v -= l[r]![t]!;
        if (v > limit[r]!) {
          over++;
          break;
        }
      }
      if (over > stopAbove) return over;
    }
  }
  return over;
}
