import type { PlacementItem } from './problem';

/**
 * Hard rules in the form the packer evaluates incrementally. The rule language of a
 * later issue compiles into this; today it is built from item labels.
 *
 * - `same`: on one host, every item with a key must have the same key (items without a
 *   key go anywhere). Example: environment separation.
 * - `limits`: on one host, at most `max` items may carry the same key. Example: members
 *   of an anti-affinity group or a DR group (max 1), one domain controller per host.
 */
export interface HardRules {
  readonly same: readonly KeyedRule[];
  readonly limits: readonly LimitRule[];
  /**
   * Pair rules that no key captures (e.g. "VLAN sets must intersect"): evaluated
   * against every item already on the host, so keep them for what keys cannot say.
   */
  readonly pairwise?: readonly PairwiseRule[];
}

/** A hard pair rule given as a predicate over item indices. */
export interface PairwiseRule {
  readonly id: string;
  /** True when items `a` and `b` may not share a host. Must be symmetric. */
  readonly conflicts: (a: number, b: number) => boolean;
  /**
   * Optional, for speed: items grouped by a key (−1: conflicts with nothing) such that
   * `conflicts(a, b) === conflictsByKey(keys[a], keys[b])`. A host then checks the few
   * distinct keys it holds instead of every item on it.
   */
  readonly keyed?: {
    readonly keys: Int32Array;
    readonly conflictsByKey: (ka: number, kb: number) => boolean;
  };
}

/**
 * A soft pair rule: sharing a host is allowed but costs `penalty` (0–100) for each
 * violating pair. The packer minimises the summed penalty after the host count.
 */
export interface SoftRule {
  readonly id: string;
  readonly penalty: number;
  /** True when items `a` and `b` on one host violate the rule. Must be symmetric. */
  readonly violated: (a: number, b: number) => boolean;
}

export interface KeyedRule {
  readonly id: string;
  /** Per item: a key id ≥ 0, or −1 for "no key". */
  readonly keys: Int32Array;
  /** Key names, indexed by key id, for explanations. */
  readonly names: readonly string[];
}

export interface LimitRule extends KeyedRule {
  readonly max: number;
}

/** A rule set with no rule: every pair of items may share a host. */
export const NO_RULES: HardRules = { same: [], limits: [] };

function keyed(
  id: string,
  items: readonly PlacementItem[],
  pick: (item: PlacementItem) => string | undefined,
): KeyedRule {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const keys = new Int32Array(items.length).fill(-1);
  items.forEach((item, i) => {
    const value = pick(item);
    if (value === undefined || value === '') return;
    let key = ids.get(value);
    if (key === undefined) {
      key = names.length;
      ids.set(value, key);
      names.push(value);
    }
    keys[i] = key;
  });
  return { id, keys, names };
}

/**
 * The built-in hard rules from item labels: `environment` must match on a host, and
 * members of one `antiAffinityGroup` or one `drGroup` never share a host.
 */
export function rulesFromLabels(items: readonly PlacementItem[]): HardRules {
  const same = [keyed('environment', items, (item) => item.labels?.environment)].filter(
    (r) => r.names.length > 0,
  );
  const limits = [
    { ...keyed('anti-affinity', items, (item) => item.labels?.antiAffinityGroup), max: 1 },
    { ...keyed('dr-group', items, (item) => item.labels?.drGroup), max: 1 },
  ].filter((r) => r.names.length > 0);
  return { same, limits };
}

/** Combines rule sets (e.g. labels and an extra, possibly empty, rule set). */
export function combineRules(...sets: readonly HardRules[]): HardRules {
  return {
    same: sets.flatMap((s) => s.same),
    limits: sets.flatMap((s) => s.limits),
    pairwise: sets.flatMap((s) => s.pairwise ?? []),
  };
}

/** Per-host bookkeeping of the hard rules: what keys a host holds and how often. */
export class HostRuleState {
  /** Per `same` rule: the key the host is bound to (−1: none) and how many items hold it. */
  private readonly sameKey: Int32Array;
  private readonly sameCount: Int32Array;
  /** Per `limits` rule: count per key on this host. */
  private readonly limitCounts: Map<number, number>[];
  /** Items on the host, kept only when unkeyed pairwise rules need them. */
  private readonly members: number[] = [];
  private readonly pairwise: readonly PairwiseRule[];
  /** Per keyed pairwise rule: count per key on this host. */
  private readonly pairKeyCounts: Map<number, number>[];
  private readonly needsMembers: boolean;

  constructor(private readonly rules: HardRules) {
    this.sameKey = new Int32Array(rules.same.length).fill(-1);
    this.sameCount = new Int32Array(rules.same.length);
    this.limitCounts = rules.limits.map(() => new Map());
    this.pairwise = rules.pairwise ?? [];
    this.pairKeyCounts = this.pairwise.map(() => new Map());
    this.needsMembers = this.pairwise.some((rule) => !rule.keyed);
  }

  /** Whether `item` may join this host (ignoring the items in `leaving`). */
  allows(item: number, leaving: readonly number[] = []): boolean {
    const { same, limits } = this.rules;
    for (let r = 0; r < same.length; r++) {
      const key = (same[r] as KeyedRule).keys[item] as number;
      if (key < 0 || this.sameKey[r] === -1 || this.sameKey[r] === key) continue;
      // Bound to another key: allowed only if every holder of that key is leaving.
      let leavingHolders = 0;
      for (const l of leaving)
        if ((same[r] as KeyedRule).keys[l] === this.sameKey[r]) leavingHolders++;
      if (leavingHolders < (this.sameCount[r] as number)) return false;
    }
    for (let r = 0; r < limits.length; r++) {
      const rule = limits[r] as LimitRule;
      const key = rule.keys[item] as number;
      if (key < 0) continue;
      let count = (this.limitCounts[r] as Map<number, number>).get(key) ?? 0;
      for (const l of leaving) if (rule.keys[l] === key) count--;
      if (count + 1 > rule.max) return false;
    }
    for (let r = 0; r < this.pairwise.length; r++) {
      const rule = this.pairwise[r] as PairwiseRule;
      if (rule.keyed) {
        const key = rule.keyed.keys[item] as number;
        if (key < 0) continue;
        for (const [other, count] of this.pairKeyCounts[r] as Map<number, number>) {
          if (!rule.keyed.conflictsByKey(key, other)) continue;
          let left = count;
          for (const l of leaving) if (rule.keyed.keys[l] === other) left--;
          if (left > 0) return false;
        }
        continue;
      }
      for (const other of this.members) {
        if (other !== item && !leaving.includes(other) && rule.conflicts(item, other)) return false;
      }
    }
    return true;
  }

  add(item: number): void {
    this.update(item, 1);
    if (this.needsMembers) this.members.push(item);
  }

  remove(item: number): void {
    this.update(item, -1);
    if (this.needsMembers) {
      const at = this.members.indexOf(item);
      if (at >= 0) this.members.splice(at, 1);
    }
  }

  private update(item: number, delta: number): void {
    const { same, limits } = this.rules;
    for (let r = 0; r < same.length; r++) {
      const key = (same[r] as KeyedRule).keys[item] as number;
      if (key < 0) continue;
      const count = (this.sameCount[r] as number) + delta;
      this.sameCount[r] = count;
      this.sameKey[r] = count > 0 ? key : -1;
    }
    for (let r = 0; r < limits.length; r++) {
      const key = (limits[r] as LimitRule).keys[item] as number;
      if (key >= 0) count(this.limitCounts[r] as Map<number, number>, key, delta);
    }
    this.pairwise.forEach((rule, r) => {
      const key = rule.keyed ? (rule.keyed.keys[item] as number) : -1;
      if (key >= 0) count(this.pairKeyCounts[r] as Map<number, number>, key, delta);
    });
  }
}

/** Adds `delta` to the count of `key`, dropping keys that reach zero. */
function count(counts: Map<number, number>, key: number, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
