import { planOptionsSchema } from '@vplan/engine';
import { planDocumentSchema, planSummarySchema } from '@vplan/formats';
import { z } from 'zod';
import { assetFiltersSchema } from './asset';
import {
  actorSchema,
  assetIdSchema,
  idSchema,
  isoDateTimeSchema,
  nameSchema,
  objectRefSchema,
  pageRequestShape,
  pageSchema,
  timeWindowSchema,
  versionRefSchema,
  wireErrorSchema,
} from './common';
import { defineEvent, defineQueue, defineRequest } from './contract';

const sizing = planOptionsSchema.shape;

/** The target host a scenario plans onto: given inline, or a model of a stored target set. */
export const scenarioHostSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('inline'),
    name: nameSchema.default('host'),
    /** Host CPU capacity, MHz. */
    cpuMhz: z.number().positive(),
    /** Host memory, GiB; required when memory is planned. */
    memoryGiB: z.number().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('target'),
    /** The target set, at a pinned version. */
    targets: versionRefSchema,
    /** The model's name in that set. */
    model: nameSchema,
  }),
]);

/**
 * A scenario (plan-as-code): with the stored data it fully determines the plan. Every
 * reference pins a version; the sizing options are those of the embedded planner
 * (`planOptionsSchema` of @vplan/engine) with the same defaults.
 */
export const scenarioSchema = z
  .strictObject({
    name: nameSchema,
    description: z.string().max(2000).optional(),
    host: scenarioHostSchema,
    resources: sizing.resources,
    headroom: sizing.headroom,
    percentile: sizing.percentile,
    strategy: sizing.strategy,
    seed: sizing.seed,
    timeBudgetMs: sizing.timeBudgetMs,
    compareWithPeak: sizing.compareWithPeak,
    /** The rule set to plan under, at a pinned version; absent: the built-in label rules. */
    ruleset: versionRefSchema.optional(),
    /** Which assets to plan; `{}` (default) is every asset. */
    assets: assetFiltersSchema.default({}),
    /** The measured period to size against; absent: everything stored for those assets. */
    window: timeWindowSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (
      s.host.kind === 'inline' &&
      s.resources.includes('memory') &&
      s.host.memoryGiB === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['host', 'memoryGiB'],
        message: 'is required when memory is planned (or plan resources [cpu])',
      });
    }
  });
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** A stored scenario: each update makes a new revision; runs pin the revision. */
export const scenarioRecordSchema = z.strictObject({
  id: idSchema,
  revision: z.number().int().positive(),
  scenario: scenarioSchema,
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  createdBy: actorSchema.optional(),
});
export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>;

export const scenarioSummarySchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  revision: z.number().int().positive(),
  updatedAt: isoDateTimeSchema,
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioRefSchema = z.strictObject({
  id: idSchema,
  revision: z.number().int().positive(),
});
export type ScenarioRef = z.infer<typeof scenarioRefSchema>;

export const scenarioUpdateSchema = z.strictObject({
  id: idSchema,
  scenario: scenarioSchema,
  /** The revision the edit started from; CONFLICT when another came first. */
  expectedRevision: z.number().int().positive().optional(),
});

export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobProgressSchema = z.strictObject({
  /** What the job is doing: `gathering assets`, `aligning workloads`, `packing` … */
  phase: z.string().max(200).optional(),
  /** Best host count so far. */
  hosts: z.number().int().nonnegative().optional(),
  lowerBound: z.number().int().nonnegative().optional(),
  elapsedMs: z.number().nonnegative(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** A planning job: one run of one scenario revision. */
export const jobSchema = z.strictObject({
  id: idSchema,
  scenario: scenarioRefSchema,
  status: jobStatusSchema,
  progress: jobProgressSchema,
  /** Times a replica took the job (more than 1 after a replica died mid-job). */
  attempts: z.number().int().nonnegative(),
  createdAt: isoDateTimeSchema,
  startedAt: isoDateTimeSchema.optional(),
  finishedAt: isoDateTimeSchema.optional(),
  /** The plan of a succeeded job. */
  planId: idSchema.optional(),
  /** Why a failed job failed. */
  error: wireErrorSchema.optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** A stored plan's identity and summary (what lists and comparisons show). */
export const planMetaSchema = z.strictObject({
  id: idSchema,
  jobId: idSchema,
  scenario: scenarioRefSchema,
  createdAt: isoDateTimeSchema,
  summary: planSummarySchema,
});
export type PlanMeta = z.infer<typeof planMetaSchema>;

/**
 * A plan: `plan.json` inline, or, when its JSON passes PAGE_BYTE_BUDGET (large estates),
 * in the Object Store as the same JSON.
 */
export const planResponseSchema = z.discriminatedUnion('delivery', [
  z.strictObject({ meta: planMetaSchema, delivery: z.literal('inline'), plan: planDocumentSchema }),
  z.strictObject({
    meta: planMetaSchema,
    delivery: z.literal('object-store'),
    object: objectRefSchema,
  }),
]);
export type PlanResponse = z.infer<typeof planResponseSchema>;

/** Most asset ids each list of a comparison shows (counts are always complete). */
export const COMPARE_LIST_MAX = 100;

const assetSample = z.array(assetIdSchema).max(COMPARE_LIST_MAX);

/** Plan `b` against plan `a`: deltas are `b − a`. */
export const planComparisonSchema = z.strictObject({
  a: planMetaSchema,
  b: planMetaSchema,
  delta: z.strictObject({
    hosts: z.number().int(),
    lowerBound: z.number().int(),
    placed: z.number().int(),
    consolidationRatio: z.number(),
  }),
  assets: z.strictObject({
    placedInBoth: z.number().int().nonnegative(),
    onlyPlacedInA: z.number().int().nonnegative(),
    onlyPlacedInB: z.number().int().nonnegative(),
    /** The first of them, in id order. */
    onlyPlacedInAIds: assetSample,
    onlyPlacedInBIds: assetSample,
  }),
});
export type PlanComparison = z.infer<typeof planComparisonSchema>;

/** A job to run, on the work-queue stream; `jobId` is also the `Nats-Msg-Id`. */
export const planningWorkSchema = z.strictObject({
  jobId: idSchema,
  scenario: scenarioRefSchema,
});
export type PlanningWork = z.infer<typeof planningWorkSchema>;

const byId = z.strictObject({ id: idSchema });

export const jobProgressedSchema = z.strictObject({
  jobId: idSchema,
  scenario: scenarioRefSchema,
  status: jobStatusSchema,
  progress: jobProgressSchema,
});
export type JobProgressed = z.infer<typeof jobProgressedSchema>;

export const jobCompletedSchema = z.strictObject({
  jobId: idSchema,
  scenario: scenarioRefSchema,
  status: z.enum(['succeeded', 'failed']),
  planId: idSchema.optional(),
  error: wireErrorSchema.optional(),
});
export type JobCompleted = z.infer<typeof jobCompletedSchema>;

export const planCreatedSchema = planMetaSchema;
export type PlanCreated = PlanMeta;

/** Subjects of the planning service. */
export const PLANNING = {
  createScenario: defineRequest(
    'vplan.planning.scenario.create.v1',
    z.strictObject({ scenario: scenarioSchema }),
    scenarioRecordSchema,
  ),
  updateScenario: defineRequest(
    'vplan.planning.scenario.update.v1',
    scenarioUpdateSchema,
    scenarioRecordSchema,
  ),
  getScenario: defineRequest(
    'vplan.planning.scenario.get.v1',
    z.strictObject({ id: idSchema, revision: z.number().int().positive().optional() }),
    scenarioRecordSchema,
  ),
  listScenarios: defineRequest(
    'vplan.planning.scenario.list.v1',
    z.strictObject({ ...pageRequestShape }),
    pageSchema(scenarioSummarySchema),
  ),
  deleteScenario: defineRequest(
    'vplan.planning.scenario.delete.v1',
    byId,
    z.strictObject({ id: idSchema, deleted: z.boolean() }),
  ),
  /** Queues a job for the scenario (its latest revision unless given); answers at once. */
  runScenario: defineRequest(
    'vplan.planning.scenario.run.v1',
    z.strictObject({ id: idSchema, revision: z.number().int().positive().optional() }),
    jobSchema,
  ),
  getJob: defineRequest('vplan.planning.job.get.v1', byId, jobSchema),
  listJobs: defineRequest(
    'vplan.planning.job.list.v1',
    z.strictObject({
      scenarioId: idSchema.optional(),
      status: jobStatusSchema.optional(),
      ...pageRequestShape,
    }),
    pageSchema(jobSchema),
  ),
  getPlan: defineRequest('vplan.planning.plan.get.v1', byId, planResponseSchema),
  listPlans: defineRequest(
    'vplan.planning.plan.list.v1',
    z.strictObject({ scenarioId: idSchema.optional(), ...pageRequestShape }),
    pageSchema(planMetaSchema),
  ),
  comparePlans: defineRequest(
    'vplan.planning.plan.compare.v1',
    z.strictObject({ a: idSchema, b: idSchema }),
    planComparisonSchema,
  ),
  runJob: defineQueue('vplan.jobs.planning.run.v1', 'VPLAN_PLANNING_JOBS', planningWorkSchema),
  jobProgressed: defineEvent(
    'vplan.evt.planning.job.progressed.v1',
    'VPLAN_EVT_PLANNING',
    jobProgressedSchema,
  ),
  jobCompleted: defineEvent(
    'vplan.evt.planning.job.completed.v1',
    'VPLAN_EVT_PLANNING',
    jobCompletedSchema,
  ),
  planCreated: defineEvent(
    'vplan.evt.planning.plan.created.v1',
    'VPLAN_EVT_PLANNING',
    planCreatedSchema,
  ),
} as const;
