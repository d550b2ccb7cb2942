import type { PlacementProblem } from './problem';
import { CAPACITY_TOLERANCE } from './exceedance';

/**
 * Lower bounds on hosts with an allowed exceedance E > 0 (`problem.allowedExceedance`):
 * a host may be over capacity in up to E slots, by any amount, so the volume of a
 * single slot no longer bounds the plan. See `lowerBound` and the README.
 */

/** A small slack so that float noise in a sum never raises the bound by a whole host. */
const BOUND_EPSILON = 1e-9;

/**
 * The chance-constrained counterpart of "max over slots": the smallest host count n
 * with #{t : ⌈perSlot[t]⌉ > n} ≤ n × allowed, where `perSlot[t]` is a lower bound on
 * the hosts slot t needs when no host exceeds its capacity there. Sound because a plan
 * with n hosts that needs more than n at slot t has at least one host over capacity at
 * t, and its n hosts together may exceed in at most n × allowed (host, slot) pairs. With
 * `allowed` 0 it is ⌈max over t of perSlot⌉.
 */
export function hostsWithinExceedance(perSlot: ArrayLike<number>, allowed: number): number {
  const need: number[] = [];
  for (let t = 0; t < perSlot.length; t++) {
    const c = Math.ceil(perSlot[t]! - BOUND_EPSILON);
    if (c > 0) need.push(c);
  }
  need.sort((a, b) => a - b);
  // `need` ascending: the slots needing more than n are need[p..], p = #need ≤ n.
  let p = 0;
  for (let n = 0; ; n++) {
    while (p < need.length && need[p]! <= n) p++;
    if (need.length - p <= n * allowed) return n;
  }
}

/** Slot-set sizes tried by `trimmedVolumeBound`, in multiples of E + 1. */
const TRIM_MULTIPLES = [1, 2, 4];
/** Item values `trimmedVolumeBound` may read per resource beyond the first multiple. */
const TRIM_WORK = 4_000_000;

/**
 * The volume bound that survives exceedance. Take any set Q of m > E slots: every host
 * is within capacity in at least m − E of them, so on some m − E slots of Q its load
 * sums to at most (m − E) × usable, and each of its items contributes there at least
 * w_i, the sum of its m − E smallest demands over Q. Summed over the hosts:
 * n ≥ Σ_i w_i / ((m − E) × usable). Q is the m busiest slots of each resource's total,
 * m = E + 1 (w_i is then the item's least demand over Q: full strength for flat demand,
 * which the slot counting of `hostsWithinExceedance` cannot see), 2(E + 1) and 4(E + 1)
 * while affordable.
 */
export function trimmedVolumeBound(
  problem: PlacementProblem,
  include: (item: number) => boolean,
  allowed: number,
): number {
  const { slots, usable, items } = problem;
  const members = items.flatMap((_, i) => (include(i) ? [i] : []));
  let best = 0;
  usable.forEach((capacity, r) => {
    const total = new Float64Array(slots);
    for (const i of members) {
      const d = items[i]!.demand[r]!;
      for (let t = 0; t < slots; t++) total[t] = total[t]! + d[t]!;
    }
    const busiest = Array.from({ length: slots }, (_, t) => t).sort(
      (a, b) => total[b]! - total[a]! || a - b,
    );
    for (const multiple of TRIM_MULTIPLES) {
      const m = multiple * (allowed + 1);
      if (m > slots || (multiple > 1 && m * members.length > TRIM_WORK)) break;
      const keep = m - allowed;
      const values = new Float64Array(m);
      let sum = 0;
      for (const i of members) {
        const d = items[i]!.demand[r]!;
        let least = Infinity;
        for (let k = 0; k < m; k++) {
          const v = d[busiest[k]!]!;
          values[k] = v;
          if (v < least) least = v;
        }
        if (keep === 1) sum += least;
        else {
          values.sort();
          for (let k = 0; k < keep; k++) sum += values[k]!;
        }
      }
      const need = sum / (keep * capacity * (1 + CAPACITY_TOLERANCE));
      best = Math.max(best, Math.ceil(need - BOUND_EPSILON));
    }
  });
  return best;
}

/**
 * With an allowed exceedance E > 0, per key: `hostsWithinExceedance` of the key's items'
 * per-slot volume (max over resources of Σ demand / usable), the counterpart of
 * `volumeByKey` (a key's items only share hosts with each other and unkeyed items).
 */
export function exceedanceByKey(
  problem: PlacementProblem,
  keys: Int32Array,
  keyCount: number,
  include: (item: number) => boolean,
  allowed: number,
): number[] {
  const { slots, usable, items } = problem;
  const shares = Array.from({ length: keyCount }, () => new Float64Array(slots));
  const totals = Array.from({ length: keyCount }, () => new Float64Array(slots));
  usable.forEach((capacity, r) => {
    for (const total of totals) total.fill(0);
    items.forEach((item, i) => {
      const key = keys[i]!;
      if (key < 0 || !include(i)) return;
      const total = totals[key]!;
      const d = item.demand[r]!;
      for (let t = 0; t < slots; t++) total[t] = total[t]! + d[t]!;
    });
    totals.forEach((total, key) => {
      const share = shares[key]!;
      for (let t = 0; t < slots; t++) share[t] = Math.max(share[t]!, total[t]! / capacity);
    });
  });
  return shares.map((share) => hostsWithinExceedance(share, allowed));
}
