import type { EstateBaseline, TodayHost } from '@vplan/domain';
import type { PlanToday } from '@vplan/formats';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** The model a host of today belongs to: its hardware model, or its CPU model, or "unknown". */
export function todayModelName(host: TodayHost): string {
  return host.hardwareModel ?? host.cpuModel ?? 'unknown model';
}

/** vCPU : physical core of a host, when its core count is known and positive. */
export function todayVcpuPerCore(host: TodayHost): number | undefined {
  return host.cores !== undefined && host.cores > 0 ? host.vcpus / host.cores : undefined;
}

/** Configured VM memory : physical memory of a host, when its memory is known and positive. */
export function todayMemoryRatio(host: TodayHost): number | undefined {
  return host.memoryGiB !== undefined && host.memoryGiB > 0
    ? host.vmMemoryGiB / host.memoryGiB
    : undefined;
}

/** Max and mean of the defined values (0 and 0 when there is none). */
function maxMean(values: readonly (number | undefined)[]): { max: number; mean: number } {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length === 0) return { max: 0, mean: 0 };
  const sum = known.reduce((a, b) => a + b, 0);
  return { max: round(Math.max(...known)), mean: round(sum / known.length) };
}

/**
 * Today's estate as plan.json `today`: totals, the per-host vCPU:core and
 * configured:physical memory ratios (max and mean over the hosts where each is known),
 * hosts grouped by hardware model and CPU model, and every host.
 */
export function planToday(baseline: EstateBaseline): PlanToday {
  const { hosts } = baseline;
  const groups = new Map<string, PlanToday['models'][number]>();
  for (const h of hosts) {
    const name = todayModelName(h);
    const key = `${name}\u0000${h.cpuModel ?? ''}`;
    const group = groups.get(key);
    if (group) {
      groups.set(key, {
        ...group,
        hosts: group.hosts + 1,
        ...(h.cores !== undefined ? { cores: (group.cores ?? 0) + h.cores } : {}),
        ...(h.memoryGiB !== undefined ? { memoryGiB: (group.memoryGiB ?? 0) + h.memoryGiB } : {}),
      });
    } else {
      groups.set(key, {
        name,
        ...(h.cpuModel !== undefined ? { cpuModel: h.cpuModel } : {}),
        hosts: 1,
        ...(h.cores !== undefined ? { cores: h.cores } : {}),
        ...(h.memoryGiB !== undefined ? { memoryGiB: h.memoryGiB } : {}),
      });
    }
  }
  const sum = (f: (h: TodayHost) => number | undefined) =>
    round(
      hosts.reduce((a, h) => a + (f(h) ?? 0), 0),
      2,
    );
  return {
    source: baseline.source,
    hosts: hosts.length,
    cores: sum((h) => h.cores),
    memoryGiB: sum((h) => h.memoryGiB),
    vms: hosts.reduce((a, h) => a + h.vms.length, 0),
    vcpus: sum((h) => h.vcpus),
    vcpuPerCore: maxMean(hosts.map(todayVcpuPerCore)),
    memoryRatio: maxMean(hosts.map(todayMemoryRatio)),
    models: [...groups.values()],
    hostList: hosts.map((h) => hostEntry(h)),
    unknownHosts: [...baseline.unknownHosts],
  };
}

function hostEntry(h: TodayHost): PlanToday['hostList'][number] {
  const vcpuPerCore = todayVcpuPerCore(h);
  const memoryRatio = todayMemoryRatio(h);
  return {
    name: h.name,
    model: todayModelName(h),
    ...(h.cluster !== undefined ? { cluster: h.cluster } : {}),
    ...(h.cpuModel !== undefined ? { cpuModel: h.cpuModel } : {}),
    ...(h.cores !== undefined ? { cores: h.cores } : {}),
    ...(h.memoryGiB !== undefined ? { memoryGiB: h.memoryGiB } : {}),
    vms: h.vms.length,
    vcpus: h.vcpus,
    vmMemoryGiB: round(h.vmMemoryGiB, 2),
    ...(vcpuPerCore !== undefined ? { vcpuPerCore: round(vcpuPerCore) } : {}),
    ...(memoryRatio !== undefined ? { memoryRatio: round(memoryRatio) } : {}),
    ...(h.cpuUsage !== undefined ? { cpuUsage: h.cpuUsage } : {}),
    ...(h.memoryUsage !== undefined ? { memoryUsage: h.memoryUsage } : {}),
  };
}

/** One summary line: "today: N hosts, vCPU:core max x (mean y), memory max x (mean y)". */
export function todaySummaryLine(today: PlanToday): string {
  const r = (v: number) => v.toFixed(2);
  const unknown =
    today.unknownHosts.length > 0 ? `, ${today.unknownHosts.length} host(s) not in inventory` : '';
  return (
    `today: ${today.hosts} hosts (${today.cores} cores, ${today.memoryGiB} GiB), ${today.vms} VMs, ` +
    `vCPU:core max ${r(today.vcpuPerCore.max)} (mean ${r(today.vcpuPerCore.mean)}), ` +
    `memory configured:physical max ${r(today.memoryRatio.max)} (mean ${r(today.memoryRatio.mean)})` +
    unknown
  );
}

/** A group of today's hosts that `--keep-existing` may fill: same CPU model, cores and memory. */
export interface ExistingModel {
  /** e.g. `HP DL380 Gen9 · 24 cores · 256 GiB`. */
  readonly name: string;
  readonly cpuModel?: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** Capacity per host: cores × MHz, MHz. */
  readonly cpuMhz: number;
  /** Today's hosts of this group, by name; the plan uses at most this many. */
  readonly hosts: readonly string[];
}

/**
 * Today's hosts grouped for keep-existing, and the allocation limits today runs at (the
 * highest vCPU:core and configured:physical memory ratio of any host). Hosts without
 * cores, MHz or memory cannot be given a capacity and are returned in `unusable`.
 */
export function existingModels(baseline: EstateBaseline): {
  readonly models: readonly ExistingModel[];
  readonly vcpuPerCore: number | undefined;
  readonly memoryOvercommit: number | undefined;
  readonly unusable: readonly string[];
} {
  const groups = new Map<string, ExistingModel>();
  const unusable: string[] = [];
  for (const h of baseline.hosts) {
    if (!h.cores || !h.mhz || !h.memoryGiB) {
      unusable.push(h.name);
      continue;
    }
    const key = `${h.cpuModel ?? ''}\u0000${h.cores}\u0000${h.memoryGiB}`;
    const group = groups.get(key);
    if (group) groups.set(key, { ...group, hosts: [...group.hosts, h.name] });
    else
      groups.set(key, {
        name: `${todayModelName(h)} · ${h.cores} cores · ${round(h.memoryGiB, 0)} GiB`,
        ...(h.cpuModel !== undefined ? { cpuModel: h.cpuModel } : {}),
        cores: h.cores,
        memoryGiB: h.memoryGiB,
        cpuMhz: h.cores * h.mhz,
        hosts: [h.name],
      });
  }
  // The highest ratio any host runs, rounded up (never below what today runs).
  const highest = (values: readonly (number | undefined)[]) => {
    const max = Math.max(0, ...values.filter((v): v is number => v !== undefined));
    return max > 0 ? Math.ceil(max * 1e4) / 1e4 : undefined;
  };
  // Two groups of one hardware model with different CPUs are told apart by the CPU.
  const all = [...groups.values()];
  const count = new Map<string, number>();
  for (const g of all) count.set(g.name, (count.get(g.name) ?? 0) + 1);
  const models = all.map((g) =>
    (count.get(g.name) ?? 0) > 1 && g.cpuModel !== undefined
      ? { ...g, name: `${g.name} · ${g.cpuModel.replace(/\s+/g, ' ')}` }
      : g,
  );
  return {
    models,
    vcpuPerCore: highest(baseline.hosts.map(todayVcpuPerCore)),
    memoryOvercommit: highest(baseline.hosts.map(todayMemoryRatio)),
    unusable,
  };
}
