import type { ResourceName } from '@vplan/domain';

/**
 * One server to place: its demand per planned resource over the common time grid.
 * `demand[r][t]` is the demand for `problem.resources[r]` in slot `t`, in the resource's
 * unit (MHz, GiB, …). Arrays may be views into a larger buffer; they are never written.
 */
export interface PlacementItem {
  readonly id: string;
  readonly demand: readonly Float32Array[];
  /** Attributes that hard rules read (see HardRules). */
  readonly labels?: ItemLabels;
}

/** The attributes that the built-in hard rules of the placement engine honour. */
export interface ItemLabels {
  /** If set, every item on a host with an environment must have the same one. */
  readonly environment?: string;
  /** Members of one anti-affinity group never share a host. */
  readonly antiAffinityGroup?: string;
  /** Members of one DR group never share a host. */
  readonly drGroup?: string;
}

/**
 * A placement problem: place every item on hosts of one model so that, at every time
 * slot and for every resource, the sum of the demands on a host stays within the
 * host's usable capacity (capacity × (1 − headroom)).
 */
export interface PlacementProblem {
  readonly resources: readonly ResourceName[];
  /** Number of time slots; every demand array has this length. */
  readonly slots: number;
  /** Usable capacity per resource (same order as `resources`), headroom applied. */
  readonly usable: readonly number[];
  readonly items: readonly PlacementItem[];
}
