import type { Asset, TargetModel } from '@vplan/domain';
import type { AssetView } from './asset-view';
import { targetViewOf } from './asset-view';
import type { CompiledRuleSet } from './compiled-rule-set';
import { compileRuleSet, hitOf } from './compiled-rule-set';
import { EstateColumns } from './estate-columns';
import type {
  AssetBlockers,
  ClassPairScore,
  CompatibilityClass,
  CompatibilityReport,
} from './compatibility-report';
import { candidateHitsOfView, fitHitsOfView, scoreOf } from './evaluate';
import type { EvaluationOptions, RuleHit, RuleSet } from './rule-model';

const NO_HITS: readonly RuleHit[] = [];

/**
 * Analyses an estate under a rule set, in time linear in the number of assets:
 *
 * - **classes**: assets with equal values of every attribute the class-level pair rules
 *   (`same`, `intersect`, `overlap`) and their `when` filters read form one class
 *   (`C1`, `C2`, … by decreasing size, ties by first member; absent values are `''`);
 * - **scores**: every unordered class pair (a class with itself too) scored by
 *   evaluating those rules on one member of each class: k² over k classes, never n²;
 * - **groupRules**: group rules (`different`, `limit`) relate individual assets; per
 *   rule, the groups that constrain placement (values shared by several assets, or a
 *   limited value held by more than `max_per_host`);
 * - **blockers**: assets that a hard candidate rule blocks or, when `targets` are given,
 *   that fit no target (each target's fit hits listed); their soft hits are included;
 * - **warnings**: assets with soft candidate or fit hits only.
 *
 * Maintenance windows are compared over the reference year of `options` (see
 * {@link EvaluationOptions}). Deterministic: classes, members and blockers follow
 * inventory order.
 */
export function analyzeCompatibility(
  ruleSet: RuleSet | CompiledRuleSet,
  assets: readonly Asset[],
  targets?: readonly TargetModel[],
  options: EvaluationOptions = {},
): CompatibilityReport {
  const compiled = compileRuleSet(ruleSet);
  const estate = new EstateColumns(assets, options.referenceUtcMs);
  const classes = classify(compiled, estate);
  const { blockers, warnings } = blockersOf(compiled, estate, targets ?? []);
  return {
    ruleSet: compiled.ruleSet.name ?? compiled.ruleSet.file,
    assets: assets.length,
    classes: classes.map(({ id, size, signature, members }) => ({ id, size, signature, members })),
    scores: scoresOf(compiled, estate, classes),
    blockers,
    warnings,
    groupRules: groupRulesOf(compiled, estate),
  };
}

interface ClassDraft extends CompatibilityClass {
  readonly firstIndex: number;
}

function classify(compiled: CompiledRuleSet, estate: EstateColumns): ClassDraft[] {
  const attributes = compiled.classAttributes;
  const { ids, first } = estate.combinations(attributes);
  const members: string[][] = first.map(() => []);
  estate.assets.forEach((asset, i) => (members[ids[i] as number] as string[]).push(asset.id));
  const order = first
    .map((_, c) => c)
    .sort(
      (x, y) =>
        (members[y] as string[]).length - (members[x] as string[]).length ||
        (first[x] as number) - (first[y] as number),
    );
  return order.map((c, k) => {
    const firstIndex = first[c] as number;
    const signature: Record<string, string> = {};
    for (const attribute of attributes) {
      const column = estate.column(attribute);
      const key = column.keys[column.ids[firstIndex] as number] as string;
      signature[attribute] = key;
    }
    const list = members[c] as string[];
    return { id: `C${k + 1}`, size: list.length, signature, members: list, firstIndex };
  });
}

/**
 * Scores every unordered class pair. Each class-level rule is decided once per pair of
 * distinct values of its attribute (on representatives), so the k² loop only looks up
 * small tables.
 */
function scoresOf(
  compiled: CompiledRuleSet,
  estate: EstateColumns,
  classes: readonly ClassDraft[],
): ClassPairScore[] {
  const rules = compiled.pair
    .filter((p) => !p.group)
    .map((p) => {
      const column = estate.column(p.attribute);
      const values = Int32Array.from(classes, (c) =>
        p.applies(estate.view(c.firstIndex)) ? (column.ids[c.firstIndex] as number) : -1,
      );
      return { p, column, values, table: new Map<number, RuleHit | null>() };
    });
  const scores: ClassPairScore[] = [];
  for (let i = 0; i < classes.length; i++) {
    for (let j = i; j < classes.length; j++) {
      let hits: RuleHit[] | undefined;
      for (const { p, column, values, table } of rules) {
        const a = values[i] as number;
        const b = values[j] as number;
        if (a < 0 || b < 0) continue;
        const at = a * column.keys.length + b;
        let hit = table.get(at);
        if (hit === undefined) {
          // Value 0 ("absent") has no first asset: the classes' own representatives hold it.
          const va = estate.view(
            (column.first[a] as number) >= 0
              ? (column.first[a] as number)
              : (classes[i] as ClassDraft).firstIndex,
          );
          const vb = estate.view(
            (column.first[b] as number) >= 0
              ? (column.first[b] as number)
              : (classes[j] as ClassDraft).firstIndex,
          );
          hit = p.fires(va, vb) ? hitOf(p.rule, p.detail(va, vb, 'fires')) : null;
          table.set(at, hit);
        }
        if (hit !== null) (hits ??= []).push(hit);
      }
      scores.push({
        a: (classes[i] as ClassDraft).id,
        b: (classes[j] as ClassDraft).id,
        score: scoreOf(hits ?? NO_HITS),
        hits: hits ?? NO_HITS,
      });
    }
  }
  return scores;
}

/**
 * Candidate and fit hits, decided once per combination of the values those rules read
 * and shared by the assets with that combination.
 */
function blockersOf(
  compiled: CompiledRuleSet,
  estate: EstateColumns,
  targets: readonly TargetModel[],
): { blockers: AssetBlockers[]; warnings: AssetBlockers[] } {
  const blockers: AssetBlockers[] = [];
  const warnings: AssetBlockers[] = [];
  const targetViews = targets.map(targetViewOf);
  const checkFit = compiled.fit.length > 0 && targetViews.length > 0;
  if (compiled.candidate.length === 0 && !checkFit) return { blockers, warnings };
  const attributes = new Set<string>();
  for (const c of compiled.candidate) attributes.add(c.rule.forbid.anyOf);
  for (const f of checkFit ? compiled.fit : []) {
    const sides = 'in' in f.rule.require ? f.rule.require.in : f.rule.require.implies;
    attributes.add(sides.asset);
  }
  for (const r of [...compiled.candidate, ...compiled.fit])
    for (const w of r.when) attributes.add(w.attribute);
  const { ids, first } = estate.combinations([...attributes].sort());
  const outcomes = first.map((i) =>
    judgeAsset(compiled, estate.view(i), checkFit ? targetViews : []),
  );
  estate.assets.forEach((asset, i) => {
    const { hits, blocked } = outcomes[ids[i] as number] as { hits: RuleHit[]; blocked: boolean };
    if (hits.length > 0) (blocked ? blockers : warnings).push({ asset: asset.id, hits });
  });
  return { blockers, warnings };
}

function judgeAsset(
  compiled: CompiledRuleSet,
  view: AssetView,
  targets: readonly AssetView[],
): { hits: RuleHit[]; blocked: boolean } {
  const hits = candidateHitsOfView(compiled, view);
  let blocked = hits.some((h) => h.severity === 'hard');
  if (targets.length > 0) {
    const perTarget = targets.map((t) => fitHitsOfView(compiled, view, t));
    const fitsNone = perTarget.every((h) => h.some((x) => x.severity === 'hard'));
    blocked ||= fitsNone;
    // Fitting nowhere: every target's hits; else the soft hits of the usable targets.
    for (const h of perTarget)
      if (fitsNone || !h.some((x) => x.severity === 'hard')) hits.push(...h);
  }
  return { hits, blocked };
}

function groupRulesOf(
  compiled: CompiledRuleSet,
  estate: EstateColumns,
): CompatibilityReport['groupRules'] {
  return compiled.pair
    .filter((p) => p.group)
    .map((p) => {
      const applies = estate.appliesMask(p);
      const { ids, keys } = estate.column(p.attribute);
      const limit = p.form === 'limit' && 'limit' in p.rule ? p.rule.limit.maxPerHost : undefined;
      const counts = new Int32Array(limit === undefined ? keys.length : 1);
      for (let i = 0; i < applies.length; i++) {
        if (!applies[i]) continue;
        const at = limit === undefined ? (ids[i] as number) : 0;
        counts[at] = (counts[at] as number) + 1;
      }
      let groups = 0;
      let assets = 0;
      for (const count of counts) {
        if (count <= (limit ?? 1)) continue;
        groups++;
        assets += count;
      }
      return { ruleId: p.rule.id, groups, assets };
    });
}
