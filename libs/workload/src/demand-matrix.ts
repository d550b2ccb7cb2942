import type { Asset, Estate, MetricSeries, ResourceName, TimeGrid } from '@vplan/domain';
import { assetConfidence } from './demand-confidence';
import {
  sampleBounds,
  seriesDemand,
  weeklyDemand,
  type FillContext,
  type GapPolicy,
} from './gap-fill';
import { commonGrid, coverage } from './time-alignment';
import { gridHours, HOURS_PER_WEEK, WeekProfiler } from './week-profile';

/** How to turn measured series into the demand the planner sizes against. */
export interface DemandOptions {
  /** Resources to plan, e.g. `['cpu', 'memory']`. */
  readonly resources: readonly ResourceName[];
  /**
   * 1..100, default 100. With sizing `'weekly'`: the hour-of-week percentile. With
   * `'series'`: only the percentile of the hour-of-week value that fills gaps (the packer
   * applies P as a chance constraint).
   */
  readonly percentile?: number;
  /**
   * `'series'` (default): the whole measured grid at its resolution (5 minutes), for any
   * percentile. `'weekly'`: the 168-slot hour-of-week profile at `percentile` (the
   * conservative option).
   */
  readonly sizing?: 'series' | 'weekly';
  /**
   * How a slot inside the planned period with no sample is filled. `'profile'` (default):
   * the asset's own hour-of-week value at `percentile` (its overall percentile when that
   * hour of the week was never measured); `'hold'`: the last measured value carried
   * forward (the first one backward before it); `'zero'`: no demand.
   */
  readonly gaps?: GapPolicy;
  /** Assets whose coverage of a planned resource is below this share are flagged (0..1, default 0.5). */
  readonly minCoverage?: number;
  /**
   * Assets with no series of a resource are sized flat at their allocation × this (0..1,
   * default 1); allocation = `asset.capacity.cpuMhz` (MHz) / `memoryGiB` (GiB).
   */
  readonly unmeasuredUtilization?: number;
  /**
   * Multiplies an asset's demand of a resource, measured or assumed (the engine passes CPU
   * normalization × growth); default 1.
   */
  readonly scale?: (asset: Asset, resource: ResourceName) => number;
}

export interface AssetDemand {
  readonly asset: Asset;
  /** One array per planned resource (order of `resources`), `grid.slots` long. */
  readonly demand: readonly Float32Array[];
  /** Resources sized from the allocation because nothing was measured. */
  readonly assumed: readonly ResourceName[];
  /**
   * Resources sized from the inventory's one usage snapshot (`asset.usage`, basis
   * `'snapshot'`) because nothing was measured; capped at the allocation. Absent when none.
   */
  readonly snapshot?: readonly ResourceName[];
  /** Share (0..1) of the planned period's slots measured, per planned resource (0 when assumed). */
  readonly coverage: Readonly<Partial<Record<ResourceName, number>>>;
  /** Slots (hours with sizing `'weekly'`) filled by the gap policy, per planned resource. */
  readonly filled: Readonly<Partial<Record<ResourceName, number>>>;
  /** Seconds from the start of the first measured slot to the end of the last (any planned resource). */
  readonly spanSeconds: number;
  /** 0..1: min over planned resources of coverage × min(1, spanSeconds / two weeks); 0 when assumed. */
  readonly confidence: number;
  /** Coverage of some measured resource below `minCoverage` (assumed resources do not count). */
  readonly lowCoverage: boolean;
}

export interface DemandMatrix {
  /** The planned period (sizing `'series'`) or the 168 hours of a week from Monday 1970-01-05 (`'weekly'`). */
  readonly grid: TimeGrid;
  readonly resources: readonly ResourceName[];
  readonly percentile: number;
  readonly sizing: 'series' | 'weekly';
  readonly gaps: GapPolicy;
  readonly assets: readonly AssetDemand[];
  /** Assets that could not be sized (no series and no allocation), with the reason. */
  readonly unsized: readonly { readonly asset: Asset; readonly reason: string }[];
  /**
   * Per grid slot, the share (0..1) of the measured (asset, resource) pairs with a sample
   * there (`'weekly'`: with a sample in that hour of the week). `grid.slots` long.
   */
  readonly measured: Float32Array;
}

/** Monday 1970-01-05 00:00 UTC, the origin (in hours) of hour-of-week grids. */
const FIRST_MONDAY_HOUR = 4 * 24;
const WEEK_GRID: TimeGrid = { stepSeconds: 3600, origin: FIRST_MONDAY_HOUR, slots: HOURS_PER_WEEK };

interface Settings {
  readonly resources: readonly ResourceName[];
  readonly percentile: number;
  readonly sizing: 'series' | 'weekly';
  readonly gaps: GapPolicy;
  readonly minCoverage: number;
  readonly unmeasuredUtilization: number;
  readonly scale: ((asset: Asset, resource: ResourceName) => number) | undefined;
}

/** The inventory's usage snapshot of a resource (MHz, GiB), when it has one. */
function snapshotOf(asset: Asset, resource: ResourceName): number | undefined {
  if (resource === 'cpu') return asset.usage?.cpuMhz;
  if (resource === 'memory') return asset.usage?.memoryGiB;
  return undefined;
}

function allocationOf(asset: Asset, resource: ResourceName): number | undefined {
  if (resource === 'cpu') return asset.capacity.cpuMhz;
  if (resource === 'memory') return asset.capacity.memoryGiB;
  return undefined;
}

function inRange(name: string, value: number, low: number, high: number): number {
  if (!(value >= low && value <= high)) {
    throw new RangeError(`${name} must be within ${low}..${high}, got ${value}`);
  }
  return value;
}

function settingsOf(options: DemandOptions): Settings {
  const percentile = options.percentile ?? 100;
  if (!(percentile > 0 && percentile <= 100)) {
    throw new RangeError(`percentile must be above 0 and at most 100, got ${percentile}`);
  }
  return {
    resources: options.resources,
    percentile,
    sizing: options.sizing ?? 'series',
    gaps: options.gaps ?? 'profile',
    minCoverage: inRange('minCoverage', options.minCoverage ?? 0.5, 0, 1),
    unmeasuredUtilization: inRange(
      'unmeasuredUtilization',
      options.unmeasuredUtilization ?? 1,
      0,
      1,
    ),
    scale: options.scale,
  };
}

/**
 * Builds the per-asset demand arrays on one grid (the planned period, or the 168 hours of
 * the week with sizing `'weekly'`), with each asset's coverage, gaps filled and
 * confidence. Linear in samples; allocates the output arrays (in a few large buffers) and
 * small scratch only. Throws a `RangeError` on an option outside its range.
 */
export function buildDemandMatrix(estate: Estate, options: DemandOptions): DemandMatrix {
  const settings = settingsOf(options);
  const { resources, sizing, gaps, percentile } = settings;
  const byAsset = measuredSeries(estate, resources);
  const planned = [...byAsset.values()].flatMap((perMetric) => [...perMetric.values()]);
  const period = commonGrid(planned) ?? { stepSeconds: 300, origin: 0, slots: 1 };
  const grid = sizing === 'weekly' ? WEEK_GRID : period;

  const sized: Asset[] = [];
  const unsized: { asset: Asset; reason: string }[] = [];
  for (const asset of estate.assets) {
    const perMetric = byAsset.get(asset.id);
    const missing = resources.find(
      (r) => !perMetric?.has(r) && allocationOf(asset, r) === undefined,
    );
    if (missing === undefined) sized.push(asset);
    else {
      const reason = `no ${missing} workload data and no provisioned ${missing} capacity in the inventory`;
      unsized.push({ asset, reason });
    }
  }
  const ctx: FillContext = {
    grid: period,
    hours: gridHours(period),
    gaps,
    percentile,
    profiler: new WeekProfiler(),
    week: new Float32Array(HOURS_PER_WEEK),
    measured: new Float32Array(grid.slots),
  };
  const arrays = new Slabs(grid.slots, sized.length * resources.length);
  let pairs = 0;
  const assets = sized.map((asset) => {
    const perMetric = byAsset.get(asset.id);
    pairs += perMetric?.size ?? 0;
    return assetDemand(asset, perMetric, settings, ctx, arrays);
  });
  const measured = ctx.measured;
  for (let j = 0; j < measured.length; j++) {
    measured[j] = pairs > 0 ? (measured[j] as number) / pairs : 0;
  }
  return { grid, resources, percentile, sizing, gaps, assets, unsized, measured };
}

/** Floats per buffer of {@link Slabs}: 64 MiB. */
const SLAB_FLOATS = 16 * 1024 * 1024;

/**
 * Zeroed `Float32Array`s of one length, handed out as views of a few large buffers: one
 * allocation per 64 MiB rather than one per array (20,000 arrays of a month each).
 */
class Slabs {
  private buffer = new Float32Array(0);
  private used = 0;

  constructor(
    private readonly length: number,
    private remaining: number,
  ) {}

  next(): Float32Array {
    if (this.used + this.length > this.buffer.length) {
      const perSlab = Math.max(1, Math.floor(SLAB_FLOATS / this.length));
      this.buffer = new Float32Array(Math.min(perSlab, Math.max(1, this.remaining)) * this.length);
      this.used = 0;
    }
    this.remaining--;
    const view = this.buffer.subarray(this.used, this.used + this.length);
    this.used += this.length;
    return view;
  }
}

/** Planned series per asset and resource; a series without any sample is no measurement. */
function measuredSeries(
  estate: Estate,
  resources: readonly ResourceName[],
): Map<string, Map<ResourceName, MetricSeries>> {
  const byAsset = new Map<string, Map<ResourceName, MetricSeries>>();
  for (const s of estate.series) {
    if (!resources.includes(s.metric) || sampleBounds(s) === undefined) continue;
    let perMetric = byAsset.get(s.assetId);
    if (!perMetric) byAsset.set(s.assetId, (perMetric = new Map()));
    perMetric.set(s.metric, s);
  }
  return byAsset;
}

/** One asset's demand, coverage and confidence (every planned resource has a series or an allocation). */
function assetDemand(
  asset: Asset,
  perMetric: ReadonlyMap<ResourceName, MetricSeries> | undefined,
  settings: Settings,
  ctx: FillContext,
  arrays: Slabs,
): AssetDemand {
  const demand: Float32Array[] = [];
  const assumed: ResourceName[] = [];
  const snapshot: ResourceName[] = [];
  const covered: Partial<Record<ResourceName, number>> = {};
  const filled: Partial<Record<ResourceName, number>> = {};
  let first = Infinity;
  let last = -Infinity;
  let lowCoverage = false;
  for (const resource of settings.resources) {
    const out = arrays.next();
    const series = perMetric?.get(resource);
    if (series) {
      filled[resource] =
        settings.sizing === 'weekly'
          ? weeklyDemand(series, ctx, out)
          : seriesDemand(series, ctx, out);
      const share = coverage(series, ctx.grid);
      covered[resource] = share;
      if (share < settings.minCoverage) lowCoverage = true;
      const bounds = sampleBounds(series) as { first: number; last: number };
      first = Math.min(first, bounds.first);
      last = Math.max(last, bounds.last);
    } else if (snapshotOf(asset, resource) !== undefined) {
      const allocation = allocationOf(asset, resource) ?? Infinity;
      out.fill(Math.min(snapshotOf(asset, resource) as number, allocation));
      snapshot.push(resource);
      covered[resource] = 0;
      filled[resource] = 0;
    } else {
      out.fill((allocationOf(asset, resource) as number) * settings.unmeasuredUtilization);
      assumed.push(resource);
      covered[resource] = 0;
      filled[resource] = 0;
    }
    const factor = settings.scale?.(asset, resource) ?? 1;
    if (factor !== 1) for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) * factor;
    demand.push(out);
  }
  const spanSeconds = last >= first ? (last - first + 1) * ctx.grid.stepSeconds : 0;
  const coverages = settings.resources.map((r) => covered[r] as number);
  return {
    asset,
    demand,
    assumed,
    ...(snapshot.length > 0 ? { snapshot } : {}),
    coverage: covered,
    filled,
    spanSeconds,
    confidence: assumed.length > 0 ? 0 : assetConfidence(coverages, spanSeconds),
    lowCoverage,
  };
}
