// An asset's stored series put back together as the trace `loadWorkloads` would have
// built from the same files. Pure (no I/O).
import type { AssetCapacity, MetricSeries, ResourceName } from '@vplan/domain';
import { RESOURCE_NAMES } from '@vplan/domain';
import {
  planetLabOrigin,
  planetLabSeries,
  type PlanetLabTrace,
  type PlanetLabVmType,
} from '@vplan/formats';
import type { TraceAsset } from '@vplan/workload';
import { bucketsOfSeries, seriesOfBuckets, type DayBucket } from './buckets';
import type { StoredSeries } from './series.store';

/** The stored facts of an asset besides its series. */
export interface StoredAsset {
  readonly id: string;
  readonly capacity: AssetCapacity;
}

/**
 * The trace of a stored asset: its capacity and one series per resource (in the order of
 * RESOURCE_NAMES, as the parsers give them).
 * - PlanetLab traces are sized by `planetLabType` (CloudSim's type over every PlanetLab
 *   asset stored, as the CLI sizes over every file of a folder) and replayed with
 *   `planetLabSeries`, the CLI's own function, so the values are the CLI's.
 * - Percentages of capacity (collector `cpu_pct`, `memory_pct`) become MHz / GiB with the
 *   asset's capacity; without that capacity they are left out of the trace.
 */
export function storedTrace(
  asset: StoredAsset,
  stored: StoredSeries,
  planetLabType?: PlanetLabVmType,
): TraceAsset {
  let capacity = asset.capacity;
  const buckets: DayBucket[] = [...stored.buckets];
  if (stored.planetLab.length > 0 && planetLabType) {
    const size = { cpuMhz: planetLabType.cpuMhz, memoryGiB: planetLabType.memoryGiB };
    capacity = { ...size, cores: 1 };
    for (const pl of stored.planetLab) {
      const trace: PlanetLabTrace = { assetId: asset.id, percent: pl.percent };
      const originSeconds = planetLabOrigin(pl.folder);
      for (const s of planetLabSeries(trace, size, { originSeconds })) {
        buckets.push(...bucketsOfSeries(s));
      }
    }
  }
  const byResource = new Map<ResourceName, DayBucket[]>();
  const add = (resource: ResourceName, bucket: DayBucket): void => {
    const list = byResource.get(resource);
    if (list) list.push(bucket);
    else byResource.set(resource, [bucket]);
  };
  for (const b of buckets) {
    if (b.kind === 'cpu_pct' || b.kind === 'memory_pct') {
      const full = b.kind === 'cpu_pct' ? capacity.cpuMhz : capacity.memoryGiB;
      if (full === undefined) continue;
      add(b.kind === 'cpu_pct' ? 'cpu' : 'memory', {
        kind: b.kind === 'cpu_pct' ? 'cpu' : 'memory',
        day: b.day,
        values: b.values.map((v) => (v * full) / 100),
      });
    } else {
      add(b.kind, b);
    }
  }
  const series: MetricSeries[] = [];
  for (const resource of RESOURCE_NAMES) {
    const list = byResource.get(resource);
    const one = list ? seriesOfBuckets(asset.id, resource, list) : undefined;
    if (one) series.push(one);
  }
  return { id: asset.id, capacity, series };
}
