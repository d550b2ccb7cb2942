import { retrieveInventory } from './property-collector';
import { INVENTORY_PROPERTIES, inventoryOf, type VsphereInventory } from './vsphere-inventory';
import { perfHistory, type PerfHistoryOptions, type VspherePerfSample } from './vsphere-perf';
import {
  withVsphereSession,
  type ServiceContent,
  type VsphereCredential,
  type VsphereSession,
  type VsphereSessionOptions,
  type VsphereTarget,
} from './vsphere-session';

export interface VsphereProbeOptions extends VsphereSessionOptions {
  /** Objects per PropertyCollector page (≤ 1,000). Default 1,000. */
  readonly pageSize?: number;
  /** Also read the VMs' performance history over this window (same session). */
  readonly perf?: PerfHistoryOptions;
}

export interface VsphereProbeResult extends VsphereInventory {
  /** The SDK URL probed, without credentials. */
  readonly target: string;
  readonly about: ServiceContent['about'];
  /** Present when `perf` was asked for. */
  readonly samples?: readonly VspherePerfSample[];
}

/**
 * Reads a vCenter's estate in one session (logged out at the end, whatever happens):
 * datacenters, clusters with their HA settings, hosts and VMs as `HostFacts` (kind
 * `vsphere`), where each VM runs, per-VM details, and optionally the VMs' 5-minute
 * performance history. Fails with a `VsphereProbeError` whose message never holds the password.
 */
export async function probeVsphere(
  target: VsphereTarget,
  credential: VsphereCredential,
  options: VsphereProbeOptions = {},
): Promise<VsphereProbeResult> {
  return withVsphereSession(target, credential, options, async (session) => {
    const inventory = await readInventory(session, options);
    const samples =
      options.perf === undefined
        ? undefined
        : await perfHistory(
            session,
            inventory.vms.filter((vm) => vm.template !== true),
            options.perf,
          );
    return {
      target: session.target,
      about: session.content.about,
      ...inventory,
      ...(samples !== undefined ? { samples } : {}),
    };
  });
}

/** The inventory of an open session (for callers that run more in the same session). */
export async function readInventory(
  session: VsphereSession,
  options: { readonly pageSize?: number } = {},
): Promise<VsphereInventory> {
  const objects = await retrieveInventory(session, INVENTORY_PROPERTIES, {
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  });
  return inventoryOf(objects, session.target);
}
