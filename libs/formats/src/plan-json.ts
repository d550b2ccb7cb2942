import { z } from 'zod';
import { FormatError, type FormatResult } from './format-error';
import { jsonSyntaxIssue, lineColumn, locateJsonPath } from './json-location';

/** The schema version this code writes; it reads versions 1 and 2 too (upgraded on read). */
export const PLAN_SCHEMA_VERSION = 3;

const resourceName = z.enum(['cpu', 'memory', 'disk', 'network']);
const perResource = z.partialRecord(resourceName, z.number());

const exceedanceSchema = z.object({
  slots: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  worstRatio: z.number().nonnegative(),
});

export const planHostSchema = z.object({
  /** Host label, `host-001` …, in plan order. */
  id: z.string(),
  /** Asset ids placed on this host. */
  assets: z.array(z.string()),
  /** Largest summed demand over time, per planned resource (resource units). */
  peak: perResource,
  /** `peak / usable capacity`, per planned resource (0..1). */
  peakUtilization: perResource,
  /** Mean summed demand over time / usable capacity, per planned resource (0..1). */
  meanUtilization: perResource,
  /** Summed soft-rule penalty of the pairs on this host (plans made with rules). */
  penalty: z.number().nonnegative().optional(),
  /** Cluster label (`cluster-01` …) when the plan groups hosts into clusters. */
  cluster: z.string().optional(),
  /** Summed allocation of the host's VMs (v2): vCPUs, configured memory (GiB), VMs. */
  allocation: z
    .object({
      vcpus: z.number().nonnegative(),
      memoryGiB: z.number().nonnegative(),
      vms: z.number().int().nonnegative(),
    })
    .optional(),
  /**
   * Replay of the plan on the measured series (v2): slots in which some planned resource
   * is above usable capacity (a slot with no sample counts as no demand), their share of
   * all slots, and the largest load / usable.
   */
  exceedance: exceedanceSchema.optional(),
  /** The same on the planned demand, gaps filled as the gap policy says: what the packer bounded (v2). */
  plannedExceedance: exceedanceSchema.optional(),
  /** A host added so that the plan survives host failures (v2). */
  spare: z.boolean().optional(),
  /** Why this host is nearly empty, when it is (v2). */
  note: z.string().optional(),
  /** The host model of this host (v3; absent: `hostModel.name`). */
  model: z.string().optional(),
  /** Today's host this plan host reuses, with `--keep-existing` (v3). */
  existing: z.string().optional(),
  /** What the host's VMs share that sets it apart, e.g. `prod · pci · vlan 20` (v3). */
  label: z.string().optional(),
  /** Per-core licences the whole host needs because a VM on it does (v3). */
  licences: z.array(z.string()).optional(),
  /** Monthly cost of this host: hardware + energy + licences (v3; with economics). */
  costPerMonth: z.number().nonnegative().optional(),
  /** Energy of this host per month, kWh, from idle/peak watts and its CPU utilization (v3). */
  energyKwhPerMonth: z.number().nonnegative().optional(),
});

/** A host model the plan may use (v3): a target model, or a group of today's hosts. */
export const planModelSchema = z.object({
  name: z.string(),
  capacity: perResource,
  headroom: perResource,
  usable: perResource,
  cores: z.number().positive().optional(),
  cpuModel: z.string().optional(),
  /** Today's hosts of this model (kept with `--keep-existing`): how many there are. */
  existing: z.number().int().positive().optional(),
  /** Per-host allocation limits enforced: vCPUs, configured memory GiB, VMs. */
  limits: z
    .object({
      vcpus: z.number().positive().optional(),
      memoryGiB: z.number().positive().optional(),
      vms: z.number().int().positive().optional(),
    })
    .optional(),
  costPerMonth: z.number().nonnegative().optional(),
  powerWatts: z
    .object({ idle: z.number().nonnegative(), peak: z.number().nonnegative() })
    .optional(),
  /** Hosts of this model in the plan. */
  hosts: z.number().int().nonnegative(),
});

const licensedCoresSchema = z.object({
  windowsDatacenter: z.number().int().nonnegative(),
  sqlServer: z.number().int().nonnegative(),
});

const economicsFiguresSchema = z.object({
  hosts: z.number().int().nonnegative(),
  /** Hardware (lease or amortized purchase) per month. */
  hostCostPerMonth: z.number().nonnegative(),
  /** Energy per month at the plan's price per kWh. */
  energyCostPerMonth: z.number().nonnegative(),
  licenceCostPerMonth: z.number().nonnegative(),
  costPerMonth: z.number().nonnegative(),
  costPerYear: z.number().nonnegative(),
  energyKwhPerMonth: z.number().nonnegative(),
  licensedCores: licensedCoresSchema,
});

/** What the plan costs and what it saves (v3). */
export const planEconomicsSchema = z.object({
  /** What the planner minimized; host count and soft penalties break ties. */
  objective: z.enum(['cost', 'hosts', 'power']),
  currency: z.string().optional(),
  pricePerKwh: z.number().nonnegative(),
  /** Hours in a month used for energy (730). */
  hoursPerMonth: z.number().positive(),
  total: economicsFiguresSchema,
  perModel: z.array(economicsFiguresSchema.extend({ model: z.string() })),
  /** No plan of the placed assets has a lower objective value than this, and the gap to it. */
  lowerBound: z.object({ value: z.number().nonnegative(), gap: z.number() }),
  /** The proven bound and gap on each objective, whichever was minimized. */
  bounds: z
    .object({
      hosts: z.object({ value: z.number().nonnegative(), gap: z.number() }),
      costPerMonth: z.object({ value: z.number().nonnegative(), gap: z.number() }),
      energyKwhPerMonth: z.object({ value: z.number().nonnegative(), gap: z.number() }),
    })
    .optional(),
  /** Each model alone (assets it blocks left unplaced), and the best of them. */
  singleModels: z.array(
    economicsFiguresSchema.extend({ model: z.string(), unplaced: z.number().int().nonnegative() }),
  ),
  bestSingleModel: z.string().optional(),
  /** Savings (positive = the plan is cheaper) against today's estate and against peak-based sizing. */
  savings: z.object({
    vsToday: z
      .object({
        hosts: z.number().int(),
        costPerMonth: z.number(),
        energyKwhPerMonth: z.number(),
      })
      .optional(),
    vsPeak: z
      .object({ hosts: z.number().int(), costPerMonth: z.number(), energyKwhPerMonth: z.number() })
      .optional(),
  }),
  /** Prices and models assumed (no cost given for a model, default kWh price …). */
  assumptions: z.array(z.string()),
});

/** Today's estate from the virtualization inventory (v3). */
export const planTodaySchema = z.object({
  source: z.string(),
  hosts: z.number().int().nonnegative(),
  cores: z.number().nonnegative(),
  memoryGiB: z.number().nonnegative(),
  vms: z.number().int().nonnegative(),
  vcpus: z.number().nonnegative(),
  /** vCPU : physical core and configured : physical memory, over the hosts that have both. */
  vcpuPerCore: z.object({ max: z.number().nonnegative(), mean: z.number().nonnegative() }),
  memoryRatio: z.object({ max: z.number().nonnegative(), mean: z.number().nonnegative() }),
  models: z.array(
    z.object({
      name: z.string(),
      cpuModel: z.string().optional(),
      hosts: z.number().int().positive(),
      cores: z.number().nonnegative().optional(),
      memoryGiB: z.number().nonnegative().optional(),
    }),
  ),
  hostList: z.array(
    z.object({
      name: z.string(),
      model: z.string(),
      cluster: z.string().optional(),
      cpuModel: z.string().optional(),
      cores: z.number().nonnegative().optional(),
      memoryGiB: z.number().nonnegative().optional(),
      vms: z.number().int().nonnegative(),
      vcpus: z.number().nonnegative(),
      vmMemoryGiB: z.number().nonnegative(),
      vcpuPerCore: z.number().nonnegative().optional(),
      memoryRatio: z.number().nonnegative().optional(),
      cpuUsage: z.number().min(0).optional(),
      memoryUsage: z.number().min(0).optional(),
    }),
  ),
  /** Host names VMs refer to that the host inventory lacks. */
  unknownHosts: z.array(z.string()),
  /** Today's cost and energy, when its models' cost and power are known. */
  costPerMonth: z.number().nonnegative().optional(),
  energyKwhPerMonth: z.number().nonnegative().optional(),
});

/** A VM of the inventory that is not planned, and why (v3). */
export const planSkippedSchema = z.object({
  asset: z.string(),
  reason: z.enum(['powered-off', 'suspended', 'template', 'duplicate']),
  where: z.string().optional(),
});

export const unplacedSchema = z.object({
  asset: z.string(),
  /** Why the asset could not be placed, one sentence each. */
  reasons: z.array(z.string()).min(1),
});

export const planSummarySchema = z.object({
  /** Assets in the input. */
  assets: z.number().int().nonnegative(),
  /** Assets placed on a host. */
  placed: z.number().int().nonnegative(),
  hosts: z.number().int().nonnegative(),
  /** No valid plan of these placed assets needs fewer hosts. */
  lowerBound: z.number().int().nonnegative(),
  /** `hosts − lowerBound`. */
  gap: z.number().int(),
  /** The resource whose time-aware volume sets the lower bound. */
  limitingResource: resourceName,
  /**
   * What sets the lower bound: the time-aware volume of the limiting resource, servers
   * larger than half a host at the same moment (Martello–Toth L2 per slot), a group of
   * servers that may not share a host, or rule classes (e.g. environments) that need
   * hosts of their own. Absent in plans written before it existed.
   */
  lowerBoundBasis: z
    .enum(['volume', 'large-items', 'exclusive-group', 'rule-classes', 'allocation'])
    .optional(),
  strategy: z.enum(['time-aware', 'peak-ffd']),
  seed: z.number().int(),
  /** Placed assets per host. */
  consolidationRatio: z.number(),
  /** Hosts needed when every asset is sized at its own peak (peak-ffd), for comparison. */
  peakBasedHosts: z.number().int().nonnegative().optional(),
  /** Why the search stopped: it reached the lower bound, ran out of work budget or time, found no further improvement (converged), or there was no search (construction). */
  stoppedBy: z.enum(['lower-bound', 'iterations', 'time', 'converged', 'construction']),
  /** Wall-clock time of the packing, in milliseconds (not part of the deterministic result). */
  elapsedMs: z.number().nonnegative(),
  /** What the constraint rules cost, for plans made with a rule set. */
  rules: z
    .object({
      /** The rule set file. */
      ruleSet: z.string(),
      /** Hosts the same placed servers need with no rule at all. */
      hostsWithoutRules: z.number().int().nonnegative(),
      /** `hosts − hostsWithoutRules`: the hosts the rules cost. */
      extraHosts: z.number().int(),
      /** Summed soft penalty over all hosts. */
      softPenalty: z.number().nonnegative(),
      /** Servers the rules keep from being placed (candidate or fit rules, affinity). */
      blocked: z.number().int().nonnegative(),
    })
    .optional(),
  /** How the hosts are grouped into clusters, for plans made with a cluster size. */
  clusters: z
    .object({
      /** Hosts per cluster at most. */
      size: z.number().int().positive(),
      /** Clusters formed (more than ⌈hosts / size⌉ when cluster-scope rules separate hosts). */
      count: z.number().int().nonnegative(),
      /** What could not be honoured, e.g. an affinity group spread over more hosts than a cluster holds. */
      problems: z.array(z.string()),
    })
    .optional(),
  /** Hosts that may fail at once per cluster with every VM re-placed (v2; 0 = no reserve). */
  failover: z.number().int().nonnegative().optional(),
  /** Assets sized from allocation × an assumed utilization because nothing was measured (v2). */
  assumed: z.number().int().nonnegative().optional(),
  /** Assets measured for less than the minimum coverage (v2). */
  lowCoverage: z.number().int().nonnegative().optional(),
  /** Confidence of the plan's demand data, 0..1, and its rating (v2). */
  confidence: z.number().min(0).max(1).optional(),
  confidenceRating: z.enum(['high', 'medium', 'low']).optional(),
  /** What a planner must know before signing: assumptions, defaults, missing data (v2). */
  warnings: z.array(z.string()).optional(),
});

const cpuRatingSchema = z.object({
  model: z.string(),
  /** SPECrate2017_int_base per core. */
  perCore: z.number().positive(),
  /** Clock the rating is per, MHz. */
  mhz: z.number().positive(),
  perGHz: z.number().positive(),
  /** Where the rating came from: the built-in table, the scenario, the inventory. */
  source: z.enum(['table', 'override', 'inventory']),
});

/** The sizing policy the plan was made under, and what it assumed (v2). */
export const planSizingSchema = z.object({
  /** `series`: the measured slots; `weekly`: the 168-hour profile at `percentile`. */
  profile: z.enum(['series', 'weekly']),
  percentile: z.number().min(1).max(100),
  /** Slots a host may exceed usable capacity in (chance constraint; 0 at percentile 100). */
  allowedExceedanceSlots: z.number().int().nonnegative(),
  gaps: z.enum(['profile', 'hold', 'zero']),
  minCoverage: z.number().min(0).max(1),
  unmeasuredUtilization: z.number().min(0).max(1),
  headroom: perResource,
  /** Allocation limits per host and what they come from. */
  allocation: z.object({
    vcpuPerCore: z.number().positive().optional(),
    memoryOvercommit: z.number().positive().optional(),
    maxVms: z.number().int().positive().optional(),
    /** The per-host limits enforced: vCPUs, configured memory GiB, VMs. */
    limits: z.object({
      vcpus: z.number().positive().optional(),
      memoryGiB: z.number().positive().optional(),
      vms: z.number().int().positive().optional(),
    }),
  }),
  failover: z.object({ k: z.number().int().nonnegative() }),
  growth: z
    .object({
      ratePerYear: z.number(),
      horizonMonths: z.number().positive(),
      factor: z.number().positive(),
    })
    .optional(),
  cpu: z.object({
    /** The rating table: version and source. */
    table: z.object({ version: z.string(), source: z.string() }),
    /** The target host's rating; absent when the target model names no known CPU. */
    target: cpuRatingSchema.optional(),
    /** Assets whose CPU demand was normalized by ratings. */
    normalized: z.number().int().nonnegative(),
    /** Assets planned 1:1 in MHz because their CPU model (or the target's) is not rated. */
    unrated: z.number().int().nonnegative(),
    /** The source ratings used, with how many assets each. */
    sources: z.array(cpuRatingSchema.extend({ assets: z.number().int().positive() })),
  }),
});

/** Per asset: what it was sized at and why (v2). */
export const planAssetSchema = z.object({
  id: z.string(),
  /** Host label, absent when unplaced. */
  host: z.string().optional(),
  /**
   * `measured`: usage series; `snapshot`: one usage value from the inventory (v3);
   * `assumed`: allocation × assumed utilization; `mixed`: some resources each.
   */
  basis: z.enum(['measured', 'snapshot', 'assumed', 'mixed']),
  /** The host model it is placed on (v3; absent when unplaced or in single-model plans). */
  model: z.string().optional(),
  /** vCPUs and configured memory (GiB) counted against the allocation limits. */
  allocation: z.object({ vcpus: z.number().nonnegative(), memoryGiB: z.number().nonnegative() }),
  /** Where the allocation came from when the inventory did not give it. */
  allocationAssumed: z.array(z.enum(['vcpus', 'memory'])).optional(),
  /** Largest planned demand, per resource, after normalization and growth. */
  peak: perResource,
  /** The P-th percentile of the planned demand, per resource (P = the plan's percentile). */
  percentileValue: perResource,
  /** CPU factor applied: normalization × growth (1 = none). */
  cpuFactor: z.number().positive(),
  cpuRating: cpuRatingSchema.optional(),
  /** Share of the period measured, per resource. */
  coverage: perResource,
  confidence: z.number().min(0).max(1),
  lowCoverage: z.boolean(),
});

/** The proof that the plan survives host failures (v2). */
export const planFailoverSchema = z.object({
  k: z.number().int().positive(),
  method: z.enum(['redistribute', 'spare-hosts']),
  /** Hosts added so that every failure scenario has somewhere to put its VMs. */
  addedHosts: z.number().int().nonnegative(),
  scenarios: z.array(
    z.object({
      failed: z.array(z.string()).min(1),
      moves: z.array(z.object({ asset: z.string(), to: z.string() })),
    }),
  ),
});

const planInputSchema = z.object({
  /** What was read, as given on the command line or in the scenario. */
  source: z.string(),
  format: z.string(),
  /** The scenario planned, when the plan came from one (v2). */
  scenario: z.string().optional(),
  resources: z.array(resourceName).min(1),
  /** 100 = every time slot must fit; lower = see `sizing`. */
  percentile: z.number().min(1).max(100),
  stepSeconds: z.number().positive(),
  /** Number of time slots planned. */
  slots: z.number().int().positive(),
  /** Start of the first slot (ISO-8601, UTC); with the weekly profile the slots are hours of the week from Monday 00:00. */
  start: z.string(),
  /** IANA zone of the report's local time axis (v2). */
  timeZone: z.string().optional(),
});

const planHostModelSchema = z.object({
  name: z.string(),
  capacity: perResource,
  headroom: perResource,
  usable: perResource,
  /** Physical cores and CPU model of the host model, when known (v2). */
  cores: z.number().positive().optional(),
  cpuModel: z.string().optional(),
});

/** `plan.json` version 1, as older vplan wrote it: read and upgraded by `parsePlanDocument`. */
export const planDocumentV1Schema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  input: planInputSchema,
  hostModel: planHostModelSchema,
  hosts: z.array(planHostSchema),
  unplaced: z.array(unplacedSchema),
  summary: planSummarySchema,
});

export const planDocumentSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  generatedAt: z.string(),
  input: planInputSchema,
  hostModel: planHostModelSchema,
  /** The sizing policy and its assumptions; absent only in plans upgraded from version 1. */
  sizing: planSizingSchema.optional(),
  hosts: z.array(planHostSchema),
  unplaced: z.array(unplacedSchema),
  /** One entry per sized asset; absent only in plans upgraded from version 1. */
  assets: z.array(planAssetSchema).optional(),
  /** The failover proof of a plan made with `failover` ≥ 1. */
  failover: planFailoverSchema.optional(),
  summary: planSummarySchema,
  /** Every host model the plan may use, with how many hosts it uses of each (v3). */
  models: z.array(planModelSchema).optional(),
  /** Cost, energy, licences and savings (v3). */
  economics: planEconomicsSchema.optional(),
  /** Today's estate, when the inventory describes it (v3). */
  today: planTodaySchema.optional(),
  /** Inventory VMs not planned (powered off, templates) (v3). */
  skipped: z.array(planSkippedSchema).optional(),
  /** Set when this document was read from an older schema version. */
  upgradedFrom: z.union([z.literal(1), z.literal(2)]).optional(),
});

export type PlanHost = z.infer<typeof planHostSchema>;
export type UnplacedAsset = z.infer<typeof unplacedSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type PlanSizing = z.infer<typeof planSizingSchema>;
export type PlanAsset = z.infer<typeof planAssetSchema>;
export type PlanFailover = z.infer<typeof planFailoverSchema>;
export type PlanCpuRating = z.infer<typeof cpuRatingSchema>;
export type PlanModel = z.infer<typeof planModelSchema>;
export type PlanEconomics = z.infer<typeof planEconomicsSchema>;
export type PlanEconomicsFigures = z.infer<typeof economicsFiguresSchema>;
export type PlanToday = z.infer<typeof planTodaySchema>;
export type PlanSkipped = z.infer<typeof planSkippedSchema>;
/** `plan.json`, schema version 3. */
export type PlanDocument = z.infer<typeof planDocumentSchema>;

function failAt(file: string, text: string, offset: number, message: string): FormatResult<never> {
  const { row, column } = lineColumn(text, offset);
  return { ok: false, error: new FormatError({ file, row, column, message }) };
}

function describePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(document)';
}

/**
 * Reads a `plan.json` text. A syntax error, a different `schemaVersion` or a value that
 * does not match the schema fails with `file:row:column` (the character column of the
 * offending value, or of its object when a property is missing) and the JSON path.
 */
export function parsePlanDocument(text: string, file: string): FormatResult<PlanDocument> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const issue = jsonSyntaxIssue(text);
    if (issue) return failAt(file, text, issue.offset, `invalid JSON: ${issue.message}`);
    return failAt(file, text, 0, `invalid JSON: ${(error as Error).message}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === 1) {
    const v1 = planDocumentV1Schema.safeParse(data);
    if (v1.success)
      return {
        ok: true,
        value: { ...v1.data, schemaVersion: PLAN_SCHEMA_VERSION, upgradedFrom: 1 },
      };
    const issue = v1.error.issues[0] as z.core.$ZodIssue;
    return failAt(
      file,
      text,
      locateJsonPath(text, issue.path),
      `${describePath(issue.path)}: ${issue.message}`,
    );
  }
  if (version === 2) {
    // Version 3 only added optional fields: a version 2 document is a version 3 one.
    const v2 = planDocumentSchema.extend({ schemaVersion: z.literal(2) }).safeParse(data);
    if (v2.success)
      return {
        ok: true,
        value: { ...v2.data, schemaVersion: PLAN_SCHEMA_VERSION, upgradedFrom: 2 },
      };
    const issue = v2.error.issues[0] as z.core.$ZodIssue;
    return failAt(
      file,
      text,
      locateJsonPath(text, issue.path),
      `${describePath(issue.path)}: ${issue.message}`,
    );
  }
  if (typeof data === 'object' && data !== null && version !== PLAN_SCHEMA_VERSION) {
    const offset = locateJsonPath(text, version === undefined ? [] : ['schemaVersion']);
    return failAt(
      file,
      text,
      offset,
      `schemaVersion ${JSON.stringify(version) ?? 'is missing'}: this vplan reads plan.json schema versions 1, 2 and ${PLAN_SCHEMA_VERSION}`,
    );
  }
  const parsed = planDocumentSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const offset = locateJsonPath(text, issue.path);
  return failAt(file, text, offset, `${describePath(issue.path)}: ${issue.message}`);
}
