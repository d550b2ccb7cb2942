import type { RuleHit } from './rule-model';

/**
 * A compatibility class: assets that every class-level rule treats alike (the same
 * values of every attribute that equality, set and window rules and `when` filters read).
 */
export interface CompatibilityClass {
  /** `C1`, `C2`, … by decreasing size. */
  readonly id: string;
  readonly size: number;
  /** Attribute name → the class's value, as text (lists joined with `;`). */
  readonly signature: Readonly<Record<string, string>>;
  /** Asset ids, in inventory order. */
  readonly members: readonly string[];
}

/** How well two classes (or a class with itself) may share hosts. */
export interface ClassPairScore {
  readonly a: string;
  readonly b: string;
  /** 100 = no rule fires; 0 = a hard rule forbids; else 100 − Σ soft penalties, at least 1. */
  readonly score: number;
  /** Rules that fire between members of the two classes. */
  readonly hits: readonly RuleHit[];
}

/** Why an asset cannot be virtualized or fits no target. */
export interface AssetBlockers {
  readonly asset: string;
  readonly hits: readonly RuleHit[];
}

/**
 * The compatibility analysis of an estate under a rule set. Class-pair scores cover
 * the rules decided by class attributes; group rules (`different`, `limit`) relate
 * individual assets and are summarised in `groupRules` instead of being scored per
 * class pair (that would need an n × n matrix).
 */
export interface CompatibilityReport {
  readonly ruleSet: string;
  readonly assets: number;
  readonly classes: readonly CompatibilityClass[];
  /** One entry per unordered class pair (a ≤ b in class order), including a = b. */
  readonly scores: readonly ClassPairScore[];
  readonly blockers: readonly AssetBlockers[];
  /**
   * Assets with soft candidate or fit hits only (they can be virtualized, at a cost).
   * Optional for producers written before it existed.
   */
  readonly warnings?: readonly AssetBlockers[];
  readonly groupRules: readonly {
    readonly ruleId: string;
    /** Groups with more than one member (or more than `max` of the limited value). */
    readonly groups: number;
    /** Assets in those groups. */
    readonly assets: number;
  }[];
}

/** Why two assets may or may not share a host: every rule, and what decided it. */
export interface PairExplanation {
  readonly a: string;
  readonly b: string;
  /** 0–100 as in ClassPairScore. */
  readonly score: number;
  readonly rules: readonly {
    readonly ruleId: string;
    readonly outcome: 'fires' | 'passes' | 'not-applicable';
    /** The values of the attributes the rule reads, for a and b. */
    readonly values: Readonly<Record<string, { readonly a: string; readonly b: string }>>;
    readonly detail: string;
  }[];
}
