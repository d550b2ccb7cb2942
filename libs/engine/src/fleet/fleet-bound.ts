import type { ResourceName } from '@vplan/domain';
import type { DemandMatrix } from '@vplan/workload';
import type { AllocationLimits } from '../plan-target';
import type { AssetAllocation } from '../asset-allocation';

/** What one host of a model costs in the objective: fixed per host, and per unit of mean CPU share. */
export interface BoundModel {
  /** Usable capacity per resource of the matrix (headroom applied). */
  readonly usable: readonly number[];
  /** CPU capacity (no headroom), for the energy term. */
  readonly cpuCapacity: number;
  readonly limits: AllocationLimits;
  /** The objective of one host with nothing on it (hardware, idle energy): ≥ 0. */
  readonly perHost: number;
  /** The objective per unit of mean CPU share of the host's capacity ((peak − idle) energy): ≥ 0. */
  readonly perCpuShare: number;
}

export interface FleetBoundInput {
  readonly resources: readonly ResourceName[];
  readonly models: readonly BoundModel[];
  /** Per model, the demand of every sized asset (same assets, same grid, in the same order). */
  readonly matrices: readonly DemandMatrix[];
  /** Per model, each asset's allocation (index of the matrix's assets). */
  readonly allocations: readonly (readonly AssetAllocation[])[];
  /** Assets (index of the matrices' assets) to bound, each with the models it may go to. */
  readonly assets: readonly { readonly index: number; readonly models: readonly number[] }[];
  /** With a chance constraint (slots allowed above capacity) only the static limits bound. */
  readonly timeDimensions: boolean;
}

/**
 * A lower bound on the objective of any plan of these assets over these models, each
 * asset on a model it may go to. For every dimension d (a resource at one slot, or a
 * static allocation limit), the hosts of model m are at least the load on m in d over
 * m's limit in d, so Σ_m perHost_m · n_m ≥ Σ_a min_m perHost_m · share_m(a, d); the energy
 * above idle is linear in the load, so Σ_a min_m perCpuShare_m · mean_m(a) / capacity_m
 * bounds it. With `perHost` 1 and `perCpuShare` 0 this is the volume bound on host count
 * over a mixed fleet (rounded up by the caller). Sum of minima ≤ minimum of sums: valid
 * whichever model each asset goes to.
 */
export function fleetLowerBound(input: FleetBoundInput): {
  /** `volume + energy`. */
  readonly value: number;
  /** The per-host term alone (host count with `perHost` 1). */
  readonly volume: number;
  /** The energy term alone. */
  readonly energy: number;
  readonly limiting: ResourceName | 'allocation';
} {
  const { models, matrices, assets, resources } = input;
  let best = 0;
  let limiting: ResourceName | 'allocation' = resources[0]!;
  if (input.timeDimensions) {
    const slots = matrices[0]?.grid.slots ?? 0;
    resources.forEach((resource, r) => {
      const total = new Float64Array(slots);
      const row = new Float64Array(slots);
      for (const { index, models: allowed } of assets) {
        row.fill(Infinity);
        for (const m of allowed) {
          const demand = matrices[m]!.assets[index]!.demand[r]!;
          const usable = models[m]!.usable[r]!;
          const weight = models[m]!.perHost / usable;
          for (let t = 0; t < slots; t++) {
            const v = demand[t]! * weight;
            if (v < row[t]!) row[t] = v;
          }
        }
        for (let t = 0; t < slots; t++) if (row[t]! < Infinity) total[t] = total[t]! + row[t]!;
      }
      for (let t = 0; t < slots; t++) {
        if (total[t]! > best) {
          best = total[t]!;
          limiting = resource;
        }
      }
    });
  }
  const statics: ((a: AssetAllocation, limits: AllocationLimits) => number)[] = [
    (a, l) => (l.vcpus ? a.vcpus / l.vcpus : 0),
    (a, l) => (l.memoryGiB ? a.memoryGiB / l.memoryGiB : 0),
    (_, l) => (l.vms ? 1 / l.vms : 0),
  ];
  for (const share of statics) {
    let total = 0;
    for (const { index, models: allowed } of assets) {
      let min = Infinity;
      for (const m of allowed)
        min = Math.min(
          min,
          models[m]!.perHost * share(input.allocations[m]![index]!, models[m]!.limits),
        );
      if (min < Infinity) total += min;
    }
    if (total > best) {
      best = total;
      limiting = 'allocation';
    }
  }
  const cpu = resources.indexOf('cpu');
  let energy = 0;
  // Above-capacity slots (a chance constraint) clamp the energy model: no energy term then.
  if (cpu >= 0 && input.timeDimensions) {
    for (const { index, models: allowed } of assets) {
      let min = Infinity;
      for (const m of allowed) {
        const model = models[m]!;
        if (model.perCpuShare === 0) {
          min = 0;
          break;
        }
        const demand = matrices[m]!.assets[index]!.demand[cpu]!;
        let sum = 0;
        for (let t = 0; t < demand.length; t++) sum += demand[t]!;
        const mean = demand.length === 0 ? 0 : sum / demand.length;
        min = Math.min(min, (model.perCpuShare * mean) / model.cpuCapacity);
      }
      if (min < Infinity) energy += min;
    }
  }
  return { value: best + energy, volume: best, energy, limiting };
}
