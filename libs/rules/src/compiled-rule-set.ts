import { isTruthy, canonicalText, LIST_ATTRIBUTES } from './attributes';
import type { AssetView } from './asset-view';
import { compileOverlap } from './overlap-rule';
import type {
  CandidateRule,
  FitRule,
  LimitRule,
  PairRule,
  Rule,
  RuleHit,
  RuleSet,
} from './rule-model';
import { isLimitRule } from './rule-model';
import { WINDOW_ATTRIBUTE } from './rule-forms';

/** Outcome of one pair rule for two assets. */
export type PairOutcome = 'fires' | 'passes' | 'not-applicable';

/** A `when` filter ready to test: attribute → accepted canonical values. */
export type CompiledWhen = readonly {
  readonly attribute: string;
  readonly accepted: ReadonlySet<string>;
}[];

/** The form of a pair rule: a `require` form or `limit`. */
export type PairForm = 'same' | 'different' | 'intersect' | 'overlap' | 'limit';

/** A pair rule with its matcher. */
export interface CompiledPairRule {
  readonly rule: PairRule | LimitRule;
  readonly form: PairForm;
  readonly attribute: string;
  /**
   * Group rules (`different`, `limit`) relate individual assets by a value; the others
   * are decided by class attributes.
   */
  readonly group: boolean;
  readonly when: CompiledWhen;
  /**
   * Whether the asset has what the rule compares: a value of the attribute (windows for
   * `overlap`; for `limit`, the limited value). Depends on that attribute only.
   */
  present(view: AssetView): boolean;
  /**
   * Whether an asset without a value still takes part: `same` on a list attribute
   * compares sets, and the empty set is one of them.
   */
  readonly emptyIsValue: boolean;
  /** Whether the rule applies to the asset: its `when` filter matches and it is present. */
  applies(view: AssetView): boolean;
  /** Whether the rule fires for the two assets (both must pass `applies`). */
  fires(a: AssetView, b: AssetView): boolean;
  /** What decided, in words, for an outcome already known. */
  detail(a: AssetView, b: AssetView, outcome: PairOutcome): string;
}

/** A candidate or fit rule with its matcher: a detail when it fires, else undefined. */
export interface CompiledAssetRule<R extends CandidateRule | FitRule> {
  readonly rule: R;
  readonly when: CompiledWhen;
  check(asset: AssetView, target?: AssetView): string | undefined;
}

/**
 * A rule set compiled once for fast evaluation (see {@link compileRuleSet}): matchers
 * per rule, and the attributes that decide compatibility classes.
 */
export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  readonly pair: readonly CompiledPairRule[];
  readonly candidate: readonly CompiledAssetRule<CandidateRule>[];
  readonly fit: readonly CompiledAssetRule<FitRule>[];
  /**
   * Attributes read by the class-level pair rules (`same`, `intersect`, `overlap`) and by
   * their `when` filters, sorted: equal values of these = one compatibility class.
   */
  readonly classAttributes: readonly string[];
}

const compiledSets = new WeakMap<RuleSet, CompiledRuleSet>();

/** Compiles a rule set (cached per RuleSet object; compiling twice returns the same). */
export function compileRuleSet(ruleSet: RuleSet | CompiledRuleSet): CompiledRuleSet {
  if ('classAttributes' in ruleSet) return ruleSet;
  const cached = compiledSets.get(ruleSet);
  if (cached) return cached;
  const pair: CompiledPairRule[] = [];
  const candidate: CompiledAssetRule<CandidateRule>[] = [];
  const fit: CompiledAssetRule<FitRule>[] = [];
  for (const rule of ruleSet.rules) {
    if (rule.kind === 'pair') pair.push(compilePair(rule));
    else if (rule.kind === 'candidate') candidate.push(compileCandidate(rule));
    else fit.push(compileFit(rule));
  }
  const attributes = new Set<string>();
  for (const p of pair) {
    if (p.group) continue;
    attributes.add(p.attribute);
    for (const w of p.when) attributes.add(w.attribute);
  }
  const compiled = { ruleSet, pair, candidate, fit, classAttributes: [...attributes].sort() };
  compiledSets.set(ruleSet, compiled);
  return compiled;
}

/** The hit of a rule, with its detail. */
export function hitOf(rule: Rule, detail: string): RuleHit {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    penalty: rule.severity === 'hard' ? 100 : rule.penalty,
    detail,
    ...(rule.remediation === undefined ? {} : { remediation: rule.remediation }),
  };
}

function compileWhen(rule: Rule): CompiledWhen {
  return Object.entries(rule.when ?? {}).map(([attribute, value]) => ({
    attribute,
    accepted: new Set((Array.isArray(value) ? value : [value]).map(canonicalText)),
  }));
}

/** Whether an asset passes a `when` filter: each attribute holds an accepted value. */
export function matchesWhen(when: CompiledWhen, view: AssetView): boolean {
  for (const { attribute, accepted } of when) {
    if (!view.set(attribute).some((v) => accepted.has(v))) return false;
  }
  return true;
}

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) return false;
    if (x < y) i++;
    else j++;
  }
  return true;
}

function compilePair(rule: PairRule | LimitRule): CompiledPairRule {
  const when = compileWhen(rule);
  if (isLimitRule(rule)) {
    const { attribute, maxPerHost } = rule.limit;
    const value = canonicalText(rule.limit.value);
    return {
      rule,
      form: 'limit',
      attribute,
      group: true,
      when,
      emptyIsValue: false,
      present: (v) => v.set(attribute).includes(value),
      applies: (v) => matchesWhen(when, v) && v.set(attribute).includes(value),
      fires: () => maxPerHost < 2,
      detail: (_a, _b, outcome) =>
        outcome === 'not-applicable'
          ? `not both ${attribute} ${value}`
          : `both ${attribute} ${value}: at most ${maxPerHost} per host` +
            (outcome === 'passes' ? ' (counted per host, not per pair)' : ''),
    };
  }
  const require = rule.require;
  const form: PairForm =
    'same' in require
      ? 'same'
      : 'different' in require
        ? 'different'
        : 'intersect' in require
          ? 'intersect'
          : 'overlap';
  const attribute = 'overlap' in require ? WINDOW_ATTRIBUTE : (Object.values(require)[0] as string);
  const present = (v: AssetView): boolean => v.set(attribute).length > 0;
  const emptyIsValue = form === 'same' && LIST_ATTRIBUTES.has(attribute);
  const base = { rule, form, attribute, group: form === 'different', when, emptyIsValue };
  const absentDetail = (a: AssetView, b: AssetView): string =>
    `${attribute} is absent on ${present(a) ? b.id : present(b) ? a.id : 'both'}`;
  switch (form) {
    case 'same':
      return {
        ...base,
        present: emptyIsValue ? () => true : present,
        applies: (v) => matchesWhen(when, v) && (emptyIsValue || present(v)),
        fires: (a, b) => a.key(attribute) !== b.key(attribute),
        detail: (a, b, outcome) =>
          outcome === 'fires'
            ? `${attribute} differs: ${a.display(attribute)} vs ${b.display(attribute)}`
            : outcome === 'passes'
              ? `both ${attribute} ${a.display(attribute)}`
              : absentDetail(a, b),
      };
    case 'different':
      return {
        ...base,
        present,
        applies: (v) => matchesWhen(when, v) && present(v),
        fires: (a, b) => a.key(attribute) === b.key(attribute),
        detail: (a, b, outcome) =>
          outcome === 'fires'
            ? `both ${attribute} ${a.display(attribute)}: they may not share a host`
            : outcome === 'passes'
              ? `${attribute} differs: ${a.display(attribute)} vs ${b.display(attribute)}`
              : absentDetail(a, b),
      };
    case 'intersect':
      return {
        ...base,
        present,
        applies: (v) => matchesWhen(when, v) && present(v),
        fires: (a, b) => disjoint(a.set(attribute), b.set(attribute)),
        detail: (a, b, outcome) =>
          outcome === 'fires'
            ? `${attribute} share no value: ${a.display(attribute)} vs ${b.display(attribute)}`
            : outcome === 'passes'
              ? `${attribute} share ${a
                  .set(attribute)
                  .filter((x) => b.set(attribute).includes(x))
                  .join(';')}`
              : absentDetail(a, b),
      };
    default:
      return compileOverlap(base, 'overlap' in require ? require.minMinutes : 1, (v) =>
        matchesWhen(when, v),
      );
  }
}

function compileCandidate(rule: CandidateRule): CompiledAssetRule<CandidateRule> {
  const when = compileWhen(rule);
  const forbidden = new Set(rule.forbid.in.map(canonicalText));
  const attribute = rule.forbid.anyOf;
  return {
    rule,
    when,
    check: (asset) => {
      if (!matchesWhen(when, asset)) return undefined;
      const found = asset.set(attribute).filter((v) => forbidden.has(v));
      if (found.length === 0) return undefined;
      return `${attribute} include ${found.join(', ')} (forbidden: ${[...forbidden].join(', ')})`;
    },
  };
}

function compileFit(rule: FitRule): CompiledAssetRule<FitRule> {
  const when = compileWhen(rule);
  if ('in' in rule.require) {
    const { asset: a, target: t } = rule.require.in;
    return {
      rule,
      when,
      check: (asset, target) => {
        if (!target || !matchesWhen(when, asset)) return undefined;
        const offered = target.set(t);
        if (offered.length === 0) return undefined;
        const missing = asset.set(a).filter((v) => !offered.includes(v));
        if (missing.length === 0) return undefined;
        return `${a} ${missing.join(', ')} not in ${t} of target ${target.id} (${offered.join(', ')})`;
      },
    };
  }
  const { asset: a, target: t } = rule.require.implies;
  return {
    rule,
    when,
    check: (asset, target) => {
      if (!target || !matchesWhen(when, asset)) return undefined;
      if (!isTruthy(asset.value(a)) || isTruthy(target.value(t))) return undefined;
      return `${a} is ${asset.display(a)} but ${t} of target ${target.id} is ${target.display(t)}`;
    },
  };
}
