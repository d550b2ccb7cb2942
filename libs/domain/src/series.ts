import type { ResourceName } from './resources';

/**
 * One metric of one asset on a regular grid of `stepSeconds`. `values[i]` is the demand
 * in slot `start + i` (an absolute slot number, `floor(epochSeconds / stepSeconds)`), in
 * the unit of the resource (see RESOURCE_UNITS). `NaN` marks a slot with no sample.
 */
export interface MetricSeries {
  readonly assetId: string;
  readonly metric: ResourceName;
  readonly stepSeconds: number;
  readonly start: number;
  readonly values: Float32Array;
}

/**
 * Everything the engine knows about an estate: its assets and their measured demand.
 * Series refer to assets by id; an asset may have no series (nothing measured).
 */
export interface Estate {
  readonly assets: readonly import('./asset').Asset[];
  readonly series: readonly MetricSeries[];
  /** Today's hosts and skipped VMs, when the estate came from a virtualization inventory. */
  readonly baseline?: import('./baseline').EstateBaseline;
}
