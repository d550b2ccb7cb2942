import type { Asset, AssetCapacity, Estate, MetricSeries } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';

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
 * data gives the same plan.
 */
export function joinEstate(traces: readonly TraceAsset[], inventory: readonly Asset[]): Estate {
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const assets: Asset[] = [];
  const listed = new Set<string>();
  for (const asset of inventory) {
    listed.add(asset.id);
    const trace = byId.get(asset.id);
    assets.push(
      trace ? { ...asset, capacity: mergeCapacity(trace.capacity, asset.capacity) } : asset,
    );
  }
  for (const trace of traces) {
    if (!listed.has(trace.id)) assets.push(makeAsset(trace.id, { capacity: trace.capacity }));
  }
  return { assets, series: traces.flatMap((trace) => trace.series) };
}

/** `base` overridden by the values `over` defines. */
function mergeCapacity(base: AssetCapacity, over: AssetCapacity): AssetCapacity {
  const merged: { -readonly [K in keyof AssetCapacity]: AssetCapacity[K] } = { ...base };
  for (const key of Object.keys(over) as (keyof AssetCapacity)[]) {
    if (over[key] !== undefined) (merged as Record<string, unknown>)[key] = over[key];
  }
  return merged;
}
