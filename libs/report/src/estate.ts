import type { ResourceName } from '@vplan/domain';
import type { PlanDocument } from '@vplan/formats';
import { downsampleStacked, type StackedSample } from './downsample';
import { totalDemand, type DemandMap } from './host-workload';

/** The placed servers' total demand for one resource, against one host's usable capacity. */
export interface EstateResource {
  readonly resource: ResourceName;
  readonly usable: number;
  /** Downsampled total (one layer); `sample.peak` is the exact busiest slot's total. */
  readonly sample: StackedSample;
  /** `peak / usable`: hosts' worth of this resource at the busiest slot. */
  readonly hostsAtPeak: number;
}

export interface EstateDemand {
  readonly resources: readonly EstateResource[];
  /** Placed assets with no entry in the demand map (charted as zero). */
  readonly missingDemand: readonly string[];
}

/** Sums the demand of every placed asset per resource over the planned grid. */
export function estateDemand(
  plan: PlanDocument,
  demand: DemandMap,
  maxPoints: number,
): EstateDemand {
  const placed = plan.hosts.flatMap((h) => h.assets);
  const totals = totalDemand(plan, placed, demand);
  const resources = plan.input.resources.map((resource, r): EstateResource => {
    const usable = plan.hostModel.usable[resource] ?? 0;
    const sample = downsampleStacked(
      [totals[r] ?? new Float64Array(0)],
      plan.input.slots,
      maxPoints,
    );
    return {
      resource,
      usable,
      sample,
      hostsAtPeak: usable > 0 ? sample.peak / usable : Number.NaN,
    };
  });
  return { resources, missingDemand: placed.filter((id) => !demand.has(id)) };
}
