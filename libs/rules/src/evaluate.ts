import type { Asset, TargetModel } from '@vplan/domain';
import type { AssetView } from './asset-view';
import { targetViewOf, viewOf } from './asset-view';
import type { CompiledPairRule, CompiledRuleSet, PairOutcome } from './compiled-rule-set';
import { compileRuleSet, hitOf, matchesWhen } from './compiled-rule-set';
import type { PairExplanation } from './compatibility-report';
import type { EvaluationOptions, RuleHit, RuleSet } from './rule-model';

/**
 * Candidate rules that fire for an asset: why it cannot (hard) or should not (soft) be
 * virtualized at all. In rule-file order.
 */
export function candidateHits(ruleSet: RuleSet | CompiledRuleSet, asset: Asset): RuleHit[] {
  return candidateHitsOfView(compileRuleSet(ruleSet), viewOf(asset));
}

/** Fit rules that fire for an asset on a target model, in rule-file order. */
export function fitHits(
  ruleSet: RuleSet | CompiledRuleSet,
  asset: Asset,
  target: TargetModel,
): RuleHit[] {
  return fitHitsOfView(compileRuleSet(ruleSet), viewOf(asset), targetViewOf(target));
}

/**
 * Pair rules that fire for two assets sharing a host, in rule-file order. A rule fires
 * only when it applies to both (its `when` filter matches both, and both have a value
 * of the attribute it compares). Group rules count too: `different` fires for equal
 * values, a `limit` with `max_per_host: 1` fires when both carry the value (a larger
 * limit is counted per host, never by one pair). Maintenance windows are compared over
 * the reference year of `options` (see {@link EvaluationOptions}).
 */
export function pairHits(
  ruleSet: RuleSet | CompiledRuleSet,
  a: Asset,
  b: Asset,
  options: EvaluationOptions = {},
): RuleHit[] {
  const reference = options.referenceUtcMs;
  return pairHitsOfViews(compileRuleSet(ruleSet).pair, viewOf(a, reference), viewOf(b, reference));
}

/**
 * Every pair rule for two assets: whether it fires, passes or does not apply, the
 * values it reads on each side and why; with the pair's score (see {@link scoreOf}).
 */
export function explainPair(
  ruleSet: RuleSet | CompiledRuleSet,
  a: Asset,
  b: Asset,
  options: EvaluationOptions = {},
): PairExplanation {
  const compiled = compileRuleSet(ruleSet);
  const va = viewOf(a, options.referenceUtcMs);
  const vb = viewOf(b, options.referenceUtcMs);
  const hits: RuleHit[] = [];
  const rules = compiled.pair.map((p) => {
    const attributes = [p.attribute, ...p.when.map((w) => w.attribute)];
    if (p.form === 'overlap') attributes.push('timezone');
    const values: Record<string, { a: string; b: string }> = {};
    for (const attribute of attributes)
      values[attribute] = { a: va.display(attribute), b: vb.display(attribute) };
    const outcome = outcomeOf(p, va, vb);
    let detail: string;
    if (outcome === 'not-applicable' && !(matchesWhen(p.when, va) && matchesWhen(p.when, vb))) {
      detail = `when ${whenText(p)} does not match ${matchesWhen(p.when, va) ? vb.id : va.id}`;
    } else {
      detail = p.detail(va, vb, outcome);
    }
    if (outcome === 'fires') hits.push(hitOf(p.rule, detail));
    return { ruleId: p.rule.id, outcome, values, detail };
  });
  return { a: a.id, b: b.id, score: scoreOf(hits), rules };
}

/**
 * The score of a pair from the rules that fire: 100 when none, 0 when a hard one does,
 * else 100 − Σ soft penalties, at least 1.
 */
export function scoreOf(hits: readonly RuleHit[]): number {
  if (hits.length === 0) return 100;
  let sum = 0;
  for (const hit of hits) {
    if (hit.severity === 'hard') return 0;
    sum += hit.penalty;
  }
  return Math.max(1, 100 - sum);
}

/** Outcome of one compiled pair rule for two views. */
export function outcomeOf(p: CompiledPairRule, a: AssetView, b: AssetView): PairOutcome {
  if (!p.applies(a) || !p.applies(b)) return 'not-applicable';
  return p.fires(a, b) ? 'fires' : 'passes';
}

/** {@link pairHits} on views and a subset of compiled pair rules. */
export function pairHitsOfViews(
  rules: readonly CompiledPairRule[],
  a: AssetView,
  b: AssetView,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const p of rules) {
    if (outcomeOf(p, a, b) === 'fires') hits.push(hitOf(p.rule, p.detail(a, b, 'fires')));
  }
  return hits;
}

/** {@link candidateHits} on a view. */
export function candidateHitsOfView(compiled: CompiledRuleSet, asset: AssetView): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const c of compiled.candidate) {
    const detail = c.check(asset);
    if (detail !== undefined) hits.push(hitOf(c.rule, detail));
  }
  return hits;
}

/** {@link fitHits} on views. */
export function fitHitsOfView(
  compiled: CompiledRuleSet,
  asset: AssetView,
  target: AssetView,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const f of compiled.fit) {
    const detail = f.check(asset, target);
    if (detail !== undefined) hits.push(hitOf(f.rule, detail));
  }
  return hits;
}

function whenText(p: CompiledPairRule): string {
  return p.when.map((w) => `${w.attribute}: ${[...w.accepted].join('|')}`).join(', ');
}
