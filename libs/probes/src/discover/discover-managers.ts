import type { HostFacts } from '../host-facts';
import type { KubernetesSource } from '../kubernetes/kubernetes-config';
import { KubernetesProbeError } from '../kubernetes/kubernetes-error';
import { probeKubernetes } from '../kubernetes/kubernetes-probe';
import { probePrometheus } from '../prometheus/prometheus-probe';
import { probeVsphere } from '../vsphere/vsphere-probe';
import type { VsphereCredential } from '../vsphere/vsphere-session';
import type { DiscoverProblem, ProbeReadings } from './discover-types';

/** A vCenter to read, with its login. */
export interface VcenterSource {
  readonly url: string;
  readonly insecure?: boolean;
  readonly credential: VsphereCredential;
}

/** A Prometheus server to read node_exporter facts and usage from. */
export interface PrometheusSource {
  readonly url: string;
  readonly bearerToken?: string;
}

/** What the managers said: facts per machine and the readings of some of them. */
export interface ManagerFacts {
  readonly facts: HostFacts[];
  readonly readings: ProbeReadings[];
  readonly problems: DiscoverProblem[];
  /** What a manager left out (over a bound, not allowed to read). */
  readonly notes?: string[];
}

export interface ManagerOptions {
  readonly timeoutMs: number;
  readonly historyHours: number;
  readonly signal?: AbortSignal;
  readonly now?: Date;
}

/**
 * Facts and readings from a vCenter: its hosts (with datacenter and cluster) and its
 * powered-on VMs (templates and powered-off VMs left out) with where each runs and its
 * 5-minute history. One session, logged out at the end; a failure is a problem, not a throw.
 */
export async function readVcenter(
  source: VcenterSource,
  options: ManagerOptions,
): Promise<ManagerFacts> {
  const to = options.now ?? new Date();
  const from = new Date(to.getTime() - options.historyHours * 3_600_000);
  try {
    const result = await probeVsphere(
      { url: source.url, ...(source.insecure ? { insecure: true } : {}) },
      source.credential,
      {
        timeoutMs: Math.max(options.timeoutMs, 120_000),
        perf: { from, to },
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const hostByRef = new Map(result.hosts.map((h) => [h.ref, h] as const));
    const facts: HostFacts[] = result.hosts.map((h) => ({
      ...h,
      placement: {
        ...(h.datacenter !== undefined ? { datacenter: h.datacenter } : {}),
        ...(h.cluster !== undefined ? { cluster: h.cluster } : {}),
      },
    }));
    const placed = new Map(result.placement.map((p) => [p.vm, p] as const));
    const vms = result.vms
      .filter((vm) => vm.template !== true && vm.powerState !== 'poweredOff')
      .map((vm) => {
        const where = placed.get(vm.name) ?? placed.get(vm.ref);
        const host = vm.hostRef !== undefined ? hostByRef.get(vm.hostRef) : undefined;
        return {
          ...vm,
          placement: {
            ...(host?.datacenter !== undefined ? { datacenter: host.datacenter } : {}),
            ...(where?.cluster !== undefined ? { cluster: where.cluster } : {}),
            ...(where?.host !== undefined ? { host: where.host } : {}),
          },
        };
      });
    facts.push(...vms);
    const vmByRef = new Map(vms.map((vm) => [vm.ref, vm] as const));
    const perVm = new Map<HostFacts, ProbeReadings['readings'][number][]>();
    for (const s of result.samples ?? []) {
      const vm = vmByRef.get(s.ref);
      if (vm) perVm.set(vm, [...(perVm.get(vm) ?? []), s]);
    }
    return {
      facts,
      readings: [...perVm].map(([f, readings]) => ({ facts: f, readings })),
      problems: [],
    };
  } catch (error) {
    return { facts: [], readings: [], problems: [problem('vsphere', source.url, error)] };
  }
}

/** Facts and usage series of the node_exporter instances a Prometheus server scrapes. */
export async function readPrometheus(
  source: PrometheusSource,
  options: ManagerOptions,
): Promise<ManagerFacts> {
  try {
    const result = await probePrometheus(source.url, {
      timeoutMs: Math.max(options.timeoutMs, 30_000),
      historySeconds: options.historyHours * 3600,
      ...(source.bearerToken ? { bearerToken: source.bearerToken } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const readings: ProbeReadings[] = [];
    for (const f of result.facts) {
      const list = result.samples.filter((s) => s.instance === f.source.target);
      if (list.length > 0) readings.push({ facts: f, readings: list });
    }
    return { facts: [...result.facts], readings, problems: [] };
  } catch (error) {
    return { facts: [], readings: [], problems: [problem('prometheus', source.url, error)] };
  }
}

/**
 * The nodes of a Kubernetes cluster as container hosts (capacity, allocatable, zone,
 * instance type, their pods' requests), no readings; a failure is a problem, not a throw.
 */
export async function readKubernetes(
  source: KubernetesSource,
  options: ManagerOptions,
): Promise<ManagerFacts> {
  try {
    const result = await probeKubernetes(source, {
      timeoutMs: Math.max(options.timeoutMs, 60_000),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { facts: result.facts, readings: [], problems: [], notes: result.notes };
  } catch (error) {
    options.signal?.throwIfAborted();
    const target = error instanceof KubernetesProbeError ? error.target : 'kubeconfig';
    return { facts: [], readings: [], problems: [problem('kubernetes', target, error)] };
  }
}

/** A failure as a problem line: the probe's own message (never a credential). */
export function problem(
  probe: DiscoverProblem['probe'],
  target: string,
  error: unknown,
): DiscoverProblem {
  const e = error as { message?: string; stage?: string };
  return {
    probe,
    target,
    ...(typeof e.stage === 'string' ? { stage: e.stage } : {}),
    message: e.message ?? String(error),
  };
}
