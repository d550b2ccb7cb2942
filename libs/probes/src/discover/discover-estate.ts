import { mapInOrder } from '@vplan/file-input';
import type { HostFacts } from '../host-facts';
import { groupMachines } from '../group-machines';
import { pollSnmpLoad, probeSnmp } from '../snmp-probe/snmp-probe';
import type { SnmpLoadSample } from '../snmp-probe/snmp-varbinds';
import { probeSsh } from '../ssh/ssh-probe';
import { DEFAULT_MAX_TARGETS, DEFAULT_SWEEP_PORTS, expandTargets, sweep } from '../tcp/tcp-sweep';
import { problem, readKubernetes, readPrometheus, readVcenter } from './discover-managers';
import type {
  DiscoverOptions,
  DiscoverProblem,
  DiscoverRequest,
  DiscoverResult,
  ProbeReadings,
} from './discover-types';
import { gridSamples, type ProbeReading } from './grid-samples';

/** Thrown for a request that cannot run (targets that do not expand); nothing was probed. */
export class DiscoverRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoverRequestError';
  }
}

/** SNMP agents asked at once per SSH/SNMP probe slot (UDP sessions are cheap). */
const SNMP_PER_SLOT = 4;
/**
 * SNMP answers over UDP, which the sweep cannot see: it is asked of every address of a
 * scan of at most this many; of a larger one, of the addresses that answered TCP only.
 */
export const SNMP_EVERY_ADDRESS_MAX = 1024;

/**
 * Discovers an estate: sweeps the targets over TCP (bounded sockets), logs in over SSH
 * where the SSH port answered (credentials in order, the next one after a refused login;
 * host keys pinned on first use, a changed key refused), asks SNMP of every address (of the
 * addresses that answered TCP in a scan over SNMP_EVERY_ADDRESS_MAX) and named host, reads the
 * vCenters, Prometheus servers and Kubernetes clusters (nodes as container hosts), then
 * joins what one address answered into one machine and machines the identity chain says
 * are one (a host's two NICs, a VM its vCenter also lists, a Kubernetes node its SSH login
 * also saw). Each machine carries its readings on the 5-minute
 * grid. A probe that fails is a problem of the result, never a throw; an abort rejects.
 */
export async function discoverEstate(
  request: DiscoverRequest,
  options: DiscoverOptions,
): Promise<DiscoverResult> {
  const { probes } = request;
  const expanded = expandTargets(
    [...request.cidrs],
    [...request.hosts],
    request.maxTargets ?? DEFAULT_MAX_TARGETS,
  );
  if (!expanded.ok) throw new DiscoverRequestError(expanded.message);
  const targets = expanded.targets;
  const named = new Set(request.hosts);
  const sshPortOf = (t: string) => request.sshPorts?.get(t) ?? request.sshPort;
  const ports = [
    ...new Set([
      ...(request.ports ?? DEFAULT_SWEEP_PORTS),
      ...(probes.has('ssh') ? [request.sshPort, ...(request.sshPorts?.values() ?? [])] : []),
    ]),
  ];
  const progress = options.onProgress;
  const found =
    targets.length === 0
      ? []
      : await sweep(targets, {
          ports,
          concurrency: options.concurrency,
          timeoutMs: options.timeoutMs,
          ...(options.retries !== undefined ? { retries: options.retries } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (done, total) => progress?.({ phase: 'sweep', done, total }),
        });
  const swept = new Map(found.map((f) => [f.identity.ips?.[0] ?? '', f] as const));
  const byAddress = new Map<string, HostFacts[]>();
  if (probes.has('tcp')) for (const [address, f] of swept) byAddress.set(address, [f]);
  const problems: DiscoverProblem[] = [];
  const readings: ProbeReadings[] = [];
  const ssh = probes.has('ssh') ? (request.ssh ?? []) : [];
  const snmp = probes.has('snmp') ? (request.snmp ?? []) : [];
  const notes: string[] = [];
  const everyAddress = snmp.length > 0 && targets.length <= SNMP_EVERY_ADDRESS_MAX;
  if (snmp.length > 0 && !everyAddress)
    notes.push(
      `snmp: asked of the ${swept.size} address(es) that answered TCP and the named hosts: the scan holds ${targets.length} addresses, over ${SNMP_EVERY_ADDRESS_MAX}`,
    );
  const probeTargets = everyAddress ? targets : [...new Set([...swept.keys(), ...named])];
  const inFlight = Math.max(1, options.probesInFlight ?? 8);
  let done = 0;
  await mapInOrder(
    probeTargets,
    snmp.length > 0 ? inFlight * SNMP_PER_SLOT : inFlight,
    async (target) => {
      const list: HostFacts[] = [];
      const port = sshPortOf(target);
      if (ssh.length > 0 && swept.get(target)?.services?.some((s) => s.port === port)) {
        const got = await sshOf(target, port, ssh, options, problems);
        if (got) {
          list.push(got.facts);
          if (got.readings.length > 0) readings.push({ facts: got.facts, readings: got.readings });
        }
      }
      if (snmp.length > 0) {
        const loud = swept.has(target) || named.has(target);
        const got = await snmpOf(target, request.snmpPort, snmp, options, loud, problems);
        if (got) {
          list.push(got.facts);
          if (got.readings.length > 0) readings.push({ facts: got.facts, readings: got.readings });
        }
      }
      if (list.length > 0) byAddress.set(target, [...(byAddress.get(target) ?? []), ...list]);
      progress?.({ phase: 'probe', done: ++done, total: probeTargets.length });
    },
  );
  options.signal?.throwIfAborted();
  const managerFacts: HostFacts[] = [];
  const sources = [
    ...(probes.has('vsphere')
      ? (request.vcenters ?? []).map((v) => () => readVcenter(v, managerOptions(options)))
      : []),
    ...(probes.has('prometheus')
      ? (request.prometheus ?? []).map((p) => () => readPrometheus(p, managerOptions(options)))
      : []),
    ...(probes.has('kubernetes')
      ? (request.kubernetes ?? []).map((k) => () => readKubernetes(k, managerOptions(options)))
      : []),
  ];
  let managersDone = 0;
  for (const read of sources) {
    const got = await read();
    managerFacts.push(...got.facts);
    readings.push(...got.readings);
    problems.push(...got.problems);
    notes.push(...(got.notes ?? []));
    progress?.({ phase: 'managers', done: ++managersDone, total: sources.length });
    options.signal?.throwIfAborted();
  }
  const perAddress = [...byAddress.values(), ...managerFacts.map((f) => [f])];
  const groups = machinesOf(
    perAddress,
    groupMachines(perAddress.flat()).map((m) => m.facts),
  );
  const readingsOf = new Map<HostFacts, readonly ProbeReading[]>();
  for (const r of readings)
    readingsOf.set(r.facts, [...(readingsOf.get(r.facts) ?? []), ...r.readings]);
  return {
    addresses: targets.length,
    answering: found.length,
    machines: groups.map((facts) => ({
      facts,
      samples: gridSamples(facts.flatMap((f) => readingsOf.get(f) ?? [])),
    })),
    problems,
    notes,
  };
}

function managerOptions(options: DiscoverOptions) {
  return {
    timeoutMs: options.timeoutMs,
    historyHours: options.historyHours,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now() } : {}),
  };
}

async function sshOf(
  host: string,
  port: number,
  credentials: NonNullable<DiscoverRequest['ssh']>,
  options: DiscoverOptions,
  problems: DiscoverProblem[],
): Promise<{ facts: HostFacts; readings: readonly ProbeReading[] } | undefined> {
  for (const [i, credential] of credentials.entries()) {
    try {
      const result = await probeSsh({ host, port }, credential, {
        hostKeys: options.hostKeys,
        timeoutMs: options.timeoutMs,
        sampleSeconds: options.sampleSeconds,
        ...(options.sudo ? { sudo: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      return { facts: result.facts, readings: result.samples };
    } catch (error) {
      options.signal?.throwIfAborted();
      const refused = (error as { stage?: string }).stage === 'auth';
      if (refused && i < credentials.length - 1) continue;
      problems.push(problem('ssh', `${host}:${port}`, error));
      return undefined;
    }
  }
  return undefined;
}

async function snmpOf(
  host: string,
  port: number,
  credentials: NonNullable<DiscoverRequest['snmp']>,
  options: DiscoverOptions,
  loud: boolean,
  problems: DiscoverProblem[],
): Promise<{ facts: HostFacts; readings: ProbeReading[] } | undefined> {
  for (const [i, credential] of credentials.entries()) {
    const snmpOptions = {
      timeoutMs: options.timeoutMs,
      retries: loud ? 1 : 0,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      const { facts } = await probeSnmp({ host, port }, credential, snmpOptions);
      const readings =
        options.sampleSeconds > 0
          ? readingsOfLoad(
              await pollSnmpLoad({ host, port }, credential, snmpOptions).catch(() => undefined),
            )
          : [];
      return { facts, readings };
    } catch (error) {
      options.signal?.throwIfAborted();
      const stage = (error as { stage?: string }).stage;
      // A v2c agent drops a wrong community without a word: the next credential may fit.
      if (i < credentials.length - 1 && (stage === 'auth' || stage === 'timeout')) continue;
      if (loud || stage !== 'timeout') problems.push(problem('snmp', `${host}:${port}`, error));
      return undefined;
    }
  }
  return undefined;
}

/** hrProcessorLoad as a busy share; memory in use from hrStorage (net-snmp: physical less cache and buffers). */
export function readingsOfLoad(load: SnmpLoadSample | undefined): ProbeReading[] {
  if (!load) return [];
  const out: ProbeReading[] = [{ metric: 'cpu', at: load.at, value: load.cpuBusy, unit: 'share' }];
  const row = (re: RegExp) => load.storage.find((s) => re.test(s.descr));
  const physical = row(/^(physical|real) memory$/i);
  if (physical) {
    const cached = row(/^cached memory$/i)?.usedGiB ?? 0;
    const buffers = row(/^memory buffers$/i)?.usedGiB ?? 0;
    out.push({
      metric: 'memory',
      at: load.at,
      value: Math.max(0, physical.usedGiB - cached - buffers),
    });
  }
  return out;
}

/**
 * Machines from two groupings of the same facts: the facts each address answered (one
 * machine), joined with the identity chain's machines (the union of both), in first-seen order.
 */
export function machinesOf(
  byAddress: readonly (readonly HostFacts[])[],
  byIdentity: readonly (readonly HostFacts[])[],
): HostFacts[][] {
  const all = byAddress.flat();
  const index = new Map(all.map((f, i) => [f, i] as const));
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (group: readonly HostFacts[]) => {
    const [first, ...rest] = group.map((f) => index.get(f)!);
    for (const r of rest) parent[find(r)] = find(first!);
  };
  byAddress.forEach(join);
  byIdentity.forEach(join);
  const groups = new Map<number, HostFacts[]>();
  all.forEach((f, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), f]);
  });
  return [...groups.values()];
}
