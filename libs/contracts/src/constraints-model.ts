import { z } from 'zod';
import { storageKindSchema } from './asset';
import { resourceSchema } from './workloads';

/**
 * zod schemas of the rule language's model (`@vplan/rules`: RuleSet, CompatibilityReport,
 * PairExplanation) and of the domain's TargetModel, field for field
 * (constraints-model.spec.ts checks the types both ways).
 */

const name = z.string().min(1).max(200);

export const severitySchema = z.enum(['hard', 'soft']);

export const whenFilterSchema = z.record(
  z.string().min(1),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
);

const ruleBase = {
  id: name,
  severity: severitySchema,
  /** 0–100 (hard rules: 100). */
  penalty: z.number().min(0).max(100),
  when: whenFilterSchema.optional(),
  description: z.string().optional(),
  remediation: z.string().optional(),
  /** Line of the rule in its source (1-based). */
  line: z.number().int().positive(),
};
const scope = z.enum(['host', 'cluster']);

export const pairRequirementSchema = z.union([
  z.strictObject({ same: name }),
  z.strictObject({ different: name }),
  z.strictObject({ intersect: name }),
  z.strictObject({ overlap: name, minMinutes: z.number().nonnegative() }),
]);

export const pairRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('pair'),
  scope,
  require: pairRequirementSchema,
});

export const limitRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('pair'),
  scope,
  limit: z.strictObject({
    attribute: name,
    value: z.string(),
    maxPerHost: z.number().int().positive(),
  }),
});

export const candidateRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('candidate'),
  forbid: z.strictObject({ anyOf: name, in: z.array(z.string()) }),
});

const attributePair = z.strictObject({ asset: name, target: name });
export const fitRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal('fit'),
  require: z.union([
    z.strictObject({ in: attributePair }),
    z.strictObject({ implies: attributePair }),
  ]),
});

export const ruleSchema = z.union([
  pairRuleSchema,
  limitRuleSchema,
  candidateRuleSchema,
  fitRuleSchema,
]);

/** A parsed rule set (`parseRuleSet` of @vplan/rules). */
export const ruleSetSchema = z.strictObject({
  file: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  rules: z.array(ruleSchema),
  /** Who must stay together (`affinity:` of the file); absent: `affinity_group` per host. */
  affinity: z.strictObject({ attribute: name, scope }).optional(),
});
export type RuleSetPayload = z.infer<typeof ruleSetSchema>;

const share = z.number().min(0).lt(1);

/** A target host model (`parseTargetModels` of @vplan/formats). */
export const targetModelSchema = z.strictObject({
  name,
  capacity: z.partialRecord(resourceSchema, z.number().positive()),
  headroom: z.partialRecord(resourceSchema, share).optional(),
  supportedOs: z.array(z.string()).optional(),
  vlans: z.array(z.string()).optional(),
  storage: z.array(storageKindSchema).optional(),
  passthrough: z.array(z.string()).optional(),
  upsBacked: z.boolean().optional(),
  maxVms: z.number().int().positive().optional(),
  /** Physical cores, CPU model and rating (SPECrate2017_int_base per core). */
  cores: z.number().positive().optional(),
  cpuModel: z.string().optional(),
  cpuRating: z.number().positive().optional(),
  /** Allocation limits: vCPUs per core, configured memory per GiB of host memory. */
  vcpuPerCore: z.number().positive().optional(),
  memoryOvercommit: z.number().positive().optional(),
  costPerMonth: z.number().nonnegative().optional(),
  powerWatts: z
    .strictObject({ idle: z.number().nonnegative(), peak: z.number().nonnegative() })
    .optional(),
  /** Processors per host (per-core licences count at least 8 cores per processor). */
  sockets: z.number().int().positive().optional(),
  /** Per-core licence prices per licensed core per month. */
  licences: z
    .strictObject({
      windowsDatacenter: z.strictObject({ perCoreMonth: z.number().nonnegative() }).optional(),
      sqlServer: z.strictObject({ perCoreMonth: z.number().nonnegative() }).optional(),
    })
    .optional(),
});
export type TargetModelPayload = z.infer<typeof targetModelSchema>;

export const ruleHitSchema = z.strictObject({
  ruleId: z.string(),
  severity: severitySchema,
  penalty: z.number(),
  detail: z.string(),
  remediation: z.string().optional(),
});

const assetHits = z.strictObject({ asset: z.string(), hits: z.array(ruleHitSchema) });

/** The compatibility analysis of an estate under a rule set (`analyzeCompatibility`). */
export const compatibilityReportSchema = z.strictObject({
  ruleSet: z.string(),
  assets: z.number().int().nonnegative(),
  classes: z.array(
    z.strictObject({
      id: z.string(),
      size: z.number().int().nonnegative(),
      signature: z.record(z.string(), z.string()),
      members: z.array(z.string()),
    }),
  ),
  scores: z.array(
    z.strictObject({
      a: z.string(),
      b: z.string(),
      score: z.number().min(0).max(100),
      hits: z.array(ruleHitSchema),
    }),
  ),
  blockers: z.array(assetHits),
  warnings: z.array(assetHits).optional(),
  groupRules: z.array(
    z.strictObject({
      ruleId: z.string(),
      groups: z.number().int().nonnegative(),
      assets: z.number().int().nonnegative(),
    }),
  ),
});
export type CompatibilityReportPayload = z.infer<typeof compatibilityReportSchema>;

/** Why two assets may or may not share a host (`explainPair`). */
export const pairExplanationSchema = z.strictObject({
  a: z.string(),
  b: z.string(),
  score: z.number().min(0).max(100),
  rules: z.array(
    z.strictObject({
      ruleId: z.string(),
      outcome: z.enum(['fires', 'passes', 'not-applicable']),
      values: z.record(z.string(), z.strictObject({ a: z.string(), b: z.string() })),
      detail: z.string(),
    }),
  ),
});
export type PairExplanationPayload = z.infer<typeof pairExplanationSchema>;
