import { plausible, type FactWarning, type HostFacts } from '../host-facts';
import type { ObjectContent, PropertySpecs } from './property-collector';
import { child, childText, children, xsiType, type MoRef, type XmlNode } from './soap-xml';
import { compact, nonBlank, toNumber, val } from './vim-values';
import { vmRecords, type VsphereVmDetail, type VsphereVmFacts } from './vsphere-vm';

// Pure: the PropertyCollector's objects in, the estate out (no I/O, no clock).

/** The properties read per managed object type (the container view lists these types). */
export const INVENTORY_PROPERTIES: PropertySpecs = {
  Datacenter: ['name', 'parent'],
  Folder: ['name', 'parent'],
  // Standalone hosts sit in a ComputeResource; its subtype ClusterComputeResource adds HA.
  ComputeResource: ['name', 'parent'],
  ClusterComputeResource: [
    'name',
    'parent',
    'configurationEx.dasConfig.enabled',
    'configurationEx.dasConfig.admissionControlEnabled',
    'configurationEx.dasConfig.failoverLevel',
    'configurationEx.dasConfig.admissionControlPolicy',
    'configurationEx.drsConfig.enabled',
  ],
  HostSystem: ['name', 'parent', 'hardware.systemInfo', 'summary.hardware'],
  Network: ['name'],
  VirtualMachine: [
    'name',
    'config.uuid',
    'config.instanceUuid',
    'config.hardware.numCPU',
    'config.hardware.memoryMB',
    'config.hardware.device',
    'config.guestFullName',
    'config.annotation',
    'config.template',
    'guest.guestFullName',
    'guest.hostName',
    'guest.ipAddress',
    'guest.net',
    'runtime.powerState',
    'runtime.host',
  ],
};

/** A host as vCenter knows it: HostFacts plus where it sits. */
export interface VsphereHostFacts extends HostFacts {
  /** Managed object id, e.g. `host-22`. */
  readonly ref: string;
  readonly cluster?: string;
  readonly datacenter?: string;
}

export interface VsphereCluster {
  /** Managed object id, e.g. `domain-c29`. */
  readonly ref: string;
  readonly name: string;
  readonly datacenter?: string;
  /** vSphere HA turned on (`dasConfig.enabled`); absent when vCenter does not say. */
  readonly haEnabled?: boolean;
  readonly admissionControl?: boolean;
  /** Host failures tolerated (from the admission control policy, else `dasConfig.failoverLevel`). */
  readonly failoverLevel?: number;
  /** The admission control policy's type, e.g. `ClusterFailoverLevelAdmissionControlPolicy`. */
  readonly admissionControlPolicy?: string;
  readonly drsEnabled?: boolean;
  /** Names of the hosts in the cluster. */
  readonly hosts: readonly string[];
}

export interface VspherePlacement {
  readonly vm: string;
  readonly host: string;
  /** Absent for a VM on a standalone host. */
  readonly cluster?: string;
}

export interface VsphereInventory {
  readonly datacenters: readonly string[];
  readonly clusters: readonly VsphereCluster[];
  readonly hosts: readonly VsphereHostFacts[];
  readonly vms: readonly VsphereVmFacts[];
  readonly placement: readonly VspherePlacement[];
  /** Per-VM records that are not facts about a machine: annotation, port groups, disks, NICs. */
  readonly vmDetails: readonly VsphereVmDetail[];
}

const key = (ref: MoRef): string => `${ref.type}:${ref.value}`;

/** Builds the estate from the objects of {@link INVENTORY_PROPERTIES}. `target` names the vCenter. */
export function inventoryOf(objects: readonly ObjectContent[], target: string): VsphereInventory {
  const byKey = new Map(objects.map((o) => [key(o.ref), o]));
  const byValue = new Map(objects.map((o) => [o.ref.value, o]));
  const datacenterOf = (start: MoRef | undefined): string | undefined => {
    let ref = start;
    for (let depth = 0; ref !== undefined && depth < 64; depth++) {
      const object = byKey.get(key(ref));
      if (ref.type === 'Datacenter')
        return object === undefined ? undefined : val.str(object, 'name');
      ref = object === undefined ? undefined : val.ref(object, 'parent');
    }
    return undefined;
  };
  const clusterObjects = objects.filter((o) => o.ref.type === 'ClusterComputeResource');
  const hostObjects = objects.filter((o) => o.ref.type === 'HostSystem');
  const hosts = hostObjects.map((o) => hostFacts(o, target, byKey, datacenterOf));
  const hostByRef = new Map(hosts.map((h) => [h.ref, h]));
  const clusters = clusterObjects.map((o) => clusterOf(o, hosts, datacenterOf));
  const networkName = (ref: string): string | undefined => {
    const object = byValue.get(ref);
    return object === undefined ? undefined : val.str(object, 'name');
  };
  const vmObjects = objects.filter((o) => o.ref.type === 'VirtualMachine');
  const { vms, details } = vmRecords(vmObjects, target, networkName);
  const placement: VspherePlacement[] = [];
  for (const vm of vms) {
    const host = vm.hostRef === undefined ? undefined : hostByRef.get(vm.hostRef);
    if (host?.identity.hostname === undefined) continue;
    placement.push({
      vm: vm.name,
      host: host.identity.hostname,
      ...(host.cluster !== undefined ? { cluster: host.cluster } : {}),
    });
  }
  const datacenters = objects
    .filter((o) => o.ref.type === 'Datacenter')
    .map((o) => val.str(o, 'name') ?? o.ref.value);
  return { datacenters, clusters, hosts, vms, placement, vmDetails: details };
}

function hostFacts(
  o: ObjectContent,
  target: string,
  byKey: ReadonlyMap<string, ObjectContent>,
  datacenterOf: (ref: MoRef | undefined) => string | undefined,
): VsphereHostFacts {
  const where = `${target} ${o.ref.value}`;
  const warnings: FactWarning[] = [];
  const system = o.props.get('hardware.systemInfo');
  const summary = o.props.get('summary.hardware');
  const num = (name: string): number | undefined => toNumber(childText(summary, name));
  const memoryBytes = num('memorySize');
  const parent = val.ref(o, 'parent');
  const parentObject = parent === undefined ? undefined : byKey.get(key(parent));
  const cluster =
    parent?.type === 'ClusterComputeResource' && parentObject !== undefined
      ? val.str(parentObject, 'name')
      : undefined;
  const name = val.str(o, 'name');
  const biosUuid = nonBlank(childText(system, 'uuid'));
  const serial = serialOf(system);
  const hardware = {
    vendor: nonBlank(childText(system, 'vendor') ?? childText(summary, 'vendor')),
    model: nonBlank(childText(system, 'model') ?? childText(summary, 'model')),
    cpuModel: nonBlank(childText(summary, 'cpuModel')?.replace(/\s+/g, ' ')),
    sockets: plausible('sockets', num('numCpuPkgs'), where, warnings),
    cores: plausible('cores', num('numCpuCores'), where, warnings),
    threads: plausible('threads', num('numCpuThreads'), where, warnings),
    cpuMhz: plausible('cpuMhz', num('cpuMhz'), where, warnings),
    memoryGiB: plausible(
      'memoryGiB',
      memoryBytes === undefined ? undefined : memoryBytes / 2 ** 30,
      where,
      warnings,
    ),
  };
  const datacenter = datacenterOf(parent);
  return {
    source: { kind: 'vsphere', target },
    where,
    identity: compact({ biosUuid, serial, hostname: name }),
    hardware: compact(hardware),
    // An ESXi host: today's capacity, not a workload to place (joinEstate makes it a baseline host).
    assetKind: 'hypervisor',
    warnings,
    ref: o.ref.value,
    ...(cluster !== undefined ? { cluster } : {}),
    ...(datacenter !== undefined ? { datacenter } : {}),
  };
}

/** The serial number among `otherIdentifyingInfo` (SerialNumberTag from 6.7, else ServiceTag). */
function serialOf(system: XmlNode | undefined): string | undefined {
  const found = new Map<string, string>();
  for (const info of children(system, 'otherIdentifyingInfo')) {
    const type = childText(child(info, 'identifierType'), 'key');
    const value = nonBlank(childText(info, 'identifierValue'));
    if (type !== undefined && value !== undefined) found.set(type, value);
  }
  return (
    found.get('SerialNumberTag') ?? found.get('EnclosureSerialNumberTag') ?? found.get('ServiceTag')
  );
}

function clusterOf(
  o: ObjectContent,
  hosts: readonly VsphereHostFacts[],
  datacenterOf: (ref: MoRef | undefined) => string | undefined,
): VsphereCluster {
  const name = val.str(o, 'name') ?? o.ref.value;
  const policy = o.props.get('configurationEx.dasConfig.admissionControlPolicy');
  const policyType = xsiType(policy);
  const failoverLevel =
    toNumber(childText(policy, 'failoverLevel')) ??
    val.num(o, 'configurationEx.dasConfig.failoverLevel');
  const datacenter = datacenterOf(val.ref(o, 'parent'));
  return {
    ref: o.ref.value,
    name,
    ...compact({
      datacenter,
      haEnabled: val.bool(o, 'configurationEx.dasConfig.enabled'),
      admissionControl: val.bool(o, 'configurationEx.dasConfig.admissionControlEnabled'),
      failoverLevel,
      admissionControlPolicy: policyType,
      drsEnabled: val.bool(o, 'configurationEx.drsConfig.enabled'),
    }),
    hosts: hosts
      .filter((h) => h.cluster === name && h.identity.hostname !== undefined)
      .map((h) => h.identity.hostname as string),
  };
}
