import { inventoryToCsv, parseInventoryCsv } from '@vplan/formats';
import { ASSET_KIND_ATTRIBUTE } from '@vplan/workload';
import { factsToAssets } from '../facts-assets';
import { groupMachines } from '../group-machines';
import type { HostFacts } from '../host-facts';
import { nodesToFacts, type KubeNode } from './kubernetes-facts';
import nodeList from './nodes.fixture.json';
import { podRequests, type KubePod } from './pod-requests';
import podList from './pods.fixture.json';

const origin = { server: 'https://10.0.0.1:6443', cluster: 'prod-eu' };
const nodes = nodeList.items as KubeNode[];
const pods = podList.items as KubePod[];
const MiB = 1 / 1024;

describe('nodesToFacts', () => {
  const [eks, worker] = nodesToFacts(nodes, pods, origin);

  it('reads one machine per node: identity, logical CPUs, memory and OS', () => {
    expect(eks).toMatchObject({
      source: { kind: 'kubernetes', target: 'https://10.0.0.1:6443' },
      where: 'https://10.0.0.1:6443 node ip-10-0-1-23.eu-west-1.compute.internal',
      assetKind: 'container-host',
      identity: {
        biosUuid: 'EC2D7F4C-1B9A-4E0D-8F3A-6B5C4D3E2F10',
        hostname: 'ip-10-0-1-23',
        fqdn: 'ip-10-0-1-23.eu-west-1.compute.internal',
        ips: ['10.0.1.23', '54.171.20.9'],
      },
      hardware: { threads: 4 },
      os: {
        family: 'linux',
        version: 'Amazon Linux 2',
        kernel: '5.10.219-208.866.amzn2.x86_64',
      },
      warnings: [],
    });
    expect(eks!.hardware.cores).toBeUndefined();
    expect(eks!.hardware.memoryGiB).toBeCloseTo(16_093_396 / 2 ** 20, 9);
    expect(worker!.identity).toEqual({
      biosUuid: '4230b8a2-5d7c-9f11-3e4a-0c1d2e3f4a5b',
      hostname: 'worker-2',
      ips: ['192.168.40.12'],
    });
  });

  it('reads allocatable resources, zone, region, instance type and runtime', () => {
    expect(eks!.containerHost).toMatchObject({
      orchestrator: 'kubernetes',
      cluster: 'prod-eu',
      node: 'ip-10-0-1-23.eu-west-1.compute.internal',
      machineId: 'ec2d7f4c1b9a4e0d8f3a6b5c4d3e2f10',
      zone: 'eu-west-1a',
      region: 'eu-west-1',
      instanceType: 'm5.xlarge',
      architecture: 'amd64',
      kubeletVersion: 'v1.29.3-eks-ae9a62a',
      containerRuntime: 'containerd://1.7.11',
      cpuCapacity: 4,
      cpuAllocatable: 3.92,
      maxPods: 58,
    });
    expect(eks!.containerHost!.memoryAllocatableGiB).toBeCloseTo(15_076_564 / 2 ** 20, 9);
    expect(eks!.containerHost!.unschedulable).toBeUndefined();
  });

  it('falls back to the legacy zone, region and instance-type labels, and sees a cordon', () => {
    expect(worker!.containerHost).toMatchObject({
      zone: 'rack-b',
      region: 'dc-paris',
      instanceType: 'vsphere-vm.cpu-8.mem-32gb.os-ubuntu',
      cpuAllocatable: 7.8,
      unschedulable: true,
    });
  });

  it("sums the effective requests of each node's pods, leaving unscheduled pods out", () => {
    // coredns 100m/70Mi + api and envoy 750m/1536Mi + init-bound migrate 1/256Mi.
    expect(eks!.containerHost!.pods).toBe(3);
    expect(eks!.containerHost!.cpuRequests).toBeCloseTo(1.85, 9);
    expect(eks!.containerHost!.memoryRequestsGiB).toBeCloseTo(1862 * MiB, 9);
    // sidecar 100m/64Mi + app 300m/256Mi + overhead 250m/120Mi; a BestEffort pod asks nothing.
    expect(worker!.containerHost!.pods).toBe(2);
    expect(worker!.containerHost!.cpuRequests).toBeCloseTo(0.65, 9);
    expect(worker!.containerHost!.memoryRequestsGiB).toBeCloseTo(440 * MiB, 9);
  });

  it('does not identify machines by a system UUID several nodes report (kind nodes)', () => {
    const kind = (name: string): KubeNode => ({
      metadata: { name },
      status: {
        capacity: { cpu: '8', memory: '32Gi' },
        nodeInfo: { systemUUID: '5a1e0c2b-0000-4000-8000-00000000beef' },
      },
    });
    const facts = nodesToFacts([kind('kind-control-plane'), kind('kind-worker')], [], origin);
    expect(facts.map((f) => f.identity.biosUuid)).toEqual([undefined, undefined]);
    expect(facts[0]!.warnings[0]).toMatchObject({
      field: 'identity.biosUuid',
      message: expect.stringMatching(/reported by more than one node/),
    });
    expect(groupMachines(facts)).toHaveLength(2);
  });

  it('warns of a capacity that is no quantity and keeps it out of sizing', () => {
    const [f] = nodesToFacts(
      [{ metadata: { name: 'n1' }, status: { capacity: { cpu: 'four', memory: '16GB' } } }],
      [],
      origin,
    );
    expect(f!.hardware).toEqual({});
    expect(f!.warnings.map((w) => w.field)).toEqual(['capacity.cpu', 'capacity.memory']);
  });

  it('joins a node with the SSH facts of the same machine by its BIOS UUID', () => {
    const ssh: HostFacts = {
      source: { kind: 'ssh', target: '192.168.40.12:22' },
      identity: { biosUuid: '4230B8A2-5D7C-9F11-3E4A-0C1D2E3F4A5B', hostname: 'worker-2' },
      hardware: { cores: 8, threads: 8, memoryGiB: 31.36 },
      warnings: [],
    };
    const groups = groupMachines([eks!, ssh, worker!]);
    expect(groups.map((g) => g.facts.length).sort()).toEqual([1, 2]);
  });
});

describe('podRequests', () => {
  it('takes the largest init container when it asks more than the app containers', () => {
    expect(podRequests(pods[2]!)).toEqual({ cpu: 1, memory: 256 * 2 ** 20 });
  });

  it('counts a limit as the request of a container that gives none', () => {
    const pod: KubePod = {
      spec: { containers: [{ resources: { limits: { cpu: '2', memory: '1Gi' } } }] },
    };
    expect(podRequests(pod)).toEqual({ cpu: 2, memory: 2 ** 30 });
  });

  it('keeps sidecars running beside a later init container', () => {
    const pod: KubePod = {
      spec: {
        initContainers: [
          { restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
          { resources: { requests: { cpu: '2' } } },
        ],
        containers: [{ resources: { requests: { cpu: '100m' } } }],
      },
    };
    expect(podRequests(pod).cpu).toBeCloseTo(2.5, 9);
  });
});

describe('factsToAssets of Kubernetes nodes', () => {
  it('writes container-host assets with zone, instance type, allocatable and requests', () => {
    const assets = factsToAssets(nodesToFacts(nodes, pods, origin).map((f) => [f]));
    const [eks] = assets;
    expect(eks).toMatchObject({
      id: 'ip-10-0-1-23.eu-west-1.compute.internal',
      hostname: 'ip-10-0-1-23',
      capacity: { memoryGiB: 15.348 },
      technical: { osFamily: 'linux', osVersion: 'Amazon Linux 2' },
    });
    expect(eks!.custom).toMatchObject({
      [ASSET_KIND_ATTRIBUTE]: 'container-host',
      [`${ASSET_KIND_ATTRIBUTE}_source`]: 'kubernetes (https://10.0.0.1:6443)',
      k8s_cluster: 'prod-eu',
      k8s_node: 'ip-10-0-1-23.eu-west-1.compute.internal',
      zone: 'eu-west-1a',
      region: 'eu-west-1',
      instance_type: 'm5.xlarge',
      k8s_cpu_capacity: '4',
      k8s_cpu_allocatable: '3.92',
      k8s_memory_allocatable_gib: '14.378',
      k8s_max_pods: '58',
      k8s_pods: '3',
      k8s_cpu_requests: '1.85',
      k8s_memory_requests_gib: '1.818',
      threads: '4',
    });
    expect(assets[1]!.custom['k8s_unschedulable']).toBe('true');
    const read = parseInventoryCsv('inventory.csv', inventoryToCsv(assets));
    if (!read.ok) throw read.error;
    expect(read.value[0]!.custom[ASSET_KIND_ATTRIBUTE]).toBe('container-host');
    expect(read.value[1]!.custom['zone']).toBe('rack-b');
  });
});
