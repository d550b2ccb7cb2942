import { z } from 'zod';
import { assetScopeSchema } from './asset';
import {
  actorSchema,
  assetIdSchema,
  idSchema,
  isoDateTimeSchema,
  latestOrVersionRefSchema,
  nameSchema,
  objectRefSchema,
  pageRequestShape,
  pageSchema,
  versionRefSchema,
} from './common';
import {
  compatibilityReportSchema,
  pairExplanationSchema,
  ruleSetSchema,
  targetModelSchema,
} from './constraints-model';
import { defineEvent, defineRequest } from './contract';

/** Longest YAML source of a rule set or target set (characters). */
export const MAX_SOURCE_CHARS = 256 * 1024;

const sourceText = z.string().min(1).max(MAX_SOURCE_CHARS);

/**
 * The requests and events of a versioned document kept as YAML source plus its parsed
 * form: every create or update stores a new version (1, 2, …); old versions stay
 * readable, so a scenario that pins `{ id, version }` always plans against the same rules.
 */
function versionedDocument<P extends z.ZodType>(entity: 'ruleset' | 'target-set', parsed: P) {
  const version = z.strictObject({
    id: idSchema,
    name: nameSchema,
    version: z.number().int().positive(),
    description: z.string().max(2000).optional(),
    /** The YAML text as written. */
    source: sourceText,
    parsed,
    createdAt: isoDateTimeSchema,
    createdBy: actorSchema.optional(),
  });
  const summary = z.strictObject({
    id: idSchema,
    name: nameSchema,
    latestVersion: z.number().int().positive(),
    description: z.string().max(2000).optional(),
    updatedAt: isoDateTimeSchema,
  });
  const versionInfo = z.strictObject({
    version: z.number().int().positive(),
    createdAt: isoDateTimeSchema,
    createdBy: actorSchema.optional(),
  });
  const create = z.strictObject({
    name: nameSchema,
    description: z.string().max(2000).optional(),
    source: sourceText,
  });
  const update = z.strictObject({
    id: idSchema,
    source: sourceText,
    description: z.string().max(2000).optional(),
    /** The version the edit started from; CONFLICT when another version came first. */
    expectedVersion: z.number().int().positive().optional(),
  });
  const published = z.strictObject({
    id: idSchema,
    name: nameSchema,
    version: z.number().int().positive(),
  });
  const base = `vplan.constraints.${entity}`;
  return {
    schemas: { version, summary, versionInfo, create, update, published },
    create: defineRequest(`${base}.create.v1`, create, version),
    update: defineRequest(`${base}.update.v1`, update, version),
    get: defineRequest(`${base}.get.v1`, latestOrVersionRefSchema, version),
    list: defineRequest(
      `${base}.list.v1`,
      z.strictObject({ ...pageRequestShape, name: nameSchema.optional() }),
      pageSchema(summary),
    ),
    versions: defineRequest(
      `${base}.versions.v1`,
      z.strictObject({ id: idSchema, ...pageRequestShape }),
      pageSchema(versionInfo),
    ),
    /** Hides the document from lists; its versions stay readable by id and version. */
    delete: defineRequest(
      `${base}.delete.v1`,
      z.strictObject({ id: idSchema }),
      z.strictObject({ id: idSchema, deleted: z.boolean() }),
    ),
    published: defineEvent(
      `vplan.evt.constraints.${entity}.published.v1`,
      'VPLAN_EVT_CONSTRAINTS',
      published,
    ),
  };
}

const rulesets = versionedDocument('ruleset', ruleSetSchema);
const targetSets = versionedDocument('target-set', z.array(targetModelSchema).min(1));

export const rulesetVersionSchema = rulesets.schemas.version;
export const rulesetSummarySchema = rulesets.schemas.summary;
export const rulesetCreateSchema = rulesets.schemas.create;
export const rulesetUpdateSchema = rulesets.schemas.update;
export const targetSetVersionSchema = targetSets.schemas.version;
export const targetSetSummarySchema = targetSets.schemas.summary;
export const targetSetCreateSchema = targetSets.schemas.create;
export const targetSetUpdateSchema = targetSets.schemas.update;
export const documentPublishedSchema = rulesets.schemas.published;
export type RulesetVersion = z.infer<typeof rulesetVersionSchema>;
export type RulesetSummary = z.infer<typeof rulesetSummarySchema>;
export type RulesetCreate = z.infer<typeof rulesetCreateSchema>;
export type RulesetUpdate = z.infer<typeof rulesetUpdateSchema>;
export type TargetSetVersion = z.infer<typeof targetSetVersionSchema>;
export type TargetSetSummary = z.infer<typeof targetSetSummarySchema>;
export type TargetSetCreate = z.infer<typeof targetSetCreateSchema>;
export type TargetSetUpdate = z.infer<typeof targetSetUpdateSchema>;
export type DocumentPublished = z.infer<typeof documentPublishedSchema>;

/**
 * Evaluate a rule set (and optionally a target set) over a scope of assets: compatibility
 * classes, class-pair scores, blockers. Refs without a version take the latest.
 */
export const evaluateRequestSchema = z.strictObject({
  ruleset: latestOrVersionRefSchema,
  targets: latestOrVersionRefSchema.optional(),
  scope: assetScopeSchema,
});
export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;

const evaluationHead = {
  /** The versions actually used. */
  ruleset: versionRefSchema,
  targets: versionRefSchema.optional(),
  summary: z.strictObject({
    assets: z.number().int().nonnegative(),
    classes: z.number().int().nonnegative(),
    blocked: z.number().int().nonnegative(),
    warned: z.number().int().nonnegative(),
  }),
};

/**
 * The evaluation. A report whose JSON passes PAGE_BYTE_BUDGET (an estate of tens of
 * thousands of assets: classes list their members) is put in the Object Store as JSON
 * and referenced instead.
 */
export const evaluationSchema = z.discriminatedUnion('delivery', [
  z.strictObject({
    ...evaluationHead,
    delivery: z.literal('inline'),
    report: compatibilityReportSchema,
  }),
  z.strictObject({
    ...evaluationHead,
    delivery: z.literal('object-store'),
    object: objectRefSchema,
  }),
]);
export type Evaluation = z.infer<typeof evaluationSchema>;

/** Why may assets `a` and `b` (not) share a host under a rule set? */
export const explainRequestSchema = z.strictObject({
  ruleset: latestOrVersionRefSchema,
  targets: latestOrVersionRefSchema.optional(),
  a: assetIdSchema,
  b: assetIdSchema,
});
export type ExplainRequest = z.infer<typeof explainRequestSchema>;

export const explanationSchema = z.strictObject({
  ruleset: versionRefSchema,
  explanation: pairExplanationSchema,
});
export type Explanation = z.infer<typeof explanationSchema>;

/** Subjects of the constraints service. */
export const CONSTRAINTS = {
  createRuleset: rulesets.create,
  updateRuleset: rulesets.update,
  getRuleset: rulesets.get,
  listRulesets: rulesets.list,
  rulesetVersions: rulesets.versions,
  deleteRuleset: rulesets.delete,
  createTargetSet: targetSets.create,
  updateTargetSet: targetSets.update,
  getTargetSet: targetSets.get,
  listTargetSets: targetSets.list,
  targetSetVersions: targetSets.versions,
  deleteTargetSet: targetSets.delete,
  evaluate: defineRequest(
    'vplan.constraints.compat.evaluate.v1',
    evaluateRequestSchema,
    evaluationSchema,
  ),
  explainPair: defineRequest(
    'vplan.constraints.pair.explain.v1',
    explainRequestSchema,
    explanationSchema,
  ),
  rulesetPublished: rulesets.published,
  targetSetPublished: targetSets.published,
} as const;
