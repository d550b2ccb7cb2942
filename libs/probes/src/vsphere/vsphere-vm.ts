import {
  plausible,
  type FactWarning,
  type HostFacts,
  type HostInterface,
  type HostOs,
} from '../host-facts';
import type { ObjectContent } from './property-collector';
import { child, childText, children, moRef, text1, xsiType, type XmlNode } from './soap-xml';
import { compact, nonBlank, toNumber, val } from './vim-values';

/** A VM as vCenter knows it: HostFacts (vCPUs in `hardware.cores`) plus its VM state. */
export interface VsphereVmFacts extends HostFacts {
  /** Managed object id, e.g. `vm-63`. */
  readonly ref: string;
  /** The VM's inventory name (`identity.hostname` is the guest's own host name, else this). */
  readonly name: string;
  /** `poweredOn`, `poweredOff` or `suspended`. */
  readonly powerState?: string;
  readonly template?: boolean;
  /** Managed object id of the host it runs on. */
  readonly hostRef?: string;
}

export interface VsphereDisk {
  readonly label?: string;
  readonly capacityGiB: number;
}

export interface VsphereNic {
  readonly label?: string;
  readonly mac?: string;
  /** Port group or network name the NIC is backed by. */
  readonly portGroup?: string;
  /** Adapter type, e.g. `VirtualVmxnet3`. */
  readonly adapter?: string;
}

/** What vCenter records about a VM that is not a fact about the machine itself. */
export interface VsphereVmDetail {
  readonly vm: string;
  readonly ref: string;
  readonly annotation?: string;
  /** Configured memory as written (MB), even when implausible for sizing. */
  readonly memoryMB?: number;
  readonly vCpus?: number;
  readonly portGroups: readonly string[];
  readonly disks: readonly VsphereDisk[];
  readonly nics: readonly VsphereNic[];
}

export function vmRecords(
  objects: readonly ObjectContent[],
  target: string,
  networkName: (ref: string) => string | undefined,
): { vms: VsphereVmFacts[]; details: VsphereVmDetail[] } {
  const vms: VsphereVmFacts[] = [];
  const details: VsphereVmDetail[] = [];
  for (const o of objects) {
    const { facts, detail } = vmRecord(o, target, networkName);
    vms.push(facts);
    details.push(detail);
  }
  return { vms, details };
}

function vmRecord(
  o: ObjectContent,
  target: string,
  networkName: (ref: string) => string | undefined,
): { facts: VsphereVmFacts; detail: VsphereVmDetail } {
  const where = `${target} ${o.ref.value}`;
  const warnings: FactWarning[] = [];
  const name = val.str(o, 'name') ?? o.ref.value;
  const devices = children(o.props.get('config.hardware.device'), 'VirtualDevice');
  const disks = devices.filter((d) => xsiType(d) === 'VirtualDisk').map(diskOf);
  const nics = devices
    .filter((d) => child(d, 'macAddress') !== undefined)
    .map((d) => nicOf(d, networkName));
  const guestNics = children(o.props.get('guest.net'), 'GuestNicInfo');
  const interfaces = interfacesOf(nics, guestNics);
  const ips = unique([
    ...(val.str(o, 'guest.ipAddress') !== undefined
      ? [val.str(o, 'guest.ipAddress') as string]
      : []),
    ...interfaces.flatMap((i) => i.ips ?? []),
  ]);
  const macs = unique([
    ...nics.map((n) => n.mac),
    ...guestNics.map((g) => nonBlank(childText(g, 'macAddress'))?.toLowerCase()),
  ]);
  const memoryMB = val.num(o, 'config.hardware.memoryMB');
  const vCpus = val.num(o, 'config.hardware.numCPU');
  const diskKiB = disks.reduce((sum, d) => sum + d.capacityGiB, 0);
  const guestName = val.str(o, 'guest.guestFullName') ?? val.str(o, 'config.guestFullName');
  const os = osOf(guestName);
  const hostRef = val.ref(o, 'runtime.host')?.value;
  const facts: VsphereVmFacts = {
    source: { kind: 'vsphere', target },
    where,
    identity: compact({
      biosUuid: val.str(o, 'config.uuid'),
      vmUuid: val.str(o, 'config.instanceUuid'),
      macs: macs.length > 0 ? macs : undefined,
      // The guest's own name; without VMware Tools, the VM's inventory name (the name
      // planners know it by, and usually the guest's too).
      hostname: val.str(o, 'guest.hostName')?.split('.')[0] ?? name,
      fqdn: val.str(o, 'guest.hostName')?.includes('.') ? val.str(o, 'guest.hostName') : undefined,
      ips: ips.length > 0 ? ips : undefined,
    }),
    hardware: compact({
      cores: plausible('cores', vCpus, where, warnings),
      memoryGiB: plausible(
        'memoryGiB',
        memoryMB === undefined ? undefined : memoryMB / 1024,
        where,
        warnings,
      ),
      diskGiB: disks.length > 0 ? plausible('diskGiB', diskKiB, where, warnings) : undefined,
      virtualization: 'vmware',
    }),
    ...(os !== undefined ? { os } : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings,
    ref: o.ref.value,
    name,
    ...compact({
      powerState: val.str(o, 'runtime.powerState'),
      template: val.bool(o, 'config.template'),
      hostRef,
    }),
  };
  const annotation = text1(o.props.get('config.annotation'));
  const detail: VsphereVmDetail = {
    vm: name,
    ref: o.ref.value,
    ...compact({ annotation: annotation === '' ? undefined : annotation, memoryMB, vCpus }),
    portGroups: unique(nics.map((n) => n.portGroup)),
    disks,
    nics,
  };
  return { facts, detail };
}

function diskOf(device: XmlNode): VsphereDisk {
  const kib = toNumber(childText(device, 'capacityInKB')) ?? 0;
  const label = nonBlank(childText(child(device, 'deviceInfo'), 'label'));
  return { ...(label !== undefined ? { label } : {}), capacityGiB: kib / 1024 ** 2 };
}

function nicOf(device: XmlNode, networkName: (ref: string) => string | undefined): VsphereNic {
  const backing = child(device, 'backing');
  const portgroupKey = childText(child(backing, 'port'), 'portgroupKey');
  const network = moRef(child(backing, 'network'))?.value;
  const portGroup =
    (portgroupKey !== undefined ? (networkName(portgroupKey) ?? portgroupKey) : undefined) ??
    nonBlank(childText(backing, 'deviceName')) ??
    (network !== undefined ? networkName(network) : undefined) ??
    nonBlank(childText(backing, 'opaqueNetworkId'));
  return compact({
    label: nonBlank(childText(child(device, 'deviceInfo'), 'label')),
    mac: nonBlank(childText(device, 'macAddress'))?.toLowerCase(),
    portGroup,
    adapter: xsiType(device),
  });
}

/** One interface per virtual NIC, with the addresses the guest reports for its MAC. */
function interfacesOf(nics: readonly VsphereNic[], guestNics: readonly XmlNode[]): HostInterface[] {
  return nics.map((nic) => {
    const guest = guestNics.find((g) => childText(g, 'macAddress')?.toLowerCase() === nic.mac);
    const ips = children(guest, 'ipAddress')
      .map((n) => nonBlank(text1(n)))
      .filter((ip): ip is string => ip !== undefined);
    return compact({ name: nic.label, mac: nic.mac, ips: ips.length > 0 ? ips : undefined });
  });
}

function osOf(guestName: string | undefined): HostOs | undefined {
  if (guestName === undefined) return undefined;
  const family = /windows/i.test(guestName)
    ? 'windows'
    : /linux|centos|red hat|rhel|ubuntu|debian|suse|sles|oracle|photon|rocky|alma|fedora/i.test(
          guestName,
        )
      ? 'linux'
      : /solaris/i.test(guestName)
        ? 'solaris'
        : /bsd/i.test(guestName)
          ? 'bsd'
          : undefined;
  return compact({ family, version: guestName });
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}
