import type { HardRules, KeyedRule, LimitRule, PairwiseRule, SoftRule } from '@vplan/placement';

/** What the rules compile to over assets (indices into the asset list). */
export interface CompiledAssetRules {
  readonly hard: HardRules;
  readonly soft: readonly SoftRule[];
  /** Groups of asset indices that must share a host (or a cluster: `affinityScope`). */
  readonly affinityGroups: readonly (readonly number[])[];
  /** Where affinity groups must stay together. Default `host`. */
  readonly affinityScope?: 'host' | 'cluster';
  /** Hard rules that hold across a whole cluster (`scope: cluster`); also in `hard`. */
  readonly cluster?: HardRules;
}

/** The placement's view: units (one asset, or an affinity group) and rules over units. */
export interface PlacementUnits {
  /** Asset indices per unit. */
  readonly units: readonly (readonly number[])[];
  readonly hard: HardRules;
  readonly soft: readonly SoftRule[];
  /** Affinity groups that cannot be placed together, with the reason, by asset index. */
  readonly infeasible: ReadonlyMap<number, string>;
}

/**
 * Merges each affinity group into one placement unit and lifts the rules from assets to
 * units: a `same` rule keeps a unit's one key (members with two keys make the group
 * infeasible); a limit rule stays keyed when every unit holds at most one keyed member,
 * and otherwise becomes a pairwise rule (units conflict when together they exceed the
 * limit for a key); pairwise and soft rules hold between units when they hold between
 * any two of their members. Hard conflicts inside a group make it infeasible.
 * `placeable` selects the assets to place (blocked ones are left out).
 */
export function placementUnits(
  compiled: CompiledAssetRules,
  assetCount: number,
  placeable: (asset: number) => boolean,
): PlacementUnits {
  const infeasible = new Map<number, string>();
  const grouped = new Set<number>();
  const units: number[][] = [];
  for (const group of compiled.affinityGroups) {
    const members = group.filter(placeable);
    members.forEach((m) => grouped.add(m));
    if (members.length > 0) units.push(members);
  }
  for (let a = 0; a < assetCount; a++) if (placeable(a) && !grouped.has(a)) units.push([a]);
  units.sort((x, y) => x[0]! - y[0]!);

  const markInfeasible = (unit: readonly number[], reason: string): void => {
    for (const m of unit) infeasible.set(m, reason);
  };
  const same: KeyedRule[] = compiled.hard.same.map((rule) => {
    const keys = new Int32Array(units.length).fill(-1);
    units.forEach((unit, u) => {
      const distinct = [...new Set(unit.map((m) => rule.keys[m]!).filter((k) => k >= 0))];
      if (distinct.length > 1) {
        markInfeasible(
          unit,
          `affinity group mixes ${distinct.map((k) => rule.names[k]).join(' and ')} (rule ${rule.id})`,
        );
      }
      keys[u] = distinct[0] ?? -1;
    });
    return { id: rule.id, keys, names: rule.names };
  });
  const limits: LimitRule[] = [];
  const pairwise: PairwiseRule[] = [];
  for (const rule of compiled.hard.limits) {
    const counts = units.map((unit) => {
      const c = new Map<number, number>();
      for (const m of unit) {
        const k = rule.keys[m]!;
        if (k >= 0) c.set(k, (c.get(k) ?? 0) + 1);
      }
      return c;
    });
    counts.forEach((c, u) => {
      for (const [k, n] of c)
        if (n > rule.max)
          markInfeasible(
            units[u]!,
            `affinity group holds ${n} × ${rule.names[k]} (rule ${rule.id} allows ${rule.max})`,
          );
    });
    if (counts.every((c) => c.size <= 1 && [...c.values()].every((n) => n === 1))) {
      const keys = Int32Array.from(counts, (c) => (c.size === 0 ? -1 : [...c.keys()][0]!));
      limits.push({ id: rule.id, max: rule.max, keys, names: rule.names });
    } else {
      pairwise.push({
        id: rule.id,
        conflicts: (a, b) =>
          [...counts[a]!].some(([k, n]) => n + (counts[b]!.get(k) ?? 0) > rule.max),
      });
    }
  }
  const anyPair = (
    a: readonly number[],
    b: readonly number[],
    test: (x: number, y: number) => boolean,
  ): boolean => a.some((x) => b.some((y) => test(x, y)));
  for (const rule of compiled.hard.pairwise ?? []) {
    units.forEach((unit) => {
      for (let i = 0; i < unit.length; i++) {
        for (let j = i + 1; j < unit.length; j++) {
          if (rule.conflicts(unit[i]!, unit[j]!))
            markInfeasible(unit, `affinity group members break rule ${rule.id}`);
        }
      }
    });
    const conflicts = (a: number, b: number): boolean =>
      anyPair(units[a]!, units[b]!, rule.conflicts);
    // Keep the rule keyed (fast) when every unit holds at most one distinct key.
    const keyed = rule.keyed;
    const unitKeys = keyed
      ? units.map((unit) => [...new Set(unit.map((m) => keyed.keys[m]!).filter((k) => k >= 0))])
      : [];
    if (keyed && unitKeys.every((k) => k.length <= 1)) {
      const keys = Int32Array.from(unitKeys, (k) => k[0] ?? -1);
      pairwise.push({
        id: rule.id,
        conflicts,
        keyed: { keys, conflictsByKey: keyed.conflictsByKey },
      });
    } else {
      pairwise.push({ id: rule.id, conflicts });
    }
  }
  const soft: SoftRule[] = compiled.soft.map((rule) => ({
    id: rule.id,
    penalty: rule.penalty,
    violated: (a, b) => anyPair(units[a]!, units[b]!, rule.violated),
  }));
  return { units, hard: { same, limits, pairwise }, soft, infeasible };
}
