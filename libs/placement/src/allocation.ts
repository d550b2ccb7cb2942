import type { PlacementProblem } from './problem';

/** Relative tolerance on allocation limits (the packer's capacity tolerance). */
const ALLOCATION_TOLERANCE = 1e-9;

/** A small slack so that float noise in a sum never raises the bound by a whole host. */
const BOUND_EPSILON = 1e-9;

/** Number of allocation dimensions of a problem (0 without `allocation`). */
export function allocationDims(problem: PlacementProblem): number {
  return problem.allocation?.limits.length ?? 0;
}

/** Item `i`'s allocation in dimension `d` (0 when not given). */
export function allocationOf(problem: PlacementProblem, i: number, d: number): number {
  return problem.items[i]!.allocation?.[d] ?? 0;
}

/**
 * Per-host running sums of the items' static allocation, so that a fit check rejects
 * an allocation breach in O(dimensions) before it reads any time slot.
 */
export class AllocationLedger {
  /** Dimensions; 0 makes every check a no-op. */
  readonly dims: number;
  private readonly limit: Float64Array;
  /** `item[i * dims + d]`. */
  private readonly item: Float64Array;
  /** `sum[h * dims + d]`, grown as hosts open. */
  private sum: Float64Array;
  private hosts = 0;

  constructor(problem: PlacementProblem) {
    const A = allocationDims(problem);
    this.dims = A;
    this.limit = Float64Array.from(
      problem.allocation?.limits ?? [],
      (l) => l * (1 + ALLOCATION_TOLERANCE),
    );
    this.item = new Float64Array(problem.items.length * A);
    for (let i = 0; i < problem.items.length; i++)
      for (let d = 0; d < A; d++) this.item[i * A + d] = allocationOf(problem, i, d);
    this.sum = new Float64Array(A * 8);
  }

  /** Makes room for one more host (all sums 0). */
  openHost(): void {
    this.hosts++;
    if (this.hosts * this.dims > this.sum.length) {
      const grown = new Float64Array(this.sum.length * 2);
      grown.set(this.sum);
      this.sum = grown;
    }
  }

  /** Whether `item` stays within every limit on host `h` once `leaving` (on `h`) are gone. */
  allows(h: number, item: number, leaving: readonly number[] = []): boolean {
    const A = this.dims;
    for (let d = 0; d < A; d++) {
      let v = this.sum[h * A + d]! + this.item[item * A + d]!;
      for (const l of leaving) v -= this.item[l * A + d]!;
      if (v > this.limit[d]!) return false;
    }
    return true;
  }

  /** Adds (`sign` 1) or removes (−1) `item`'s allocation on host `h`. */
  apply(h: number, item: number, sign: 1 | -1): void {
    const A = this.dims;
    for (let d = 0; d < A; d++)
      this.sum[h * A + d] = this.sum[h * A + d]! + sign * this.item[item * A + d]!;
  }
}

/** Why item `i` fits no host by allocation: each dimension where it alone exceeds the limit. */
export function allocationReasons(problem: PlacementProblem, i: number): string[] {
  const limits = problem.allocation?.limits ?? [];
  const names = problem.allocation?.names ?? [];
  return limits.flatMap((limit, d) => {
    const value = allocationOf(problem, i, d);
    if (value <= limit * (1 + ALLOCATION_TOLERANCE)) return [];
    const name = names[d] ?? `allocation ${d}`;
    return [`needs ${format(value)} ${name}; a host allows ${format(limit)}`];
  });
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * Hosts the allocation alone needs: max over dimensions of ⌈Σ allocation / limit⌉ for
 * the items selected by `include` (unlimited dimensions count 0). Static, so valid for
 * any allowed exceedance.
 */
export function allocationBound(
  problem: PlacementProblem,
  include: (item: number) => boolean,
): number {
  return allocationBoundByKey(problem, (i) => (include(i) ? 0 : -1), 1)[0]!;
}

/**
 * `allocationBound` of every key's items at once (one pass): `keyOf(i)` is item i's key
 * in 0…keyCount−1, or −1 to leave it out.
 */
export function allocationBoundByKey(
  problem: PlacementProblem,
  keyOf: (item: number) => number,
  keyCount: number,
): number[] {
  const limits = problem.allocation?.limits ?? [];
  const A = limits.length;
  const sums = new Float64Array(keyCount * A);
  if (A > 0) {
    for (let i = 0; i < problem.items.length; i++) {
      const key = keyOf(i);
      if (key < 0) continue;
      for (let d = 0; d < A; d++)
        sums[key * A + d] = sums[key * A + d]! + allocationOf(problem, i, d);
    }
  }
  return Array.from({ length: keyCount }, (_, key) => {
    let best = 0;
    limits.forEach((limit, d) => {
      if (!(limit > 0) || !Number.isFinite(limit)) return;
      // Against the limit with the packer's tolerance, so the bound never exceeds a plan.
      const need = sums[key * A + d]! / (limit * (1 + ALLOCATION_TOLERANCE));
      best = Math.max(best, Math.ceil(need - BOUND_EPSILON));
    });
    return best;
  });
}
