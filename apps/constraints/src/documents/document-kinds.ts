import {
  CONSTRAINTS,
  ruleSetSchema,
  targetModelSchema,
  type DocumentPublished,
  type EventContract,
} from '@vplan/contracts';
import type { TargetModel } from '@vplan/domain';
import { parseTargetModels, type FormatIssue } from '@vplan/formats';
import { parseRuleSet, type RuleSet } from '@vplan/rules';
import { z } from 'zod';

/** The outcome of parsing a document's source: its parsed form, or every problem found. */
export type ParseOutcome<P> =
  | { readonly ok: true; readonly value: P; readonly description?: string }
  | { readonly ok: false; readonly issues: readonly FormatIssue[] };

/**
 * One kind of versioned document the service keeps (rule sets, target sets): how to
 * parse its source, where it is stored and which event announces a new version.
 */
export interface DocumentKind<P> {
  /** In messages: `rule set`, `target set`. */
  readonly label: string;
  /** Collection of the versions (one document per version). */
  readonly versions: string;
  /** Collection of the heads (one document per name: latest version, deletion). */
  readonly heads: string;
  /** Checks the stored parsed form on read (it is stored as JSON text). */
  readonly schema: z.ZodType<P>;
  readonly published: EventContract<DocumentPublished>;
  parse(text: string, name: string): ParseOutcome<P>;
}

export const RULESET_KIND: DocumentKind<RuleSet> = {
  label: 'rule set',
  versions: 'ruleset_versions',
  heads: 'rulesets',
  schema: ruleSetSchema as unknown as z.ZodType<RuleSet>,
  published: CONSTRAINTS.rulesetPublished,
  parse(text, name) {
    const result = parseRuleSet(text, name);
    if (!result.ok) return { ok: false, issues: result.issues };
    const { description } = result.value;
    return { ok: true, value: result.value, ...(description ? { description } : {}) };
  },
};

export const TARGET_SET_KIND: DocumentKind<TargetModel[]> = {
  label: 'target set',
  versions: 'target_set_versions',
  heads: 'target_sets',
  schema: z.array(targetModelSchema).min(1) as unknown as z.ZodType<TargetModel[]>,
  published: CONSTRAINTS.targetSetPublished,
  parse(text, name) {
    const result = parseTargetModels(text, name);
    return result.ok
      ? { ok: true, value: result.value }
      : { ok: false, issues: [result.error.issue] };
  },
};
