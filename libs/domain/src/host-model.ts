import type { ResourceName } from './resources';

/**
 * A target host model: what one hypervisor host offers. Capacities are in the units of
 * RESOURCE_UNITS; a resource the model does not list is not planned.
 */
export interface HostModel {
  readonly name: string;
  readonly capacity: Readonly<Partial<Record<ResourceName, number>>>;
  /**
   * Share of each resource kept free (0 ≤ h < 1): usable = capacity × (1 − headroom).
   * Default 0.
   */
  readonly headroom?: Readonly<Partial<Record<ResourceName, number>>>;
}

/** Usable capacity of a host model for one resource, headroom applied. */
export function usableCapacity(model: HostModel, resource: ResourceName): number {
  const capacity = model.capacity[resource];
  if (capacity === undefined) {
    throw new Error(`host model ${model.name} has no ${resource} capacity`);
  }
  const headroom = model.headroom?.[resource] ?? 0;
  return capacity * (1 - headroom);
}

/**
 * A target host model as the constraint rules see it: capacity plus what it can offer a
 * VM (ARCHITECTURE.md §3). Loaded from a targets YAML file.
 */
export interface TargetModel extends HostModel {
  /** OS families the hypervisor supports as guests. Empty or absent: any. */
  readonly supportedOs?: readonly string[];
  /** VLANs the host's uplinks reach. Absent: any. */
  readonly vlans?: readonly string[];
  /** Storage kinds the host offers. Absent: any. */
  readonly storage?: readonly import('./asset').StorageKind[];
  /** Devices the host can pass through to a VM (e.g. `gpu`, `usb-dongle` over USB-over-IP). */
  readonly passthrough?: readonly string[];
  readonly upsBacked?: boolean;
  /** Most VMs per host. Absent: no limit. */
  readonly maxVms?: number;
  /** Cost of one host per month, in the currency of the plan. */
  readonly costPerMonth?: number;
  /** Power draw of one host, watts: idle and at 100 % load. */
  readonly powerWatts?: { readonly idle: number; readonly peak: number };
  /** Processor model as written (`Intel Xeon Gold 6548Y+`); keys the CPU rating table. */
  readonly cpuModel?: string;
  /** SPECrate2017_int_base per core, overriding the table's rating of `cpuModel`. */
  readonly cpuRating?: number;
  /** Physical cores of one host, when the targets file gives them. */
  readonly cores?: number;
  /** vCPUs per physical core the host may carry (> 0), as the targets file gives it. */
  readonly vcpuPerCore?: number;
  /** Memory overcommit ratio (> 0; 1 = none), as the targets file gives it. */
  readonly memoryOvercommit?: number;
  /** Processors (sockets) per host: per-core licences count at least 8 cores per processor. */
  readonly sockets?: number;
  /** Per-core licence prices of this host model, per licensed core per month. */
  readonly licences?: {
    readonly windowsDatacenter?: LicencePrice;
    readonly sqlServer?: LicencePrice;
  };
}

/** Per-core licensed products that license a whole host when one of its VMs needs them. */
export type LicenceKind = 'windows-datacenter' | 'sql-server';

/** Price of one per-core licence, in the currency of the plan, per core per month. */
export interface LicencePrice {
  readonly perCoreMonth: number;
}
