/**
 * What one source says about one machine: how to recognise it, what it is made of and
 * what it runs. Every probe and every file parser of `@vplan/probes` returns these; the
 * inventory reconciles them into assets (`@vplan/identity`).
 */
export interface HostFacts {
  /** Which reader produced the facts, and from what (`file` for imports, `target` for probes). */
  readonly source: {
    readonly kind: FactSourceKind;
    readonly file?: string;
    readonly target?: string;
  };
  /** Where in the file this machine's facts start (`file:line`), for messages. */
  readonly where?: string;
  readonly identity: HostIdentity;
  readonly hardware: HostHardware;
  readonly os?: HostOs;
  /** Listening or detected network services. */
  readonly services?: readonly HostService[];
  /** Devices that tie a machine down (USB dongles, fax modems, HBAs, GPUs …), as named. */
  readonly devices?: readonly string[];
  /** Network interfaces (name, MAC, addresses) as seen. */
  readonly interfaces?: readonly HostInterface[];
  /** Where a virtualization manager runs the machine (vCenter: datacenter, cluster, host). */
  readonly placement?: {
    readonly datacenter?: string;
    readonly cluster?: string;
    readonly host?: string;
  };
  /**
   * What kind of machine the source says this is, when it is not a plain server or VM:
   * `hypervisor` (an ESXi host a vCenter lists), `container-host` (a Kubernetes node).
   * Written as the asset's `asset_kind`.
   */
  readonly assetKind?: HostAssetKind;
  /** What a container orchestrator says of the machine as one of its nodes. */
  readonly containerHost?: ContainerHostFacts;
  /** Values refused as implausible (kept out of `hardware`, so out of sizing) and other notes. */
  readonly warnings: readonly FactWarning[];
}

/** Kinds of machine a source can name (the `asset_kind` custom attribute of `@vplan/workload`). */
export type HostAssetKind = 'hypervisor' | 'container-host';

/** A Kubernetes node: what it offers pods and what its pods ask for. */
export interface ContainerHostFacts {
  readonly orchestrator: 'kubernetes';
  /** The kubeconfig cluster the node belongs to. */
  readonly cluster?: string;
  /** `metadata.name` of the node. */
  readonly node: string;
  /** `status.nodeInfo.machineID` (systemd machine-id). */
  readonly machineId?: string;
  /** `topology.kubernetes.io/zone` (or the legacy `failure-domain.beta.kubernetes.io/zone`). */
  readonly zone?: string;
  /** `topology.kubernetes.io/region` (or its legacy label). */
  readonly region?: string;
  /** `node.kubernetes.io/instance-type` (or the legacy `beta.kubernetes.io/instance-type`). */
  readonly instanceType?: string;
  /** `status.nodeInfo.architecture`, e.g. `amd64`. */
  readonly architecture?: string;
  readonly kubeletVersion?: string;
  readonly containerRuntime?: string;
  /** CPUs the node has (`status.capacity.cpu`), cores (logical CPUs). */
  readonly cpuCapacity?: number;
  /** CPUs left to pods after system reservations (`status.allocatable.cpu`), cores. */
  readonly cpuAllocatable?: number;
  /** Memory left to pods (`status.allocatable.memory`), GiB. */
  readonly memoryAllocatableGiB?: number;
  /** `status.allocatable.pods`. */
  readonly maxPods?: number;
  /** Pods bound to the node and not finished (phase neither Succeeded nor Failed). */
  readonly pods: number;
  /** Sum of those pods' effective CPU requests, cores. */
  readonly cpuRequests: number;
  /** Sum of those pods' effective memory requests, GiB. */
  readonly memoryRequestsGiB: number;
  /** Whether the node is cordoned (`spec.unschedulable`). */
  readonly unschedulable?: boolean;
}

export type FactSourceKind =
  | 'nmap'
  | 'snmp'
  | 'facts'
  | 'dmidecode'
  | 'lscpu'
  | 'ssh'
  | 'vsphere'
  | 'prometheus'
  | 'kubernetes'
  | 'tcp';

/** Keys the reconciliation matches machines by; absent when the source does not know them. */
export interface HostIdentity {
  /** SMBIOS system UUID as written (normalised by `@vplan/identity`). */
  readonly biosUuid?: string;
  /** Hypervisor VM instance UUID. */
  readonly vmUuid?: string;
  /** System serial number as written (junk values are filtered by `@vplan/identity`). */
  readonly serial?: string;
  /** MAC addresses, lower case, colon separated. */
  readonly macs?: readonly string[];
  readonly hostname?: string;
  readonly fqdn?: string;
  readonly ips?: readonly string[];
  /** SSH host key fingerprint (`SHA256:…`). */
  readonly sshHostKey?: string;
}

/** Sizing facts. A value here passed the plausibility checks ({@link PLAUSIBLE}). */
export interface HostHardware {
  readonly vendor?: string;
  readonly model?: string;
  readonly cpuModel?: string;
  readonly sockets?: number;
  /** Physical cores of the machine (all sockets). */
  readonly cores?: number;
  /** Hardware threads (logical CPUs). */
  readonly threads?: number;
  /** Clock of one core, MHz (nominal where the source says so, else the current/max). */
  readonly cpuMhz?: number;
  readonly memoryGiB?: number;
  /** Summed disk capacity, GiB. */
  readonly diskGiB?: number;
  /** Whether the machine is virtual, when the source says (`vmware`, `kvm` … or `physical`). */
  readonly virtualization?: string;
}

export interface HostOs {
  /** `linux`, `windows`, `solaris`, `bsd`, `aix`, `hp-ux`, `macos` … lower case. */
  readonly family?: string;
  /** e.g. `Red Hat Enterprise Linux 8.9`, `Windows Server 2019`. */
  readonly version?: string;
  readonly kernel?: string;
}

export interface HostService {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly name?: string;
  readonly product?: string;
  readonly version?: string;
}

export interface HostInterface {
  readonly name?: string;
  readonly mac?: string;
  readonly ips?: readonly string[];
  /** Link speed, Mbit/s. */
  readonly speedMbps?: number;
}

/** A value not taken (implausible, unparsable in a tolerated way) or anything a reader assumed. */
export interface FactWarning {
  /** `file:line` (or `target`) of the value. */
  readonly where: string;
  /** The field, e.g. `hardware.cpuMhz`. */
  readonly field?: string;
  /** The value as read, when one was refused. */
  readonly value?: string | number;
  readonly message: string;
}

/**
 * Plausible ranges of sizing facts: a value outside is not taken into `hardware` (so never
 * sized on) but reported as a warning until a person confirms it.
 */
export const PLAUSIBLE = {
  /** MHz of one core: no server core runs below 100 MHz or above 10 GHz. */
  cpuMhz: { min: 100, max: 10_000 },
  /** GiB: below 64 MiB no server OS runs; above 64 TiB no single machine ships. */
  memoryGiB: { min: 1 / 16, max: 65_536 },
  cores: { min: 1, max: 4_096 },
  threads: { min: 1, max: 16_384 },
  sockets: { min: 1, max: 64 },
  /** GiB of disk: up to 10 PiB. */
  diskGiB: { min: 0, max: 10 * 1024 * 1024 },
} as const;

export type PlausibleField = keyof typeof PLAUSIBLE;

/**
 * Checks one sizing value: returns it when plausible, else undefined with a warning pushed
 * (naming where, the field, the value and the range). NaN and infinities are refused too.
 */
export function plausible(
  field: PlausibleField,
  value: number | undefined,
  where: string,
  warnings: FactWarning[],
): number | undefined {
  if (value === undefined) return undefined;
  const { min, max } = PLAUSIBLE[field];
  if (Number.isFinite(value) && value >= min && value <= max) return value;
  warnings.push({
    where,
    field: `hardware.${field}`,
    value: Number.isFinite(value) ? value : String(value),
    message: `implausible ${field} ${Number.isFinite(value) ? value : String(value)} (expected ${min} to ${max}): kept out of sizing until confirmed`,
  });
  return undefined;
}
