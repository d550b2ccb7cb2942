import type { Asset, Estate, MetricSeries, ResourceName, TimeGrid } from '@vplan/domain';
import { alignToGrid, commonGrid, hourOfWeekProfile, HOURS_PER_WEEK } from './time-alignment';

/** How to turn measured series into the demand the planner sizes against. */
export interface DemandOptions {
  /** Resources to plan, e.g. `['cpu', 'memory']`. */
  readonly resources: readonly ResourceName[];
  /**
   * 100 (default): every time slot of the measured period must fit. Lower: each slot of
   * an hour-of-week profile is the asset's own `percentile` for that hour of the week.
   */
  readonly percentile?: number;
  /**
   * For assets without a series of a resource: `'capacity'` (default) sizes them flat at
   * their provisioned capacity when the inventory gives it; `'zero'` assumes no demand.
   */
  readonly missing?: 'capacity' | 'zero';
}

export interface AssetDemand {
  readonly asset: Asset;
  /** One array per planned resource (order of `resources`), `grid.slots` long. */
  readonly demand: readonly Float32Array[];
  /** Resources that were sized from provisioned capacity because nothing was measured. */
  readonly assumed: readonly ResourceName[];
}

export interface DemandMatrix {
  readonly grid: TimeGrid;
  readonly resources: readonly ResourceName[];
  /** `grid` holds 168 hourly slots of the week when `percentile < 100`. */
  readonly percentile: number;
  readonly assets: readonly AssetDemand[];
  /** Assets that could not be sized (no series and no capacity), with the reason. */
  readonly unsized: readonly { readonly asset: Asset; readonly reason: string }[];
}

/** Monday 1970-01-05 00:00 UTC, the origin (in hours) of hour-of-week grids. */
const FIRST_MONDAY_HOUR = 4 * 24;

function capacityOf(asset: Asset, resource: ResourceName): number | undefined {
  if (resource === 'cpu') return asset.capacity.cpuMhz;
  if (resource === 'memory') return asset.capacity.memoryGiB;
  return undefined;
}

/**
 * Builds the per-asset demand arrays on one grid: the common grid of all series
 * (percentile 100) or the 168-hour week (lower percentiles).
 */
export function buildDemandMatrix(estate: Estate, options: DemandOptions): DemandMatrix {
  const percentile = options.percentile ?? 100;
  const missing = options.missing ?? 'capacity';
  const byAsset = new Map<string, Map<ResourceName, MetricSeries>>();
  for (const s of estate.series) {
    if (!options.resources.includes(s.metric)) continue;
    let perMetric = byAsset.get(s.assetId);
    if (!perMetric) byAsset.set(s.assetId, (perMetric = new Map()));
    perMetric.set(s.metric, s);
  }
  const planned = estate.series.filter((s) => options.resources.includes(s.metric));
  const grid: TimeGrid =
    percentile < 100
      ? { stepSeconds: 3600, origin: FIRST_MONDAY_HOUR, slots: HOURS_PER_WEEK }
      : (commonGrid(planned) ?? { stepSeconds: 300, origin: 0, slots: 1 });

  const assets: AssetDemand[] = [];
  const unsized: { asset: Asset; reason: string }[] = [];
  for (const asset of estate.assets) {
    const perMetric = byAsset.get(asset.id);
    const demand: Float32Array[] = [];
    const assumed: ResourceName[] = [];
    let reason: string | undefined;
    for (const resource of options.resources) {
      const series = perMetric?.get(resource);
      if (series) {
        demand.push(
          percentile < 100 ? hourOfWeekProfile(series, percentile) : alignToGrid(series, grid),
        );
        continue;
      }
      const capacity = capacityOf(asset, resource);
      if (missing === 'capacity' && capacity === undefined) {
        reason = `no ${resource} workload data and no provisioned ${resource} capacity in the inventory`;
        break;
      }
      demand.push(new Float32Array(grid.slots).fill(missing === 'capacity' ? (capacity ?? 0) : 0));
      if (missing === 'capacity') assumed.push(resource);
    }
    if (reason) unsized.push({ asset, reason });
    else assets.push({ asset, demand, assumed });
  }
  return { grid, resources: options.resources, percentile, assets, unsized };
}
