import type { Asset, AssetCapacity, Estate, MetricSeries } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { splitHypervisors } from './discovered-baseline';

/** What one trace (a file, an upload, a stored series set) says of one asset. */
export interface TraceAsset {
  readonly id: string;
  /** Capacity the trace implies (provisioned, or a sizing such as CloudSim's). */
  readonly capacity: AssetCapacity;
  readonly series: readonly MetricSeries[];
}

/**
 * The estate of traces joined to an inventory by asset id: the inventory's assets in its
 * order (capacity values the inventory defines win over the trace's), then the assets
 * found only in traces, in trace order. Series keep trace order. The CLI (files) and the
 * planning service (stored series) build their estates with this one join, so the same
 * data gives the same plan. Discovered hypervisors (`asset_kind` `hypervisor`) are not
 * workloads: they become the estate's baseline of today's hosts (splitHypervisors), and
 * their traces are left out.
 */
export function joinEstate(traces: readonly TraceAsset[], inventory: readonly Asset[]): Estate {
  const { workloads, hypervisors, baseline } = splitHypervisors(inventory);
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const assets: Asset[] = [];
  const listed = new Set<string>(hypervisors);
  for (const asset of workloads) {
    listed.add(asset.id);
    const trace = byId.get(asset.id);
    assets.push(
      trace ? { ...asset, capacity: mergeCapacity(trace.capacity, asset.capacity) } : asset,
    );
  }
  for (const trace of traces) {
    if (!listed.has(trace.id)) assets.push(makeAsset(trace.id, { capacity: trace.capacity }));
  }
  return {
    assets,
    series: traces.filter((t) => !hypervisors.has(t.id)).flatMap((trace) => trace.series),
    ...(baseline ? { baseline } : {}),
  };
}

/** `base` overridden by the values `over` defines. */
function mergeCapacity(base: AssetCapacity, over: AssetCapacity): AssetCapacity {
  const merged: { -readonly [K in keyof AssetCapacity]: AssetCapacity[K] } = { ...base };
  for (const key of Object.keys(over) as (keyof AssetCapacity)[]) {
    if (over[key] !== undefined) (merged as Record<string, unknown>)[key] = over[key];
  }
  return merged;
}
