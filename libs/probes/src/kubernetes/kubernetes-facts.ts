import { dropUndefined, osFamily, text, unique, usableIp } from '../facts/fact-values';
import {
  plausible,
  type ContainerHostFacts,
  type FactWarning,
  type HostFacts,
} from '../host-facts';
import { podRequests, type KubePod, type Resources } from './pod-requests';
import { parseQuantity } from './quantity';

/** The fields of a Node the facts are read from (`kubectl get nodes -o json` items). */
export interface KubeNode {
  readonly metadata?: {
    readonly name?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec?: { readonly unschedulable?: boolean; readonly providerID?: string };
  readonly status?: {
    readonly capacity?: Readonly<Record<string, unknown>>;
    readonly allocatable?: Readonly<Record<string, unknown>>;
    readonly addresses?: readonly { readonly type?: string; readonly address?: string }[];
    readonly nodeInfo?: {
      readonly systemUUID?: string;
      readonly machineID?: string;
      readonly osImage?: string;
      readonly kernelVersion?: string;
      readonly operatingSystem?: string;
      readonly architecture?: string;
      readonly kubeletVersion?: string;
      readonly containerRuntimeVersion?: string;
    };
  };
}

/** Where the nodes were listed: the API server (named in `source.target`) and the cluster. */
export interface KubeOrigin {
  readonly server: string;
  readonly cluster?: string;
}

const ZONE = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const REGION = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const INSTANCE_TYPE = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];

const GiB = 2 ** 30;

/**
 * One HostFacts per node, `assetKind` `container-host`: identity (SMBIOS UUID from
 * `nodeInfo.systemUUID`, host name, internal and external addresses), logical CPUs and memory
 * from `capacity`, OS from `nodeInfo`, and as `containerHost` the allocatable resources, the
 * zone, region and instance-type labels and the sum of the effective requests of the pods
 * bound to it. A system UUID two nodes share (kind and other nodes-in-containers report
 * their host's) identifies no machine: it is left out, with a warning.
 */
export function nodesToFacts(
  nodes: readonly KubeNode[],
  pods: readonly KubePod[],
  origin: KubeOrigin,
): HostFacts[] {
  const perNode = new Map<string, { pods: number; requests: Resources }>();
  for (const pod of pods) {
    const name = pod.spec?.nodeName;
    if (name === undefined || name === '') continue;
    const sum = perNode.get(name) ?? { pods: 0, requests: { cpu: 0, memory: 0 } };
    const r = podRequests(pod);
    perNode.set(name, {
      pods: sum.pods + 1,
      requests: { cpu: sum.requests.cpu + r.cpu, memory: sum.requests.memory + r.memory },
    });
  }
  const uuidCount = new Map<string, number>();
  for (const n of nodes) {
    const u = text(n.status?.nodeInfo?.systemUUID)?.toLowerCase();
    if (u !== undefined) uuidCount.set(u, (uuidCount.get(u) ?? 0) + 1);
  }
  return nodes.flatMap((node) => {
    const name = text(node.metadata?.name);
    if (name === undefined) return [];
    const on = perNode.get(name) ?? { pods: 0, requests: { cpu: 0, memory: 0 } };
    const shared =
      (uuidCount.get(text(node.status?.nodeInfo?.systemUUID)?.toLowerCase() ?? '') ?? 0) > 1;
    return [nodeFacts(node, name, on, origin, shared)];
  });
}

function nodeFacts(
  node: KubeNode,
  name: string,
  on: { pods: number; requests: Resources },
  origin: KubeOrigin,
  sharedUuid: boolean,
): HostFacts {
  const where = `${origin.server} node ${name}`;
  const warnings: FactWarning[] = [];
  const status = node.status ?? {};
  const info = status.nodeInfo ?? {};
  const labels = node.metadata?.labels ?? {};
  const label = (keys: readonly string[]) =>
    keys.map((k) => text(labels[k])).find((v) => v !== undefined);
  const addresses = status.addresses ?? [];
  const address = (type: string) =>
    addresses.filter((a) => a.type === type).map((a) => text(a.address));
  const named = address('Hostname')[0] ?? name;
  const dotted = named.includes('.') && !/^[\d.]+$/.test(named) && !named.includes(':');
  const uuid = text(info.systemUUID);
  if (uuid !== undefined && sharedUuid)
    warnings.push({
      where,
      field: 'identity.biosUuid',
      value: uuid,
      message: `system UUID ${uuid} is reported by more than one node (nodes in containers?): not used to identify the machine`,
    });
  const cpu = parseQuantity(status.capacity?.['cpu']);
  const memory = parseQuantity(status.capacity?.['memory']);
  const allocCpu = parseQuantity(status.allocatable?.['cpu']);
  const allocMemory = parseQuantity(status.allocatable?.['memory']);
  const maxPods = parseQuantity(status.allocatable?.['pods']);
  for (const [field, raw, value] of [
    ['capacity.cpu', status.capacity?.['cpu'], cpu],
    ['capacity.memory', status.capacity?.['memory'], memory],
  ] as const)
    if (raw !== undefined && value === undefined)
      warnings.push({ where, field, value: String(raw), message: `${field} is no quantity` });
  const containerHost: ContainerHostFacts = dropUndefined({
    orchestrator: 'kubernetes' as const,
    cluster: origin.cluster,
    node: name,
    machineId: text(info.machineID),
    zone: label(ZONE),
    region: label(REGION),
    instanceType: label(INSTANCE_TYPE),
    architecture: text(info.architecture),
    kubeletVersion: text(info.kubeletVersion),
    containerRuntime: text(info.containerRuntimeVersion),
    cpuCapacity: cpu,
    cpuAllocatable: allocCpu,
    memoryAllocatableGiB: allocMemory !== undefined ? allocMemory / GiB : undefined,
    maxPods,
    pods: on.pods,
    cpuRequests: on.requests.cpu,
    memoryRequestsGiB: on.requests.memory / GiB,
    unschedulable: node.spec?.unschedulable === true ? true : undefined,
  });
  return {
    source: { kind: 'kubernetes', target: origin.server },
    where,
    identity: dropUndefined({
      biosUuid: sharedUuid ? undefined : uuid,
      hostname: dotted ? named.split('.')[0] : named,
      fqdn: dotted ? named : undefined,
      ips: unique([...address('InternalIP'), ...address('ExternalIP')].map(usableIp)),
    }),
    hardware: dropUndefined({
      // The kubelet counts logical CPUs: threads, not cores (SMT unknown).
      threads: plausible('threads', cpu, where, warnings),
      memoryGiB: plausible(
        'memoryGiB',
        memory !== undefined ? memory / GiB : undefined,
        where,
        warnings,
      ),
    }),
    os: dropUndefined({
      family: osFamily(info.operatingSystem, info.osImage),
      version: text(info.osImage),
      kernel: text(info.kernelVersion),
    }),
    assetKind: 'container-host',
    containerHost,
    warnings,
  };
}
