/**
 * A source server (physical or virtual) as vplan's engine sees it. The full canonical
 * model of ARCHITECTURE.md §3 grows into this shape; the planner needs only a part.
 */
export interface Asset {
  /** Stable identifier; joins inventory rows to workload traces. */
  readonly id: string;
  readonly hostname?: string;
  readonly site?: string;
  /** Provisioned capacity of the source server, when known. */
  readonly capacity: AssetCapacity;
  readonly business: BusinessAttributes;
  /** Technical attributes that tie a server down (network, storage, devices, power, OS). */
  readonly technical?: TechnicalAttributes;
  /** Columns the importer did not map, kept verbatim for rules and reports. */
  readonly custom: Readonly<Record<string, string>>;
  /**
   * One usage snapshot from the inventory (RVTools vCPU/vMemory/vHost), used as the
   * demand of an asset with no measured series instead of the assumed utilization.
   */
  readonly usage?: UsageSnapshot;
}

/** Usage at the moment an inventory was taken (not a series: one value per resource). */
export interface UsageSnapshot {
  /** CPU in use, MHz (source clock, before normalization). */
  readonly cpuMhz?: number;
  /** Memory in use (active or consumed), GiB. */
  readonly memoryGiB?: number;
  /** Where it came from, e.g. `vCPU Overall`, `vHost CPU usage % spread by vCPU`. */
  readonly source: string;
}

/** A weekly maintenance window, in minutes from Monday 00:00 in the window's time zone. */
export interface WeeklyWindow {
  /** Start, minutes from Monday 00:00 (0 ≤ start < 10,080). */
  readonly start: number;
  /** Length in minutes (> 0); a window may wrap past Sunday 24:00 into Monday. */
  readonly minutes: number;
}

/** Storage a server needs: local disks, a SAN (block) or a NAS (file). */
export type StorageKind = 'local' | 'san' | 'nas';

export interface TechnicalAttributes {
  /** OS family (e.g. `windows`, `linux`, `solaris`, `aix`) and version as given. */
  readonly osFamily?: string;
  readonly osVersion?: string;
  /** VLAN ids or names the server must reach. */
  readonly vlans?: readonly string[];
  /** Subnet in CIDR notation, e.g. `10.1.2.0/24`. */
  readonly subnet?: string;
  readonly storage?: StorageKind;
  /** Devices attached to the server: `usb-dongle`, `serial`, `parallel`, `fax`, `tape`, `gpu`, `fc-hba`, … */
  readonly peripherals?: readonly string[];
  /** Whether the server must run on UPS-backed power. */
  readonly upsRequired?: boolean;
}

export interface AssetCapacity {
  /** Provisioned CPU in MHz (cores × clock). */
  readonly cpuMhz?: number;
  readonly cores?: number;
  /** Provisioned memory in GiB. */
  readonly memoryGiB?: number;
  /** Processor model as written (`Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz`); keys the CPU rating table. */
  readonly cpuModel?: string;
  /** SPECrate2017_int_base per core, a user's override of the table's rating of `cpuModel`. */
  readonly cpuRating?: number;
}

export interface BusinessAttributes {
  readonly environment?: string;
  readonly owner?: string;
  readonly department?: string;
  readonly costCenter?: string;
  readonly application?: string;
  readonly role?: string;
  /** Members of one anti-affinity group never share a host. */
  readonly antiAffinityGroup?: string;
  /** Members of one DR group never share a host (a DR pair survives a host loss). */
  readonly drGroup?: string;
  /** Members of one affinity group must share a host (or a cluster). */
  readonly affinityGroup?: string;
  /** Availability target as given: a percentage such as `99.9` or a tier name. */
  readonly availability?: string;
  /** Weekly maintenance windows, in `maintenanceTimezone`. */
  readonly maintenanceWindows?: readonly WeeklyWindow[];
  /** IANA time zone or UTC offset of the maintenance windows (default UTC). */
  readonly maintenanceTimezone?: string;
  /** Compliance tags, e.g. `pci`, `sox`. */
  readonly compliance?: readonly string[];
  /**
   * Per-core licensed products the server runs that license the whole host it lands on,
   * e.g. `sql-server` (`windows-server` follows from a Windows guest OS and need not be given).
   */
  readonly licences?: readonly string[];
}

/** Builds an asset with empty capacity, business attributes and custom columns. */
export function makeAsset(id: string, partial: Partial<Omit<Asset, 'id'>> = {}): Asset {
  return {
    id,
    capacity: {},
    business: {},
    custom: {},
    ...partial,
  };
}
