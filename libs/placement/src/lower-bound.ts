import type { ResourceName } from '@vplan/domain';
import type { PlacementProblem } from './problem';
import type { HardRules } from './rules';
import { allocationBound, allocationBoundByKey } from './allocation';
import { exceedanceByKey, hostsWithinExceedance, trimmedVolumeBound } from './exceedance-bound';

/** Why no valid plan can use fewer hosts. */
export interface LowerBound {
  /** The bound, in hosts. */
  readonly hosts: number;
  /** Per resource (order of `problem.resources`): `max over t of Σ demand / usable`, unrounded. */
  readonly volume: readonly number[];
  /** The resource with the largest volume bound. */
  readonly limitingResource: ResourceName;
  /**
   * What sets the bound: the time-aware volume, items above half a host at the same
   * slot, a group of mutually exclusive items, classes of a `same` rule (e.g.
   * environments) that need hosts of their own, or the static allocation limits.
   */
  readonly setBy: 'volume' | 'exclusive-group' | 'rule-classes' | 'large-items' | 'allocation';
}

/** Largest number of items sharing one key of a rule with `max` per host: ⌈count / max⌉ hosts. */
function largestExclusiveGroup(rules: HardRules, include: (item: number) => boolean): number {
  let best = 0;
  for (const rule of rules.limits) {
    const counts = new Map<number, number>();
    rule.keys.forEach((key, item) => {
      if (key >= 0 && include(item)) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    for (const count of counts.values()) best = Math.max(best, Math.ceil(count / rule.max));
  }
  return best;
}

/**
 * `volumeBound` for every key at once: one pass over the items, summing each item's
 * demand into its key's totals (items without a key, −1, are skipped).
 */
function volumeByKey(
  problem: PlacementProblem,
  keys: Int32Array,
  keyCount: number,
  include: (item: number) => boolean,
): number[][] {
  const { slots, resources, usable, items } = problem;
  return resources
    .map((_, r) => {
      const totals = Array.from({ length: keyCount }, () => new Float64Array(slots));
      items.forEach((item, i) => {
        const key = keys[i]!;
        if (key < 0 || !include(i)) return;
        const total = totals[key]!;
        const d = item.demand[r]!;
        for (let t = 0; t < slots; t++) total[t] = total[t]! + d[t]!;
      });
      return totals.map((total) => {
        let max = 0;
        for (let t = 0; t < slots; t++) if (total[t]! > max) max = total[t]!;
        return max / usable[r]!;
      });
    })
    .reduce<number[][]>((byKey, perResource, r) => {
      perResource.forEach((v, key) => ((byKey[key] ??= [])[r] = v));
      return byKey;
    }, []);
}

/** Thresholds α (share of capacity) at which the Martello–Toth bound is evaluated. */
const L2_ALPHAS = [0, 0.1, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.45, 0.5];

/**
 * Martello and Toth's L2 bound of one-dimensional bin packing, applied slot by slot:
 * items above half a host at the same slot need a host each, and the smaller items
 * must fit into what those leave. Valid for every slot, so the maximum over slots is a
 * bound of the whole problem; it beats the volume bound when large items coincide. Only
 * slots where some item exceeds half the capacity can beat the volume bound, so only
 * those are evaluated, and the full sweep over α only at the busiest of them.
 */
function largeItemBound(
  problem: PlacementProblem,
  include: (item: number) => boolean,
  perSlot?: Float64Array,
): number {
  const { slots, usable, items } = problem;
  let best = 0;
  usable.forEach((capacity, r) => {
    const half = capacity / 2;
    const large = new Int32Array(slots);
    const total = new Float64Array(slots);
    items.forEach((item, i) => {
      if (!include(i)) return;
      const d = item.demand[r]!;
      for (let t = 0; t < slots; t++) {
        total[t] = total[t]! + d[t]!;
        if (d[t]! > half) large[t] = large[t]! + 1;
      }
    });
    // α = 0 needs no per-item pass: the large items need a host each and the rest fill
    // their slack first, which gives max(#large, ⌈total / C⌉).
    const busy: number[] = [];
    for (let t = 0; t < slots; t++) {
      if (large[t] === 0) continue;
      busy.push(t);
      const need = Math.max(large[t]!, Math.ceil(total[t]! / capacity - BOUND_EPSILON));
      best = Math.max(best, need);
      if (perSlot) perSlot[t] = Math.max(perSlot[t]!, need);
    }
    // The α sweep reads every item at a slot: only for the slots with the most large items.
    busy.sort((a, b) => large[b]! - large[a]! || a - b);
    for (const t of busy.slice(0, L2_SLOTS)) {
      for (const share of L2_ALPHAS) {
        const alpha = share * capacity;
        let j1 = 0;
        let j2 = 0;
        let sum2 = 0;
        let sum3 = 0;
        items.forEach((item, i) => {
          if (!include(i)) return;
          const v = item.demand[r]![t]!;
          if (v > capacity - alpha) j1++;
          else if (v > half) {
            j2++;
            sum2 += v;
          } else if (v >= alpha) sum3 += v;
        });
        const rest = Math.max(
          0,
          Math.ceil((sum3 - (j2 * capacity - sum2)) / capacity - BOUND_EPSILON),
        );
        best = Math.max(best, j1 + j2 + rest);
        if (perSlot) perSlot[t] = Math.max(perSlot[t]!, j1 + j2 + rest);
      }
    }
  });
  return best;
}

/** Slots (those with the most items above half a host) that get the full α sweep. */
const L2_SLOTS = 64;

/** A small slack so that float noise in a sum never raises the bound by a whole host. */
const BOUND_EPSILON = 1e-9;

/**
 * Per resource, `max over t of Σ demand(t) / usable`; with `shares`, also records per
 * slot the largest of those ratios over the resources.
 */
function volumeBound(
  problem: PlacementProblem,
  include: (item: number) => boolean,
  shares?: Float64Array,
): number[] {
  const { slots, resources, usable, items } = problem;
  return resources.map((_, r) => {
    const total = new Float64Array(slots);
    items.forEach((item, i) => {
      if (!include(i)) return;
      const d = item.demand[r]!;
      for (let t = 0; t < slots; t++) total[t] = total[t]! + d[t]!;
    });
    let max = 0;
    for (let t = 0; t < slots; t++) if (total[t]! > max) max = total[t]!;
    if (shares)
      for (let t = 0; t < slots; t++) shares[t] = Math.max(shares[t]!, total[t]! / usable[r]!);
    return max / usable[r]!;
  });
}

/**
 * The time-aware lower bound on hosts for the items selected by `include` (default: all):
 * for each resource, `⌈max over t of Σ demand(t) / usable⌉`; the Martello–Toth bound at
 * each slot where items above half a host coincide; at least as many hosts as
 * the largest group of items that may not share a host; the allocation limits
 * (`⌈Σ allocation / limit⌉` per dimension); and, for each `same` rule (e.g.
 * environment), the sum over its keys of the bound of that key's items, since items of
 * different keys never share a host.
 *
 * With an allowed exceedance E > 0 a host may be over capacity in E slots, so a slot's
 * volume no longer bounds the plan. Each slot t still has a per-slot bound b(t) (volume,
 * large items) that holds unless some host exceeds at t; n hosts exceed in at most n × E
 * (host, slot) pairs, so the bound is the smallest n with #{t : b(t) > n} ≤ n × E
 * (`hostsWithinExceedance`). The trimmed volume (`trimmedVolumeBound`) adds what slot
 * counting misses for flat demand. Exclusive groups and allocation are static and stay
 * valid as they are; rule classes use the slot counting per class.
 */
export function lowerBound(
  problem: PlacementProblem,
  rules: HardRules,
  include: (item: number) => boolean = () => true,
): LowerBound {
  const allowed = problem.allowedExceedance ?? 0;
  const shares = allowed > 0 ? new Float64Array(problem.slots) : undefined;
  const volume = volumeBound(problem, include, shares);
  let limiting = 0;
  volume.forEach((v, r) => {
    if (v > volume[limiting]!) limiting = r;
  });
  let hosts: number;
  let large: number;
  if (!shares) {
    hosts = Math.max(0, ...volume.map(ceil));
    large = largeItemBound(problem, include);
  } else {
    hosts = Math.max(
      hostsWithinExceedance(shares, allowed),
      trimmedVolumeBound(problem, include, allowed),
    );
    // Per slot, the larger of the volume and the large-item bound: both hold at t
    // unless a host exceeds there.
    const perSlot = Float64Array.from(shares);
    largeItemBound(problem, include, perSlot);
    large = hostsWithinExceedance(perSlot, allowed);
  }
  let setBy: LowerBound['setBy'] = 'volume';
  const raise = (value: number, by: LowerBound['setBy']): void => {
    if (value <= hosts) return;
    hosts = value;
    setBy = by;
  };
  raise(large, 'large-items');
  raise(largestExclusiveGroup(rules, include), 'exclusive-group');
  raise(allocationBound(problem, include), 'allocation');
  raise(ruleClassBound(problem, rules, include, allowed), 'rule-classes');
  const anyItem = problem.items.some((_, i) => include(i));
  return {
    hosts: anyItem ? Math.max(1, hosts) : 0,
    volume,
    limitingResource: problem.resources[limiting]!,
    setBy,
  };
}

const ceil = (v: number): number => Math.ceil(v - BOUND_EPSILON);

/**
 * For each `same` rule, the sum over its keys of the bound of that key's items alone
 * (volume, exclusive groups, allocation); the largest over the rules. Items of different
 * keys never share a host, so each key's items need hosts of their own; items without a
 * key only add demand, so leaving them out keeps this a bound.
 */
function ruleClassBound(
  problem: PlacementProblem,
  rules: HardRules,
  include: (item: number) => boolean,
  allowed: number,
): number {
  let best = 0;
  for (const rule of rules.same) {
    const keyCount = rule.names.length;
    const volumes =
      allowed > 0
        ? exceedanceByKey(problem, rule.keys, keyCount, include, allowed)
        : volumeByKey(problem, rule.keys, keyCount, include).map((v) =>
            Math.max(0, ...v.map(ceil)),
          );
    const keyOf = (i: number): number => (include(i) ? rule.keys[i]! : -1);
    const allocation = allocationBoundByKey(problem, keyOf, keyCount);
    let sum = 0;
    for (let key = 0; key < keyCount; key++) {
      const inClass = (i: number): boolean => include(i) && rule.keys[i] === key;
      sum += Math.max(volumes[key] ?? 0, largestExclusiveGroup(rules, inClass), allocation[key]!);
    }
    best = Math.max(best, sum);
  }
  return best;
}
