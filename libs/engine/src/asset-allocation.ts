import type { AssetDemand } from '@vplan/workload';
import type { AllocationLimits, PlanTarget } from './plan-target';

/** What one asset counts against a host's allocation limits. */
export interface AssetAllocation {
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Values not in the inventory, derived from measured usage. */
  readonly assumed: readonly ('vcpus' | 'memory')[];
}

/**
 * An asset's allocation: vCPUs = its cores (a VM's vCPUs), configured memory = its
 * memory, from the inventory or the traces. Missing ones are derived from the measured
 * peak (vCPUs = ⌈peak MHz / host MHz per core⌉, memory = peak GiB) and marked assumed.
 */
export function assetAllocation(
  demand: AssetDemand,
  resources: readonly string[],
  target: PlanTarget,
): AssetAllocation {
  const { cores, memoryGiB } = demand.asset.capacity;
  const assumed: ('vcpus' | 'memory')[] = [];
  let vcpus = cores;
  if (vcpus === undefined) {
    const cpu = peakOf(demand, resources.indexOf('cpu'));
    const perCore = target.cores ? (target.model.capacity.cpu ?? 0) / target.cores : 2000;
    vcpus = Math.max(1, Math.ceil(cpu / perCore - 1e-9));
    assumed.push('vcpus');
  }
  let memory = memoryGiB;
  if (memory === undefined) {
    memory = peakOf(demand, resources.indexOf('memory'));
    assumed.push('memory');
  }
  return { vcpus, memoryGiB: memory, assumed };
}

function peakOf(demand: AssetDemand, r: number): number {
  if (r < 0) return 0;
  let max = 0;
  for (const v of demand.demand[r]!) if (v > max) max = v;
  return max;
}

/** The packer's allocation dimensions for the limits in force (none: undefined). */
export function allocationDimensions(limits: AllocationLimits):
  | {
      readonly names: readonly string[];
      readonly limits: readonly number[];
      readonly pick: (a: AssetAllocation) => number[];
    }
  | undefined {
  const dims: { name: string; limit: number; value: (a: AssetAllocation) => number }[] = [];
  if (limits.vcpus !== undefined)
    dims.push({ name: 'vCPUs', limit: limits.vcpus, value: (a) => a.vcpus });
  if (limits.memoryGiB !== undefined)
    dims.push({
      name: 'configured memory GiB',
      limit: limits.memoryGiB,
      value: (a) => a.memoryGiB,
    });
  if (limits.vms !== undefined) dims.push({ name: 'VMs', limit: limits.vms, value: () => 1 });
  if (dims.length === 0) return undefined;
  return {
    names: dims.map((d) => d.name),
    limits: dims.map((d) => d.limit),
    pick: (a) => dims.map((d) => d.value(a)),
  };
}
