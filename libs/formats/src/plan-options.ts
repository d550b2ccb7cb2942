import type { ResourceName } from '@vplan/domain';
import { z } from 'zod';

const share = z.number().min(0).lt(1);

/** Growth of demand: a yearly rate compounded over a horizon. */
export const growthSchema = z.strictObject({
  /** Yearly growth rate, e.g. 0.2 for 20 %/year (> −1). */
  ratePerYear: z.number().gt(-1).max(10),
  /** Months ahead the plan must hold, e.g. 12. */
  horizonMonths: z.number().positive().max(120),
});
export type Growth = z.infer<typeof growthSchema>;

/**
 * Allocation limits of a target host, overriding the target model's own: vCPUs per
 * physical core, configured memory against host memory (1.0 = it must fit), VMs per host.
 */
export const allocationPolicySchema = z.strictObject({
  vcpuPerCore: z.number().positive().max(64).optional(),
  memoryOvercommit: z.number().positive().max(16).optional(),
  maxVms: z.number().int().positive().optional(),
});
export type AllocationPolicy = z.infer<typeof allocationPolicySchema>;

/** CPU rating overrides by CPU model: SPECrate2017_int_base per core, and the clock in MHz. */
export const cpuRatingOverridesSchema = z.record(
  z.string().min(1).max(200),
  z.strictObject({ perCore: z.number().positive(), mhz: z.number().positive().optional() }),
);

/** The kWh price assumed when none is given (stated in the plan's assumptions). */
export const DEFAULT_PRICE_PER_KWH = 0.15;

/**
 * The sizing options of a plan (plan-as-code): the same options over the same estate give
 * the same plan. Validated at every boundary (CLI flags, scenario files, the planning
 * service's scenarios). Defaults are filled by the schema.
 */
export const planOptionsSchema = z.object({
  /** Host CPU capacity in MHz. Default: the target model's. */
  hostCpuMhz: z.number().positive().optional(),
  /** Host memory in GiB; required when memory is planned and no target model gives it. */
  hostMemoryGiB: z.number().positive().optional(),
  /** Physical cores of one host; needed for a vCPU-per-core limit. Default: the target model's. */
  hostCores: z.number().int().positive().max(100_000).optional(),
  /** Host model name shown in the plan. Default: the target model's, else made from the capacity. */
  hostModelName: z.string().min(1).optional(),
  /** Resources to plan. Default cpu and memory. */
  resources: z
    .array(z.enum(['cpu', 'memory']))
    .min(1)
    .default(['cpu', 'memory']),
  /**
   * Share of each resource kept free, 0 ≤ h < 1: one for all, or per resource. Default:
   * the target model's, else 0.
   */
  headroom: z.union([share, z.strictObject({ cpu: share, memory: share }).partial()]).optional(),
  /**
   * 100 (default): every slot must fit. Lower, with profile `series`: each host's summed
   * demand may exceed usable capacity in at most (100 − P) % of the slots; with profile
   * `weekly`: each hour of the week is sized at this percentile of its own history.
   */
  percentile: z.number().min(1).max(100).default(100),
  /** `series` (default): the measured 5-minute series; `weekly`: the 168-hour profile. */
  profile: z.enum(['series', 'weekly']).default('series'),
  /** How a slot with no sample is filled: the hour-of-week `profile` (default), `hold`, `zero`. */
  gaps: z.enum(['profile', 'hold', 'zero']).default('profile'),
  /** Assets measured for less than this share of the period are flagged. Default 0.5. */
  minCoverage: z.number().min(0).max(1).default(0.5),
  /** Utilization assumed for assets with no measured usage: allocation × this. Default 1. */
  unmeasuredUtilization: z.number().gt(0).max(1).default(1),
  /** Hosts that may fail at once per cluster and leave every VM somewhere to go. Default 0. */
  failover: z.number().int().min(0).max(8).default(0),
  /** Allocation limits overriding the target model's (vCPU:core, memory overcommit, VMs). */
  allocation: allocationPolicySchema.optional(),
  /** Demand growth applied to measured and assumed usage. Default none. */
  growth: growthSchema.optional(),
  /** CPU ratings by model, overriding the built-in table. */
  cpuRatings: cpuRatingOverridesSchema.optional(),
  /** IANA time zone of the report's local time axis. Default UTC. */
  timeZone: z.string().min(1).max(64).default('UTC'),
  strategy: z.enum(['time-aware', 'peak-ffd']).default('time-aware'),
  seed: z.number().int().default(1),
  /** Wall-clock cap of the search in ms. Default 15,000. */
  timeBudgetMs: z.number().int().positive().default(15_000),
  /**
   * Hosts per cluster: when given, the plan groups its hosts into clusters of at most
   * this many, honouring rules with `scope: cluster`; failover holds per cluster.
   */
  clusterSize: z.number().int().positive().optional(),
  /** Also plan with peak-ffd to report the savings of time-aware sizing. Default true. */
  compareWithPeak: z.boolean().default(true),
  /**
   * Plan onto today's hosts (an inventory that describes them, e.g. RVTools vHost) first:
   * their models and counts, at the highest vCPU:core and memory ratio any of them runs
   * today unless `allocation` sets ratios; then on new target models. Default false.
   */
  keepExisting: z.boolean().default(false),
  /**
   * What a plan over several host models minimizes: `cost` (default: hardware + energy +
   * licences per month), `hosts`, or `power` (kWh per month). Host count and soft
   * penalties break ties.
   */
  objective: z.enum(['cost', 'hosts', 'power']).default('cost'),
  /** Price of one kWh in the plan's currency. Default 0.15. */
  pricePerKwh: z.number().min(0).max(100).default(DEFAULT_PRICE_PER_KWH),
  /** Currency of the costs (ISO 4217 code, shown in outputs). Default none named. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or USD')
    .optional(),
});

export type PlanOptionsInput = z.input<typeof planOptionsSchema>;
export type PlanOptions = z.output<typeof planOptionsSchema>;

/** The headroom the options give a resource, or undefined when they leave it to the target. */
export function headroomOf(options: PlanOptions, resource: ResourceName): number | undefined {
  const { headroom } = options;
  if (headroom === undefined || typeof headroom === 'number') return headroom;
  return resource === 'cpu' || resource === 'memory' ? headroom[resource] : undefined;
}

/** The growth factor of the options: (1 + rate)^(months / 12), 1 without growth. */
export function growthFactor(growth: Growth | undefined): number {
  if (!growth) return 1;
  return Math.pow(1 + growth.ratePerYear, growth.horizonMonths / 12);
}
