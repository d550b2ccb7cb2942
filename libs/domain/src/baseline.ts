/**
 * Today's estate as the virtualization inventory (an RVTools export, vCenter) describes
 * it: the hosts VMs run on now, so a plan can be compared with, and made onto, them.
 */
export interface TodayHost {
  /** Host name as the inventory gives it (vHost `Host`). */
  readonly name: string;
  readonly cluster?: string;
  readonly datacenter?: string;
  /** Vendor and model of the server, e.g. `HP ProLiant BL460c Gen8`. */
  readonly hardwareModel?: string;
  /** Processor model as written, e.g. `Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz`. */
  readonly cpuModel?: string;
  readonly sockets?: number;
  /** Physical cores of the host. */
  readonly cores?: number;
  /** Clock per core, MHz. */
  readonly mhz?: number;
  /** Physical memory, GiB. */
  readonly memoryGiB?: number;
  /** CPU and memory usage of the host, 0..1, one snapshot when the inventory was taken. */
  readonly cpuUsage?: number;
  readonly memoryUsage?: number;
  /** VMs on the host (powered-on ones the plan considers, by asset id). */
  readonly vms: readonly string[];
  /** Summed vCPUs and configured memory (GiB) of those VMs. */
  readonly vcpus: number;
  readonly vmMemoryGiB: number;
  /** The ESXi version, when given. */
  readonly hypervisor?: string;
}

/** A cluster of today's estate and its HA/DRS settings (RVTools vCluster), as given. */
export interface TodayCluster {
  /** Cluster name (vCluster `Name`), as vInfo and vHost `Cluster` write it. */
  readonly name: string;
  /** vSphere HA turned on. */
  readonly haEnabled?: boolean;
  /** HA failover level: how many host failures the cluster is configured to tolerate. */
  readonly failoverLevel?: number;
  /** HA admission control turned on (capacity is held back for failover). */
  readonly admissionControl?: boolean;
  readonly drsEnabled?: boolean;
  /** Number of hosts in the cluster. */
  readonly hosts?: number;
}

/** Why a VM of the inventory is not planned. */
export interface SkippedAsset {
  readonly asset: string;
  readonly reason: 'powered-off' | 'suspended' | 'template' | 'duplicate';
  /** Where it is, e.g. `export.xlsx:vInfo:812`. */
  readonly where?: string;
}

/** Today's hosts and what the inventory skipped; attached to an estate read from RVTools. */
export interface EstateBaseline {
  /** What it was read from, e.g. `export.xlsx`. */
  readonly source: string;
  readonly hosts: readonly TodayHost[];
  /** Host names VMs refer to that the host inventory lacks (their capacity is unknown). */
  readonly unknownHosts: readonly string[];
  readonly skipped: readonly SkippedAsset[];
  /** Today's clusters with their HA settings, when the inventory lists them (RVTools vCluster). */
  readonly clusters?: readonly TodayCluster[];
  /** What the reader assumed or could not read (units, joins, missing sheets). */
  readonly notes: readonly string[];
}
