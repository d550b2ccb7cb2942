import type { HostFacts } from '../host-facts';
import type { HostKeyStore } from '../ssh/host-key-store';
import type { SshCredential } from '../ssh/ssh-connection';
import type { SnmpCredential } from '../snmp-probe/snmp-session';
import type { GridSample, ProbeReading } from './grid-samples';
import type { KubernetesSource } from '../kubernetes/kubernetes-config';
import type { PrometheusSource, VcenterSource } from './discover-managers';

/** The probes a discovery runs. */
export type DiscoverProbe = 'tcp' | 'ssh' | 'snmp' | 'vsphere' | 'prometheus' | 'kubernetes';

/** What to discover, and with which credentials (tried in order; the first that logs in wins). */
export interface DiscoverRequest {
  readonly probes: ReadonlySet<DiscoverProbe>;
  /** CIDR ranges and addresses or names, expanded to at most `maxTargets` addresses. */
  readonly cidrs: readonly string[];
  readonly hosts: readonly string[];
  readonly maxTargets?: number;
  /** TCP ports swept (default DEFAULT_SWEEP_PORTS); the SSH ports are always added. */
  readonly ports?: readonly number[];
  readonly sshPort: number;
  /** A host's own SSH port (`host:2222` in a target list). */
  readonly sshPorts?: ReadonlyMap<string, number>;
  readonly snmpPort: number;
  readonly ssh?: readonly SshCredential[];
  readonly snmp?: readonly SnmpCredential[];
  readonly vcenters?: readonly VcenterSource[];
  readonly prometheus?: readonly PrometheusSource[];
  /** Kubernetes clusters (a kubeconfig text and context each): their nodes as container hosts. */
  readonly kubernetes?: readonly KubernetesSource[];
}

export interface DiscoverOptions {
  /** Sockets open at once in the sweep. */
  readonly concurrency: number;
  /** Per connect and per probe step, ms. */
  readonly timeoutMs: number;
  /** Retries of a sweep connect after a timeout. */
  readonly retries?: number;
  /** SSH utilization sample window, s (0: none). */
  readonly sampleSeconds: number;
  /** Hours of vCenter and Prometheus history read. */
  readonly historyHours: number;
  /** Pinned SSH host keys (trust on first use; a mismatch is refused and reported). */
  readonly hostKeys: HostKeyStore;
  /** Read dmidecode through `sudo -n`. */
  readonly sudo?: boolean;
  /** SSH and SNMP probes in flight at once (default 8). */
  readonly probesInFlight?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Called as work advances: the phase, and targets done of total in it. */
  readonly onProgress?: (progress: DiscoverProgress) => void;
}

export interface DiscoverProgress {
  readonly phase: 'sweep' | 'probe' | 'managers';
  readonly done: number;
  readonly total: number;
}

/** A probe that failed on one target; its message never holds a credential. */
export interface DiscoverProblem {
  readonly probe: DiscoverProbe;
  /** `host:port` or the manager's URL. */
  readonly target: string;
  /** The probe's failure stage (`host-key`, `auth`, `timeout` …) when it gave one. */
  readonly stage?: string;
  readonly message: string;
}

/** Readings of the machine `facts` describe. */
export interface ProbeReadings {
  readonly facts: HostFacts;
  readonly readings: readonly ProbeReading[];
}

/** One real machine: what each source said of it, and its usage on the 5-minute grid. */
export interface DiscoveredMachine {
  readonly facts: readonly HostFacts[];
  readonly samples: readonly GridSample[];
}

export interface DiscoverResult {
  /** Addresses swept. */
  readonly addresses: number;
  /** Addresses that answered on some port. */
  readonly answering: number;
  readonly machines: readonly DiscoveredMachine[];
  readonly problems: readonly DiscoverProblem[];
  /** How the discovery was narrowed (e.g. SNMP asked of fewer addresses). */
  readonly notes: readonly string[];
}
