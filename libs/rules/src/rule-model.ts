import type { WeeklyWindow } from '@vplan/domain';

/**
 * The rule language's model, after parsing and validation. Attribute names are the
 * inventory's snake_case names (`environment`, `vlans`, `maintenance_window`,
 * `os_family`, custom columns …; see `attributesOf`); target attributes are the target
 * model's (`supported_os`, `vlans`, `storage`, `passthrough`, `ups_backed`, `max_vms`).
 */
export type Severity = 'hard' | 'soft';

/** A value of an attribute as rules see it. */
export type AttributeValue =
  string | number | boolean | readonly string[] | readonly WeeklyWindow[];

/** Attribute name → value; an absent name means "no value". */
export type AttributeBag = Readonly<Record<string, AttributeValue | undefined>>;

/**
 * Which assets a rule applies to: every listed attribute must match. A scalar matches
 * equality (case-insensitive for text); a list matches any of its values; a list-valued
 * attribute matches when it contains the value. A pair rule applies when both assets
 * match.
 */
export type WhenFilter = Readonly<
  Record<string, string | number | boolean | readonly (string | number)[]>
>;

interface RuleBase {
  readonly id: string;
  readonly severity: Severity;
  /** 0–100, soft rules only (hard rules: 100 in scores). */
  readonly penalty: number;
  readonly when?: WhenFilter;
  readonly description?: string;
  readonly remediation?: string;
  /** Where the rule starts in its file (1-based), for messages. */
  readonly line: number;
}

/** May two assets share a host (`scope: 'host'`, default) or a cluster? */
export type PairRequirement =
  | { readonly same: string }
  | { readonly different: string }
  | { readonly intersect: string }
  | { readonly overlap: string; readonly minMinutes: number };

export interface PairRule extends RuleBase {
  readonly kind: 'pair';
  readonly scope: 'host' | 'cluster';
  readonly require: PairRequirement;
}

/** At most `maxPerHost` assets whose `attribute` equals `value` on one host. */
export interface LimitRule extends RuleBase {
  readonly kind: 'pair';
  readonly scope: 'host' | 'cluster';
  readonly limit: {
    readonly attribute: string;
    readonly value: string;
    readonly maxPerHost: number;
  };
}

/** Can the asset be virtualized at all? It cannot when any of `anyOf`'s values is in `in`. */
export interface CandidateRule extends RuleBase {
  readonly kind: 'candidate';
  readonly forbid: { readonly anyOf: string; readonly in: readonly string[] };
}

/** Can the asset run on a target model? */
export type FitRequirement =
  | { readonly in: { readonly asset: string; readonly target: string } }
  | { readonly implies: { readonly asset: string; readonly target: string } };

export interface FitRule extends RuleBase {
  readonly kind: 'fit';
  readonly require: FitRequirement;
}

export type Rule = PairRule | LimitRule | CandidateRule | FitRule;

export interface RuleSet {
  /** The file the rules came from (for messages). */
  readonly file: string;
  /** Optional `name:` of the file (reports show it, else the file). */
  readonly name?: string;
  /** Optional `description:` of the file. */
  readonly description?: string;
  readonly rules: readonly Rule[];
  /**
   * Assets sharing a non-empty value of `attribute` must share a host (`scope: host`) or
   * a cluster (`scope: cluster`). Absent: `affinity_group` at host scope.
   */
  readonly affinity?: { readonly attribute: string; readonly scope: 'host' | 'cluster' };
}

/** The attribute whose members must stay together unless the rule set names another. */
export const AFFINITY_ATTRIBUTE = 'affinity_group';

/** Whether a pair rule is a `limit` (at most N per host) rather than a `require`. */
export function isLimitRule(rule: Rule): rule is LimitRule {
  return rule.kind === 'pair' && 'limit' in rule;
}

/** One rule that fires for an asset, a pair or an asset on a target. */
export interface RuleHit {
  readonly ruleId: string;
  readonly severity: Severity;
  /** 100 for hard rules. */
  readonly penalty: number;
  /** Human sentence: what is wrong, with the values that decide. */
  readonly detail: string;
  readonly remediation?: string;
}

/** Options of pair-rule evaluation (`pairHits`, `explainPair`, `analyzeCompatibility`, `compileForPlacement`). */
export interface EvaluationOptions {
  /**
   * Start of the reference year of maintenance windows, epoch ms: an `overlap` rule
   * holds only if the windows overlap enough in every one of the 53 weeks from here,
   * with each zone's real offsets (DST) of each week. Pass the planned period's start;
   * default `TIMEZONE_REFERENCE_UTC_MS` (Monday 2025-01-06 00:00 UTC), never the clock.
   */
  readonly referenceUtcMs?: number;
}
