// The vocabulary of identity reconciliation: what a source saw, the rules of the chain and
// what reconciliation returns.

/** Identity keys one source saw of one machine, as the source wrote them (normalised here). */
export interface IdentityKeys {
  /** SMBIOS system UUID (either byte order). */
  readonly biosUuid?: string;
  /** Hypervisor's VM instance UUID (vSphere `instanceUuid`, Hyper-V VM id …). */
  readonly vmUuid?: string;
  /** System or chassis serial number. */
  readonly serial?: string;
  /** One SSH host key: an OpenSSH public key line or a fingerprint. */
  readonly sshHostKey?: string;
  readonly macs?: readonly string[];
  readonly fqdn?: string;
  /** Host name, short or qualified (its first label is used). */
  readonly hostname?: string;
  readonly ips?: readonly string[];
  /** Site (data center, network zone) that scopes host names and private addresses. */
  readonly site?: string;
}

/** One record of one machine from one source. */
export interface IdentityObservation {
  /** Unique among the observations reconciled together. */
  readonly id: string;
  /** The source's name (`vcenter-prod`, `ssh`, `nmap` …), as ranked in source priorities. */
  readonly source: string;
  /** ISO 8601 time of the observation. */
  readonly observedAt?: string;
  readonly keys: IdentityKeys;
  /** Still seen (not stale). Default `true`. */
  readonly live?: boolean;
}

/** A rule of the chain; each names the key it matches on. */
export type IdentityRule =
  'bios-uuid' | 'vm-uuid' | 'serial' | 'ssh-host-key' | 'mac' | 'fqdn' | 'hostname-ip';

/** The rule chain, strongest first: a merge records the first rule that matched. */
export const IDENTITY_RULES: readonly IdentityRule[] = [
  'bios-uuid',
  'vm-uuid',
  'serial',
  'ssh-host-key',
  'mac',
  'fqdn',
  'hostname-ip',
];

/** Two observations joined: `observation` and `with` both carry `key` under `rule`. */
export interface IdentityMerge {
  readonly observation: string;
  readonly with: string;
  readonly rule: IdentityRule;
  /** The normalised key value (`hostname-ip`: `site|host|ip`, site empty when unknown). */
  readonly key: string;
}

/**
 * Why two observations sharing a key were kept apart:
 * - `conflict`: their machines disagree on a stronger key (`on` names it);
 * - `shared-mac`: the MAC is carried by live observations of machines that disagree on a
 *   stronger key, so it is ambiguous and links nothing at all;
 * - `virtual-mac`: a hypervisor-assigned MAC, and both machines already carry a UUID.
 */
export interface IdentityRefusal {
  readonly observation: string;
  readonly with: string;
  readonly rule: IdentityRule;
  readonly key: string;
  readonly reason: 'conflict' | 'shared-mac' | 'virtual-mac';
  /** `conflict`/`shared-mac`: the stronger key they disagree on (`ssh-host-key:<algorithm>`). */
  readonly on?: string;
}

/** One real machine: the observations that are it. */
export interface IdentityMachine {
  /** The smallest member id (code-unit order): stable while that observation stays. */
  readonly id: string;
  /** Member observation ids, ascending. */
  readonly members: readonly string[];
  /** The merges that built it, in the order they were made. */
  readonly merges: readonly IdentityMerge[];
  /** Some member is live. */
  readonly live: boolean;
}

export interface ReconcileResult {
  /** Ascending by id; every observation is in exactly one. */
  readonly machines: readonly IdentityMachine[];
  /** Links refused, in the order they were considered. */
  readonly refusals: readonly IdentityRefusal[];
}

/** How hypervisor-assigned MACs (`virtual` in `classifyMac`) take part in the `mac` rule. */
export type VirtualMacPolicy = 'uuid-less' | 'never' | 'always';

/** Options of `reconcile`. */
export interface ReconcileOptions {
  /**
   * The chain to apply, strongest first: a subsequence of {@link IDENTITY_RULES} order or
   * any order (strength is position here). Default {@link IDENTITY_RULES}.
   */
  readonly rules?: readonly IdentityRule[];
  /**
   * `uuid-less` (default): a virtual MAC links two machines only if at most one of them
   * carries a BIOS or VM UUID; `never`: virtual MACs are ignored; `always`: they count like
   * burnt-in ones.
   */
  readonly virtualMacs?: VirtualMacPolicy;
}
