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
  /**
   * Static allocation per dimension of `problem.allocation` (same order as its `names`),
   * e.g. vCPUs, configured memory GiB, 1 VM. An item of an affinity unit sums its
   * members. Missing (or shorter than `names`): 0 for the missing dimensions.
   */
  readonly allocation?: readonly number[];
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
  /**
   * Static per-host limits that do not vary over time (vCPUs against cores × vCPUs per
   * core, configured memory against memory × overcommit, VM count against max VMs).
   * Default: none.
   */
  readonly allocation?: AllocationLimits;
  /**
   * Chance constraint, in slots: a host is acceptable when the number of slots at which
   * any resource's summed demand exceeds its usable capacity is at most this. Default 0
   * (every slot within capacity).
   */
  readonly allowedExceedance?: number;
}

/** Per-host allocation limits: the items' summed `allocation` must stay within them. */
export interface AllocationLimits {
  /** Names for messages, e.g. `['vcpus', 'configured memory GiB', 'VMs']`. */
  readonly names: readonly string[];
  /** Per-host limit per dimension, in the dimension's unit (`Infinity` = unlimited). */
  readonly limits: readonly number[];
}
