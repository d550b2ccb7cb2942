import type { Asset } from '@vplan/domain';
import { osFamilyOf } from '@vplan/formats';
import { ASSET_KIND_ATTRIBUTE } from '@vplan/workload';
import type { ContainerHostFacts, FactSourceKind, HostFacts } from './host-facts';
import { peripheralsOf } from './peripherals';

/**
 * Which source wins a field two sources disagree on, most trusted first: the machine's own
 * firmware tables, then its OS's facts, then what is seen from outside.
 */
export const FACT_SOURCE_PRIORITY: readonly FactSourceKind[] = [
  'vsphere',
  'dmidecode',
  'ssh',
  'facts',
  'lscpu',
  'prometheus',
  'kubernetes',
  'snmp',
  'nmap',
  'tcp',
];

const rank = (kind: FactSourceKind): number => {
  const i = FACT_SOURCE_PRIORITY.indexOf(kind);
  return i < 0 ? FACT_SOURCE_PRIORITY.length : i;
};

/** `dmidecode (server1.txt)`: a source as provenance columns name it. */
export function sourceLabel(facts: HostFacts): string {
  const from = facts.source.file ?? facts.source.target;
  return from !== undefined ? `${facts.source.kind} (${from})` : facts.source.kind;
}

/** One field of one machine: the winning value, where it came from, and the values that lost. */
interface Resolved<T> {
  readonly value: T;
  readonly source: string;
  readonly conflicts: readonly string[];
}

function resolve<T>(
  facts: readonly HostFacts[],
  pick: (f: HostFacts) => T | undefined,
  same: (a: T, b: T) => boolean = (a, b) => a === b,
): Resolved<T> | undefined {
  const ordered = [...facts].sort((a, b) => rank(a.source.kind) - rank(b.source.kind));
  let winner: { value: T; from: HostFacts } | undefined;
  const conflicts: string[] = [];
  for (const f of ordered) {
    const v = pick(f);
    if (v === undefined) continue;
    if (!winner) winner = { value: v, from: f };
    else if (!same(winner.value, v)) conflicts.push(`${String(v)} from ${sourceLabel(f)}`);
  }
  return winner ? { value: winner.value, source: sourceLabel(winner.from), conflicts } : undefined;
}

const close = (a: number, b: number) =>
  Math.abs(a - b) <= 0.02 * Math.max(Math.abs(a), Math.abs(b));

/**
 * One inventory asset per machine (the facts of each group describe one machine): id (FQDN,
 * else host name, else BIOS UUID, else serial, else first IP or MAC, else the file's name,
 * made unique), capacity (cores,
 * cores × clock as `cpuMhz`, memory, CPU model), OS, peripherals from devices, identity keys
 * and provenance as custom columns: `<field>_source` names the source each value came from,
 * `conflicts` the values other sources gave, `sources` every source, `warnings` the values
 * kept out as implausible; `asset_kind` when a source names the kind (`container-host`, with
 * a Kubernetes node's zone, instance type, allocatable and pod-request columns). What the
 * inventory CSV writes and `vplan plan --inventory` reads.
 */
export function factsToAssets(machines: readonly (readonly HostFacts[])[]): Asset[] {
  const used = new Set<string>();
  return machines.map((facts) => {
    const hostname = resolve(facts, (f) => f.identity.hostname?.toLowerCase());
    const fqdn = resolve(facts, (f) => f.identity.fqdn?.toLowerCase());
    const uuid = resolve(facts, (f) => f.identity.biosUuid?.toLowerCase());
    const serial = resolve(facts, (f) => f.identity.serial);
    const cores = resolve(facts, (f) => f.hardware.cores);
    const threads = resolve(facts, (f) => f.hardware.threads);
    const mhz = resolve(facts, (f) => f.hardware.cpuMhz, close);
    const memory = resolve(facts, (f) => f.hardware.memoryGiB, close);
    const cpuModel = resolve(facts, (f) => f.hardware.cpuModel?.replace(/\s+/g, ' ').trim());
    const sockets = resolve(facts, (f) => f.hardware.sockets);
    const disk = resolve(facts, (f) => f.hardware.diskGiB, close);
    const family = resolve(facts, (f) => f.os?.family);
    const version = resolve(facts, (f) => f.os?.version);
    const vendor = resolve(facts, (f) => f.hardware.vendor);
    const model = resolve(facts, (f) => f.hardware.model);
    const virtualization = resolve(facts, (f) => f.hardware.virtualization);
    const datacenter = resolve(facts, (f) => f.placement?.datacenter);
    const cluster = resolve(facts, (f) => f.placement?.cluster);
    const runsOn = resolve(facts, (f) => f.placement?.host);
    const kind = resolve(facts, (f) => f.assetKind);
    const macs = unique(facts.flatMap((f) => f.identity.macs ?? []));
    const ips = unique(facts.flatMap((f) => f.identity.ips ?? []));
    const devices = unique(facts.flatMap((f) => f.devices ?? []));
    const services = unique(
      facts.flatMap((f) =>
        (f.services ?? []).map((s) => `${s.port}/${s.protocol}${s.name ? ` ${s.name}` : ''}`),
      ),
    );
    const base =
      fqdn?.value ??
      hostname?.value ??
      uuid?.value ??
      serial?.value ??
      ips[0] ??
      macs[0] ??
      fileName(facts[0]?.source.file) ??
      'machine';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    const custom: Record<string, string> = {};
    const put = (name: string, r: Resolved<unknown> | undefined, text?: string) => {
      if (!r) return;
      if (text !== undefined) custom[name] = text;
      custom[`${name}_source`] = r.source;
    };
    put('bios_uuid', uuid, uuid?.value);
    put('serial', serial, serial?.value);
    put('vendor', vendor, vendor?.value);
    put('model', model, model?.value);
    put('sockets', sockets, sockets ? String(sockets.value) : undefined);
    put('threads', threads, threads ? String(threads.value) : undefined);
    put('disk_gib', disk, disk ? String(round(disk.value)) : undefined);
    put('virtualization', virtualization, virtualization?.value);
    put('datacenter_name', datacenter, datacenter?.value);
    put('cluster', cluster, cluster?.value);
    put('runs_on', runsOn, runsOn?.value);
    put(ASSET_KIND_ATTRIBUTE, kind, kind?.value);
    const node = facts.find((f) => f.containerHost !== undefined)?.containerHost;
    if (node) Object.assign(custom, containerHostColumns(node));
    put('cores', cores);
    put('cpu_clock_mhz', mhz, mhz ? String(round(mhz.value)) : undefined);
    put('memory_gb', memory);
    put('cpu_model', cpuModel);
    put('os_family', family);
    if (macs.length > 0) custom['macs'] = macs.join(';');
    if (ips.length > 0) custom['ips'] = ips.join(';');
    if (fqdn && hostname) custom['fqdn'] = fqdn.value;
    if (services.length > 0) custom['services'] = services.slice(0, 50).join(';');
    if (devices.length > 0) custom['device_list'] = devices.slice(0, 50).join(';');
    custom['sources'] = unique(facts.map(sourceLabel)).join('; ');
    const conflicts = [cores, mhz, memory, cpuModel, sockets, uuid, serial, family].flatMap(
      (r, i) =>
        r && r.conflicts.length > 0 ? [`${CONFLICT_NAMES[i]}: ${r.conflicts.join(', ')}`] : [],
    );
    if (conflicts.length > 0) custom['conflicts'] = conflicts.join('; ');
    const warnings = facts.flatMap((f) => f.warnings.map((w) => `${w.where}: ${w.message}`));
    if (warnings.length > 0) custom['warnings'] = warnings.slice(0, 20).join('; ');
    const peripherals = peripheralsOf(devices);
    // The inventory's families (windows, linux, solaris, aix, hpux, bsd, other); the
    // source's own word is kept in `os_reported` when it is none of them.
    const osFamily =
      family || version
        ? (osFamilyOf(family?.value ?? '') ?? osFamilyOf(version?.value ?? '') ?? 'other')
        : undefined;
    if (family && osFamily !== family.value) custom['os_reported'] = family.value;
    const coreCount = cores?.value;
    return {
      id,
      ...((hostname ?? fqdn) ? { hostname: (hostname ?? fqdn)!.value } : {}),
      capacity: {
        ...(coreCount !== undefined ? { cores: coreCount } : {}),
        ...(coreCount !== undefined && mhz ? { cpuMhz: round(coreCount * mhz.value) } : {}),
        ...(memory ? { memoryGiB: round(memory.value) } : {}),
        ...(cpuModel ? { cpuModel: cpuModel.value } : {}),
      },
      business: {},
      technical: {
        ...(osFamily ? { osFamily } : {}),
        ...(version ? { osVersion: version.value } : {}),
        ...(peripherals.length > 0 ? { peripherals } : {}),
      },
      custom,
    };
  });
}

/**
 * A Kubernetes node's columns: cluster and node name, zone, region and instance type, what
 * it offers pods (`k8s_cpu_allocatable` cores, `k8s_memory_allocatable_gib`) and what its
 * pods request (`k8s_pods`, `k8s_cpu_requests` cores, `k8s_memory_requests_gib`).
 */
function containerHostColumns(node: ContainerHostFacts): Record<string, string> {
  const columns: Record<string, string | number | boolean | undefined> = {
    k8s_cluster: node.cluster,
    k8s_node: node.node,
    machine_id: node.machineId,
    zone: node.zone,
    region: node.region,
    instance_type: node.instanceType,
    architecture: node.architecture,
    kubelet_version: node.kubeletVersion,
    container_runtime: node.containerRuntime,
    k8s_cpu_capacity: node.cpuCapacity,
    k8s_cpu_allocatable: node.cpuAllocatable,
    k8s_memory_allocatable_gib:
      node.memoryAllocatableGiB !== undefined ? round(node.memoryAllocatableGiB) : undefined,
    k8s_max_pods: node.maxPods,
    k8s_pods: node.pods,
    k8s_cpu_requests: round(node.cpuRequests),
    k8s_memory_requests_gib: round(node.memoryRequestsGiB),
    k8s_unschedulable: node.unschedulable,
  };
  return Object.fromEntries(
    Object.entries(columns).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
}

const CONFLICT_NAMES = [
  'cores',
  'cpu clock',
  'memory',
  'cpu model',
  'sockets',
  'bios uuid',
  'serial',
  'os',
];

const round = (v: number) => Math.round(v * 1000) / 1000;

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/** A file's name without folders and `.gz`, e.g. `db1` for `scans/db1.gz`. */
function fileName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const name = (path.split(/[\\/]/).pop() ?? '').replace(/\.gz$/i, '');
  return name === '' ? undefined : name;
}
