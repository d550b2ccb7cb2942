import type { ResourceName } from '@vplan/domain';
import type { PlanDocument, PlanHost } from '@vplan/formats';
import { downsampleStacked, type StackedSample } from './downsample';

/** Demand per asset id: one array per planned resource (see ReportInput.demand). */
export type DemandMap = ReadonlyMap<string, readonly Float32Array[]>;

/** One resource of one host, ready to chart. */
export interface HostResourceStack {
  readonly resource: ResourceName;
  /** Usable capacity (headroom applied) and raw capacity of the host model. */
  readonly usable: number;
  readonly capacity: number;
  /** Layers: the top VMs (bottom first), then "others" when there are more. */
  readonly sample: StackedSample;
}

export interface HostWorkload {
  readonly host: PlanHost;
  /** Asset ids stacked individually, bottom first (largest mean demand first). */
  readonly top: readonly string[];
  /** Assets summed into the "others" layer (0 when every VM is stacked individually). */
  readonly othersCount: number;
  readonly stacks: readonly HostResourceStack[];
}

/** Stacking limits of the per-host charts. */
export interface StackOptions {
  /** VMs stacked individually; the rest become "others". */
  readonly topVms: number;
  /** Points per chart at most. */
  readonly maxPoints: number;
}

/**
 * Stacks the demand of a host's VMs per planned resource. The VMs are ranked once per host
 * (so CPU and memory charts share colours and one legend) by their mean demand as a share
 * of usable capacity, summed over resources; ties keep plan order.
 */
export function hostWorkload(
  plan: PlanDocument,
  host: PlanHost,
  demand: DemandMap,
  options: StackOptions,
): HostWorkload {
  const { resources, slots } = plan.input;
  const usable = resources.map((r) => plan.hostModel.usable[r] ?? 0);
  const scored = host.assets.map((id, order) => {
    const arrays = demand.get(id) ?? [];
    let score = 0;
    resources.forEach((_, r) => {
      const u = usable[r] ?? 0;
      if (u > 0) score += meanOf(arrays[r], slots) / u;
    });
    return { id, order, score };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  // A single "other" VM is clearer drawn as itself.
  const individually = scored.length <= options.topVms + 1 ? scored.length : options.topVms;
  const top = scored.slice(0, individually).map((s) => s.id);
  const rest = scored.slice(individually).map((s) => s.id);

  const stacks = resources.map((resource, r): HostResourceStack => {
    const layers: ArrayLike<number>[] = top.map((id) => demand.get(id)?.[r] ?? EMPTY);
    if (rest.length > 0) layers.push(sumOf(rest, r, demand, slots));
    return {
      resource,
      usable: usable[r] ?? 0,
      capacity: plan.hostModel.capacity[resource] ?? usable[r] ?? 0,
      sample: downsampleStacked(layers, slots, options.maxPoints),
    };
  });
  return { host, top, othersCount: rest.length, stacks };
}

const EMPTY = new Float32Array(0);

function meanOf(values: Float32Array | undefined, slots: number): number {
  if (!values || slots === 0) return 0;
  let sum = 0;
  const n = Math.min(slots, values.length);
  for (let t = 0; t < n; t++) {
    const v = values[t] as number;
    if (v === v) sum += v;
  }
  return sum / slots;
}

function sumOf(ids: readonly string[], r: number, demand: DemandMap, slots: number): Float64Array {
  const sum = new Float64Array(slots);
  for (const id of ids) {
    const values = demand.get(id)?.[r];
    if (!values) continue;
    const n = Math.min(slots, values.length);
    for (let t = 0; t < n; t++) {
      const v = values[t] as number;
      if (v === v) sum[t] = (sum[t] as number) + v;
    }
  }
  return sum;
}

/** Per-resource totals over time of the given assets (the estate, or one host). */
export function totalDemand(
  plan: PlanDocument,
  assetIds: Iterable<string>,
  demand: DemandMap,
): Float64Array[] {
  const ids = [...assetIds];
  return plan.input.resources.map((_, r) => sumOf(ids, r, demand, plan.input.slots));
}
