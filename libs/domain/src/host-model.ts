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
