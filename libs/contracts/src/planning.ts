import { planDocumentSchema, planOptionsSchema, planSummarySchema } from '@vplan/formats';
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
  wireErrorSchema,
} from './common';
import { defineEvent, defineQueue, defineRequest } from './contract';

/**
 * The sizing options of a scenario: exactly the embedded planner's (`planOptionsSchema`
 * of @vplan/formats, with its defaults: what `vplan plan` parses from its flags and
 * scenario files), strict.
 */
export const scenarioOptionsSchema = z.strictObject(planOptionsSchema.shape);

/** A rule set of the constraints service by name; the version is pinned when the scenario is stored. */
export const scenarioRulesetRefSchema = z.strictObject({
  name: nameSchema,
  /** Absent in a request: the latest version, pinned at write time. */
  version: z.number().int().positive().optional(),
});

/** A target set of the constraints service by name, and which of its models the rules fit against. */
export const scenarioTargetsRefSchema = z.strictObject({
  name: nameSchema,
  /** Absent in a request: the latest version, pinned at write time. */
  version: z.number().int().positive().optional(),
  /** The model's name in the set; default its first model. */
  target: nameSchema.optional(),
});

/**
 * A scenario (plan-as-code): with the stored data (workload series, inventory, rule and
 * target versions) it fully determines the plan. `options` are the embedded planner's;
 * `ruleset` and `targets` name documents of the constraints service (a stored revision
 * always pins their versions: the service fills in the latest when a request leaves them
 * out); `assets.filter` restricts the plan to the inventory assets matching it (absent:
 * every asset with a workload series or in the inventory, as `vplan plan` joins them).
 */
export const scenarioSchema = z
  .strictObject({
    description: z.string().max(2000).optional(),
    options: scenarioOptionsSchema,
    ruleset: scenarioRulesetRefSchema.optional(),
    targets: scenarioTargetsRefSchema.optional(),
    assets: z.strictObject({ filter: assetFiltersSchema.default({}) }).optional(),
  })
  .superRefine((s, ctx) => {
    // Without target models the options must give the host model themselves, unless
    // keep-existing plans onto today's hosts (the inventory's baseline gives their model;
    // without one the job fails with the engine's "keep-existing needs an inventory …").
    if (s.targets || s.options.keepExisting) return;
    if (s.options.hostCpuMhz === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', 'hostCpuMhz'],
        message: 'is required without targets',
      });
    }
    if (s.options.resources.includes('memory') && s.options.hostMemoryGiB === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', 'hostMemoryGiB'],
        message: 'is required when memory is planned without targets (or plan resources [cpu])',
      });
    }
  });
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** A stored scenario revision: each change makes a new revision; runs pin the revision. */
export const scenarioRecordSchema = z.strictObject({
  name: nameSchema,
  revision: z.number().int().positive(),
  scenario: scenarioSchema,
  createdAt: isoDateTimeSchema,
  createdBy: actorSchema.optional(),
});
export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>;

export const scenarioSummarySchema = z.strictObject({
  name: nameSchema,
  /** The latest revision. */
  revision: z.number().int().positive(),
  description: z.string().max(2000).optional(),
  updatedAt: isoDateTimeSchema,
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioRefSchema = z.strictObject({
  name: nameSchema,
  revision: z.number().int().positive(),
});
export type ScenarioRef = z.infer<typeof scenarioRefSchema>;

/** Store a scenario: a new revision, unless it equals the latest one (then that one is answered). */
export const scenarioPutSchema = z.strictObject({
  name: nameSchema,
  scenario: scenarioSchema,
  /** The revision the edit started from; CONFLICT when another came first (0: must not exist). */
  expectedRevision: z.number().int().nonnegative().optional(),
});
export type ScenarioPut = z.output<typeof scenarioPutSchema>;

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

/** A host model's name in a plan (`host` for a plan of one generic model). */
const modelNameSchema = z.string().max(200);

/**
 * The figures of one plan that matter across plans (`PlanFigures` of @vplan/engine, what
 * `vplan compare` tabulates; host counts per model are in `byModel`). Cost, energy and
 * licences are absent when the plan has no economics; rule figures without a rule set.
 */
export const planFiguresSchema = z.strictObject({
  hosts: z.number().int().nonnegative(),
  lowerBound: z.number().int().nonnegative(),
  gap: z.number().int(),
  /** Currency of the target models' prices, per month and per year. */
  costPerMonth: z.number().optional(),
  costPerYear: z.number().optional(),
  /** kWh per month. */
  energyKwhPerMonth: z.number().optional(),
  licensedCores: z
    .strictObject({ windowsDatacenter: z.number(), sqlServer: z.number() })
    .optional(),
  /** Hosts whose measured replay exceeds usable capacity in some slot. */
  hostsExceeding: z.number().int().nonnegative(),
  /** Largest exceedance share (0..1) over the hosts. */
  worstExceedanceShare: z.number().min(0).max(1),
  failoverK: z.number().int().nonnegative(),
  spares: z.number().int().nonnegative(),
  unplaced: z.number().int().nonnegative(),
  rulesExtraHosts: z.number().optional(),
  softPenalty: z.number().optional(),
  confidence: z.number().optional(),
});
export type PlanFiguresPayload = z.infer<typeof planFiguresSchema>;

const assetPair = z.tuple([assetIdSchema, assetIdSchema]);

/**
 * Plan `b` against plan `a`: deltas are `b − a`. Lists show the first
 * {@link COMPARE_LIST_MAX} in id order; counts are complete.
 *
 * `figures`, `byModel`, `assetsByModel`, `pairs`, `identical` and `differences` come from
 * `comparePlanDocuments` of @vplan/engine, as `vplan compare` prints them: assets are
 * compared by target model and co-location, never by host label. `assets.moved` and
 * `assets.movedSample` compare host labels (`host-001` …), which mean nothing across two
 * plans: they are deprecated, kept so that older clients keep parsing.
 */
export const planComparisonSchema = z.strictObject({
  a: planMetaSchema,
  b: planMetaSchema,
  delta: z.strictObject({
    hosts: z.number().int(),
    lowerBound: z.number().int(),
    placed: z.number().int(),
    unplaced: z.number().int(),
    consolidationRatio: z.number(),
    /** Absent when a plan has no peak-based comparison. */
    peakBasedHosts: z.number().int().optional(),
  }),
  assets: z.strictObject({
    placedInBoth: z.number().int().nonnegative(),
    /**
     * Placed in both, on hosts of different labels.
     * @deprecated Host labels mean nothing across plans: use `assetsByModel` and `pairs`.
     */
    moved: z.number().int().nonnegative(),
    /** @deprecated Host-label based, as `moved`. */
    movedSample: z
      .array(z.strictObject({ asset: assetIdSchema, from: z.string(), to: z.string() }))
      .max(COMPARE_LIST_MAX),
    onlyPlacedInA: z.number().int().nonnegative(),
    onlyPlacedInB: z.number().int().nonnegative(),
    onlyPlacedInAIds: assetSample,
    onlyPlacedInBIds: assetSample,
  }),
  unplaced: z.strictObject({
    /** Unplaced in `b` but not in `a`. */
    added: z.number().int().nonnegative(),
    /** Unplaced in `a` but not in `b`. */
    removed: z.number().int().nonnegative(),
    addedIds: assetSample,
    removedIds: assetSample,
  }),
  /** Each plan's figures. */
  figures: z.strictObject({ a: planFiguresSchema, b: planFiguresSchema }),
  /** Hosts per target model in each plan (0 where a plan has none of it), by model name. */
  byModel: z
    .array(
      z.strictObject({
        model: modelNameSchema,
        a: z.number().int().nonnegative(),
        b: z.number().int().nonnegative(),
      }),
    )
    .max(COMPARE_LIST_MAX),
  /** Assets placed in both plans whose target model differs. */
  assetsByModel: z.strictObject({
    changed: z.number().int().nonnegative(),
    changedSample: z
      .array(z.strictObject({ asset: assetIdSchema, from: modelNameSchema, to: modelNameSchema }))
      .max(COMPARE_LIST_MAX),
  }),
  /** Co-location: pairs of assets sharing a host. */
  pairs: z.strictObject({
    /** Sharing a host in `a` and in `b`. */
    kept: z.number().int().nonnegative(),
    /** Sharing a host in `a`, not in `b`. */
    split: z.number().int().nonnegative(),
    /** Sharing a host in `b`, not in `a`. */
    joined: z.number().int().nonnegative(),
    splitSample: z.array(assetPair).max(COMPARE_LIST_MAX),
    joinedSample: z.array(assetPair).max(COMPARE_LIST_MAX),
  }),
  /** Nothing that matters differs: figures, models, placed assets, co-location. */
  identical: z.boolean(),
  /** One sentence per kind of difference, as `vplan compare` prints them (empty when identical). */
  differences: z.array(z.string().max(20_000)).max(COMPARE_LIST_MAX),
});
export type PlanComparison = z.infer<typeof planComparisonSchema>;

/** A job to run, on the work-queue stream; `jobId` is also the `Nats-Msg-Id`. */
export const planningWorkSchema = z.strictObject({
  jobId: idSchema,
  scenario: scenarioRefSchema,
});
export type PlanningWork = z.infer<typeof planningWorkSchema>;

const byId = z.strictObject({ id: idSchema });
const byName = z.strictObject({ name: nameSchema });

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
  /** Stores revision 1 of a new scenario; CONFLICT when the name exists. */
  createScenario: defineRequest(
    'vplan.planning.scenario.create.v1',
    z.strictObject({ name: nameSchema, scenario: scenarioSchema }),
    scenarioRecordSchema,
  ),
  /** Stores a scenario (as HTTP PUT): a new revision unless it equals the latest. */
  updateScenario: defineRequest(
    'vplan.planning.scenario.update.v1',
    scenarioPutSchema,
    scenarioRecordSchema,
  ),
  getScenario: defineRequest(
    'vplan.planning.scenario.get.v1',
    z.strictObject({ name: nameSchema, revision: z.number().int().positive().optional() }),
    scenarioRecordSchema,
  ),
  listScenarios: defineRequest(
    'vplan.planning.scenario.list.v1',
    z.strictObject({ ...pageRequestShape }),
    pageSchema(scenarioSummarySchema),
  ),
  /** Hides the scenario from lists; its revisions stay readable for the jobs that ran them. */
  deleteScenario: defineRequest(
    'vplan.planning.scenario.delete.v1',
    byName,
    z.strictObject({ name: nameSchema, deleted: z.boolean() }),
  ),
  /** Queues a job for the scenario (its latest revision unless given); answers at once. */
  runScenario: defineRequest(
    'vplan.planning.scenario.run.v1',
    z.strictObject({ name: nameSchema, revision: z.number().int().positive().optional() }),
    jobSchema,
  ),
  getJob: defineRequest('vplan.planning.job.get.v1', byId, jobSchema),
  listJobs: defineRequest(
    'vplan.planning.job.list.v1',
    z.strictObject({
      scenario: nameSchema.optional(),
      status: jobStatusSchema.optional(),
      ...pageRequestShape,
    }),
    pageSchema(jobSchema),
  ),
  getPlan: defineRequest('vplan.planning.plan.get.v1', byId, planResponseSchema),
  listPlans: defineRequest(
    'vplan.planning.plan.list.v1',
    z.strictObject({ scenario: nameSchema.optional(), ...pageRequestShape }),
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
