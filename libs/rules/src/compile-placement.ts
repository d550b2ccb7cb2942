import type { Asset, TargetModel } from '@vplan/domain';
import type { HardRules, KeyedRule, LimitRule, PairwiseRule, SoftRule } from '@vplan/placement';
import { targetViewOf } from './asset-view';
import { EstateColumns } from './estate-columns';
import type { CompiledPairRule, CompiledRuleSet } from './compiled-rule-set';
import { compileRuleSet } from './compiled-rule-set';
import { candidateHitsOfView, fitHitsOfView } from './evaluate';
import type { EvaluationOptions, RuleHit, RuleSet } from './rule-model';
import { AFFINITY_ATTRIBUTE } from './rule-model';

/** A rule set in the placement engine's terms (indices are positions in `assets`). */
export interface PlacementRules {
  readonly hard: HardRules;
  readonly soft: SoftRule[];
  /** Asset index → the hard candidate hits and hard fit hits on the target that block it. */
  readonly blocked: Map<number, RuleHit[]>;
  /**
   * Indices of assets sharing a value of the affinity attribute (`affinity_group` unless
   * the rule set names another; groups of 2 or more, by first index).
   */
  readonly affinityGroups: number[][];
  /** Whether the affinity groups must share a host or only a cluster. */
  readonly affinityScope: 'host' | 'cluster';
  /**
   * The hard pair rules with `scope: cluster`, compiled alike: they hold between any two
   * assets of a cluster. They are in `hard` as well (what may not share a cluster may
   * not share a host), so a plan without clusters still keeps them apart.
   */
  readonly cluster: HardRules;
}

/**
 * Compiles a rule set for `planPlacement` over `assets` (item `i` of the placement
 * problem must be `assets[i]`):
 *
 * - hard `same` → a KeyedRule (key = the canonical value, lists as their sorted
 *   `;`-joined set; −1 for assets without the value or outside the `when` filter);
 * - hard `different` → a LimitRule with `max` 1 keyed by the value;
 * - hard `limit` → a LimitRule keyed for the assets holding the value;
 * - hard `intersect` and `overlap` → PairwiseRule predicates;
 * - soft rules of every form → SoftRule predicates (a soft `limit` with
 *   `max_per_host` above 1 is not pairwise and is left out);
 * - hard candidate hits, and hard fit hits on `target` when given → `blocked`;
 * - `affinity_group` (or the rule set's `affinity.attribute`) → `affinityGroups`;
 * - hard rules with `scope: cluster` → `cluster` too, for grouping hosts into clusters.
 *
 * `overlap` rules compare maintenance windows over the reference year of `options`
 * (pass the planned period's start; see {@link EvaluationOptions}).
 */
export function compileForPlacement(
  ruleSet: RuleSet | CompiledRuleSet,
  assets: readonly Asset[],
  target?: TargetModel,
  options: EvaluationOptions = {},
): PlacementRules {
  const compiled = compileRuleSet(ruleSet);
  const estate = new EstateColumns(assets, options.referenceUtcMs);
  const same: KeyedRule[] = [];
  const limits: LimitRule[] = [];
  const pairwise: PairwiseRule[] = [];
  const soft: SoftRule[] = [];
  const cluster: { same: KeyedRule[]; limits: LimitRule[]; pairwise: PairwiseRule[] } = {
    same: [],
    limits: [],
    pairwise: [],
  };
  for (const p of compiled.pair) {
    const id = p.rule.id;
    const atClusterScope = p.rule.scope === 'cluster';
    if (p.rule.severity === 'soft') {
      if (p.form === 'limit' && 'limit' in p.rule && p.rule.limit.maxPerHost > 1) continue;
      soft.push({ id, penalty: p.rule.penalty, violated: predicate(p, estate).conflicts });
    } else if (p.form === 'same') {
      const rule = keyed(p, estate);
      same.push(rule);
      if (atClusterScope) cluster.same.push(rule);
    } else if (p.form === 'different' || (p.form === 'limit' && 'limit' in p.rule)) {
      const max = 'limit' in p.rule ? p.rule.limit.maxPerHost : 1;
      const rule = { ...keyed(p, estate), max };
      limits.push(rule);
      if (atClusterScope) cluster.limits.push(rule);
    } else {
      const rule = { id, ...predicate(p, estate) };
      pairwise.push(rule);
      if (atClusterScope) cluster.pairwise.push(rule);
    }
  }
  const affinity = compiled.ruleSet.affinity;
  return {
    hard: { same, limits, pairwise },
    soft,
    blocked: blockedOf(compiled, estate, target),
    affinityGroups: affinityGroupsOf(estate, affinity?.attribute ?? AFFINITY_ATTRIBUTE),
    affinityScope: affinity?.scope ?? 'host',
    cluster,
  };
}

/**
 * Keys by the rule's canonical value for the assets it applies to (a `limit`: one key),
 * and a representative asset per key.
 */
function keyed(
  p: CompiledPairRule,
  estate: EstateColumns,
): KeyedRule & { representatives: number[] } {
  const applies = estate.appliesMask(p);
  const column = estate.column(p.attribute);
  const limit = p.form === 'limit' && 'limit' in p.rule ? p.rule.limit.value : undefined;
  const byId = new Int32Array(column.keys.length).fill(-1);
  const names: string[] = [];
  const representatives: number[] = [];
  const keys = new Int32Array(applies.length).fill(-1);
  for (let i = 0; i < applies.length; i++) {
    if (!applies[i]) continue;
    const id = limit === undefined ? (column.ids[i] as number) : 0;
    let key = byId[id] as number;
    if (key < 0) {
      key = names.length;
      byId[id] = key;
      names.push(limit ?? ((column.keys[id] as string) || '(none)'));
      representatives.push(i);
    }
    keys[i] = key;
  }
  return { id: p.rule.id, keys, names, representatives };
}

/**
 * A symmetric predicate "the rule fires for items a and b": assets are grouped by the
 * value the rule compares, and each pair of values is decided once and remembered.
 */
function predicate(
  p: CompiledPairRule,
  estate: EstateColumns,
): Pick<PairwiseRule, 'conflicts' | 'keyed'> & { conflicts: (a: number, b: number) => boolean } {
  const { keys, names, representatives } = keyed(p, estate);
  const d = names.length;
  // 0 = unknown, 1 = passes, 2 = fires; a dense table while it stays small (≤ 16 MB).
  const dense = d <= 4096 ? new Uint8Array(d * d) : undefined;
  const sparse = new Map<number, boolean>();
  const decide = (lo: number, hi: number): boolean =>
    p.fires(estate.view(representatives[lo] as number), estate.view(representatives[hi] as number));
  const conflictsByKey = (ka: number, kb: number): boolean => {
    if (ka < 0 || kb < 0) return false;
    const lo = Math.min(ka, kb);
    const hi = Math.max(ka, kb);
    const at = lo * d + hi;
    if (dense) {
      if (dense[at] === 0) dense[at] = decide(lo, hi) ? 2 : 1;
      return dense[at] === 2;
    }
    let fires = sparse.get(at);
    if (fires === undefined) {
      fires = decide(lo, hi);
      sparse.set(at, fires);
    }
    return fires;
  };
  return {
    conflicts: (a, b) => a !== b && conflictsByKey(keys[a] ?? -1, keys[b] ?? -1),
    keyed: { keys, conflictsByKey },
  };
}

function blockedOf(
  compiled: CompiledRuleSet,
  estate: EstateColumns,
  target: TargetModel | undefined,
): Map<number, RuleHit[]> {
  const blocked = new Map<number, RuleHit[]>();
  const fit = target === undefined ? [] : compiled.fit;
  if (compiled.candidate.length === 0 && fit.length === 0) return blocked;
  const attributes = new Set<string>();
  for (const c of compiled.candidate) attributes.add(c.rule.forbid.anyOf);
  for (const f of fit)
    attributes.add(('in' in f.rule.require ? f.rule.require.in : f.rule.require.implies).asset);
  for (const r of [...compiled.candidate, ...fit])
    for (const w of r.when) attributes.add(w.attribute);
  const { ids, first } = estate.combinations([...attributes].sort());
  const targetView = target === undefined ? undefined : targetViewOf(target);
  const outcomes = first.map((i) => {
    const view = estate.view(i);
    const hits = candidateHitsOfView(compiled, view);
    if (targetView) hits.push(...fitHitsOfView(compiled, view, targetView));
    return hits.filter((h) => h.severity === 'hard');
  });
  ids.forEach((id, i) => {
    const hard = outcomes[id] as RuleHit[];
    if (hard.length > 0) blocked.set(i, hard);
  });
  return blocked;
}

function affinityGroupsOf(estate: EstateColumns, attribute: string): number[][] {
  const { ids, keys } = estate.column(attribute);
  const groups: number[][] = keys.map(() => []);
  ids.forEach((id, i) => {
    if (id > 0) (groups[id] as number[]).push(i);
  });
  return groups.filter((g) => g.length >= 2);
}
