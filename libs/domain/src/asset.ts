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
  /** Columns the importer did not map, kept verbatim for rules and reports. */
  readonly custom: Readonly<Record<string, string>>;
}

export interface AssetCapacity {
  /** Provisioned CPU in MHz (cores × clock). */
  readonly cpuMhz?: number;
  readonly cores?: number;
  /** Provisioned memory in GiB. */
  readonly memoryGiB?: number;
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
