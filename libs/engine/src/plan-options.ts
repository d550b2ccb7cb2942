import type { ResourceName } from '@vplan/domain';
import { z } from 'zod';

/**
 * Planning options as a value (plan-as-code): the same options over the same estate
 * give the same plan. Validated at every boundary (CLI flags, scenario documents).
 */
export const planOptionsSchema = z.object({
  /** Host CPU capacity in MHz. */
  hostCpuMhz: z.number().positive(),
  /** Host memory in GiB; required when memory is planned. */
  hostMemoryGiB: z.number().positive().optional(),
  /** Host model name shown in the plan. Default "host". */
  hostModelName: z.string().min(1).default('host'),
  /** Resources to plan. Default cpu and memory. */
  resources: z
    .array(z.enum(['cpu', 'memory']))
    .min(1)
    .default(['cpu', 'memory']),
  /** Share of each resource kept free, 0 ≤ h < 1: one for all, or per resource. Default 0. */
  headroom: z
    .union([
      z.number().min(0).lt(1),
      z
        .object({ cpu: z.number().min(0).lt(1), memory: z.number().min(0).lt(1) })
        .partial()
        .strict(),
    ])
    .default(0),
  /** 100: every slot must fit; lower: hour-of-week percentile sizing. Default 100. */
  percentile: z.number().min(1).max(100).default(100),
  strategy: z.enum(['time-aware', 'peak-ffd']).default('time-aware'),
  seed: z.number().int().default(1),
  /** Wall-clock cap of the search in ms. Default 15,000. */
  timeBudgetMs: z.number().int().positive().default(15_000),
  /**
   * Hosts per cluster: when given, the plan groups its hosts into clusters of at most
   * this many, honouring rules with `scope: cluster`. Default: no clusters.
   */
  clusterSize: z.number().int().positive().optional(),
  /** Also plan with peak-ffd to report the savings of time-aware sizing. Default true. */
  compareWithPeak: z.boolean().default(true),
});

export type PlanOptionsInput = z.input<typeof planOptionsSchema>;
export type PlanOptions = z.output<typeof planOptionsSchema>;

/** The headroom the options give a resource (0 when a per-resource map leaves it out). */
export function headroomOf(options: PlanOptions, resource: ResourceName): number {
  const { headroom } = options;
  if (typeof headroom === 'number') return headroom;
  return resource === 'cpu' || resource === 'memory' ? (headroom[resource] ?? 0) : 0;
}
