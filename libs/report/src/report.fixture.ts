import type { ResourceName } from '@vplan/domain';
import type {
  PlanAsset,
  PlanCpuRating,
  PlanDocument,
  PlanFailover,
  PlanHost,
  UnplacedAsset,
} from '@vplan/formats';

/** Options of `buildReportFixture`: a plan of identical hosts with synthetic daily demand. */
export interface ReportFixtureOptions {
  readonly hosts: number;
  readonly vmsPerHost: number;
  readonly slots: number;
  readonly stepSeconds?: number;
  readonly percentile?: number;
  readonly start?: string;
  readonly unplaced?: readonly UnplacedAsset[];
  /** Asset id of VM `v` on host `h` (default `vm-<h>-<v>`). */
  readonly assetId?: (h: number, v: number) => string;
  /**
   * Distinct demand patterns per resource; VMs reuse them round-robin so that a large
   * estate costs little memory. Default: one per VM.
   */
  readonly patterns?: number;
  readonly peakBasedHosts?: number;
}

export interface ReportFixture {
  readonly plan: PlanDocument;
  readonly demand: Map<string, Float32Array[]>;
}

const RESOURCES: readonly ResourceName[] = ['cpu', 'memory'];
const CAPACITY = { cpu: 100_000, memory: 1024 };
const HEADROOM = { cpu: 0.2, memory: 0.1 };
const USABLE = { cpu: 80_000, memory: 921.6 };

/**
 * A whole-number daily wave, quieter at weekends (sums of whole numbers are exact in
 * Float64). Patterns fall into three groups peaking at different hours (office, evening,
 * night batch), so that time-aware packing has something to exploit.
 */
function pattern(p: number, resource: ResourceName, slots: number, step: number): Float32Array {
  const perDay = Math.max(1, Math.round(86400 / step));
  const peakHour = [11, 19, 2][p % 3] ?? 11;
  const base = resource === 'cpu' ? 300 + ((p * 37) % 500) : 6 + ((p * 5) % 20);
  const amp = resource === 'cpu' ? 1500 + ((p * 131) % 2500) : 4 + ((p * 3) % 14);
  const values = new Float32Array(slots);
  for (let t = 0; t < slots; t++) {
    const day = Math.floor(t / perDay);
    const hour = ((t % perDay) / perDay) * 24;
    const distance = Math.min(Math.abs(hour - peakHour), 24 - Math.abs(hour - peakHour));
    const wave = Math.max(0, Math.cos((Math.PI * distance) / 12)) ** 3;
    const weekend = day % 7 >= 5 ? 0.4 : 1;
    const jitter = ((t * 7919 + p * 104729) % 97) / 97;
    values[t] = Math.round(base + amp * weekend * (0.85 * wave + 0.15 * jitter));
  }
  return values;
}

/** Builds a consistent plan (host peaks and utilizations computed from the demand). */
export function buildReportFixture(options: ReportFixtureOptions): ReportFixture {
  const step = options.stepSeconds ?? 300;
  const { slots, hosts: hostCount, vmsPerHost } = options;
  const assetId = options.assetId ?? ((h: number, v: number) => `vm-${h}-${v}`);
  const patternCount = options.patterns ?? hostCount * vmsPerHost;
  const pool = new Map<number, Float32Array[]>();
  const patternOf = (p: number): Float32Array[] => {
    let arrays = pool.get(p);
    if (!arrays) {
      arrays = RESOURCES.map((r) => pattern(p, r, slots, step));
      pool.set(p, arrays);
    }
    return arrays;
  };

  const demand = new Map<string, Float32Array[]>();
  const hosts: PlanHost[] = [];
  for (let h = 0; h < hostCount; h++) {
    const assets: string[] = [];
    const totals = RESOURCES.map(() => new Float64Array(slots));
    for (let v = 0; v < vmsPerHost; v++) {
      const id = assetId(h, v);
      const arrays = patternOf((h * vmsPerHost + v) % patternCount);
      demand.set(id, arrays);
      assets.push(id);
      arrays.forEach((values, r) => {
        const total = totals[r] as Float64Array;
        for (let t = 0; t < slots; t++) total[t] = (total[t] as number) + (values[t] as number);
      });
    }
    const peak: Partial<Record<ResourceName, number>> = {};
    const peakUtilization: Partial<Record<ResourceName, number>> = {};
    const meanUtilization: Partial<Record<ResourceName, number>> = {};
    RESOURCES.forEach((r, i) => {
      const total = totals[i] as Float64Array;
      let max = 0;
      let sum = 0;
      for (const v of total) {
        max = Math.max(max, v);
        sum += v;
      }
      peak[r] = max;
      peakUtilization[r] = max / USABLE[r as 'cpu' | 'memory'];
      meanUtilization[r] = sum / slots / USABLE[r as 'cpu' | 'memory'];
    });
    hosts.push({
      id: `host-${String(h + 1).padStart(3, '0')}`,
      assets,
      peak,
      peakUtilization,
      meanUtilization,
    });
  }

  const unplaced = [...(options.unplaced ?? [])];
  const placed = hostCount * vmsPerHost;
  const assets = placed + unplaced.length;
  const lowerBound = Math.max(0, hostCount - 1);
  // As `parsePlanDocument` returns a version-1 file: no sizing, assets or failover.
  const plan: PlanDocument = {
    schemaVersion: 3,
    upgradedFrom: 1,
    generatedAt: '2024-06-10T08:30:00.000Z',
    input: {
      source: 'estate.csv',
      format: 'csv',
      resources: [...RESOURCES],
      percentile: options.percentile ?? 100,
      stepSeconds: step,
      slots,
      start: options.start ?? '2024-06-03T00:00:00.000Z',
    },
    hostModel: { name: 'std-2s-1t', capacity: CAPACITY, headroom: HEADROOM, usable: USABLE },
    hosts,
    unplaced,
    summary: {
      assets,
      placed,
      hosts: hostCount,
      lowerBound,
      gap: hostCount - lowerBound,
      limitingResource: 'cpu',
      strategy: 'time-aware',
      seed: 42,
      consolidationRatio: hostCount > 0 ? placed / hostCount : 0,
      ...(options.peakBasedHosts === undefined ? {} : { peakBasedHosts: options.peakBasedHosts }),
      stoppedBy: 'iterations',
      elapsedMs: 1234,
    },
  };
  return { plan, demand };
}

/** Options of `buildReportFixtureV2`: the v2 sections on top of `buildReportFixture`. */
export interface ReportFixtureV2Options extends ReportFixtureOptions {
  /** Host failures survived (default 1; 0 = no reserve, no `failover` section). */
  readonly failover?: number;
  /** Slots a host may exceed usable capacity in (default 0); host 1 then does in 3. */
  readonly allowedExceedanceSlots?: number;
  /** Every n-th VM is sized by allocation (default 7). */
  readonly assumedEvery?: number;
  /** Every n-th VM has low coverage (default 5). */
  readonly lowCoverageEvery?: number;
  /** Source CPU models rated (default 12, more than the report lists). */
  readonly cpuModels?: number;
  readonly warnings?: readonly string[];
}

export interface ReportFixtureV2 extends ReportFixture {
  /** Share of measured series per slot: slots 10–19 half measured, 40–44 not at all. */
  readonly measured: Float32Array;
}

const rating = (
  model: string,
  perCore: number,
  source: PlanCpuRating['source'],
): PlanCpuRating => ({
  model,
  perCore,
  mhz: 2000,
  perGHz: perCore / 2,
  source,
});

/** Per-asset sizing of the fixture's VMs and the hosts' allocation, exceedance and spares. */
function sizedHosts(
  base: ReportFixture,
  options: ReportFixtureV2Options,
  models: readonly string[],
): { hosts: PlanHost[]; assets: PlanAsset[] } {
  const k = options.failover ?? 1;
  const allowed = options.allowedExceedanceSlots ?? 0;
  const assumedEvery = options.assumedEvery ?? 7;
  const lowEvery = options.lowCoverageEvery ?? 5;
  const peakOf = (values: Float32Array | undefined): number => (values ? Math.max(...values) : 0);
  const assets: PlanAsset[] = [];
  const hosts = base.plan.hosts.map((host, h): PlanHost => {
    const allocation = { vcpus: 0, memoryGiB: 0, vms: host.assets.length };
    host.assets.forEach((id, v) => {
      const n = assets.length;
      const [cpu, memory] = base.demand.get(id) ?? [];
      const peak = { cpu: peakOf(cpu), memory: peakOf(memory) };
      const assumed = n % assumedEvery === assumedEvery - 1;
      const low = !assumed && n % lowEvery === lowEvery - 1;
      const coverage = assumed ? 0 : low ? 0.3 : 1;
      const vm = { vcpus: 2 + (v % 4) * 2, memoryGiB: 8 * (1 + (v % 3)) };
      allocation.vcpus += vm.vcpus;
      allocation.memoryGiB += vm.memoryGiB;
      assets.push({
        id,
        host: host.id,
        basis: assumed ? 'assumed' : 'measured',
        allocation: vm,
        ...(n % 11 === 3 ? { allocationAssumed: ['vcpus' as const] } : {}),
        peak,
        percentileValue: peak,
        cpuFactor: 1.25,
        ...(assumed ? {} : { cpuRating: rating(models[n % models.length] ?? 'x', 5, 'table') }),
        coverage: { cpu: coverage, memory: coverage },
        confidence: assumed ? 0 : low ? 0.15 + (n % 7) / 100 : 0.9,
        lowCoverage: low,
      });
    });
    const last = h === base.plan.hosts.length - 1 && k > 0;
    return {
      ...host,
      allocation,
      exceedance:
        allowed > 0 && h === 0
          ? { slots: 3, share: 3 / options.slots, worstRatio: 1.04 }
          : { slots: 0, share: 0, worstRatio: 0.97 },
      ...(last
        ? { spare: true, note: `added so that the plan survives ${k} host failure(s)` }
        : {}),
    };
  });
  return { hosts, assets };
}

/** One failure scenario per host: its VMs dealt round-robin onto the other hosts. */
function failoverOf(hosts: readonly PlanHost[], k: number): PlanFailover {
  const ids = hosts.map((h) => h.id);
  return {
    k,
    method: k === 1 ? 'redistribute' : 'spare-hosts',
    addedHosts: 1,
    scenarios: hosts.map((host, h) => {
      const others = ids.filter((_, o) => o !== h);
      return {
        failed: [host.id],
        moves: host.assets.map((asset, v) => ({ asset, to: others[v % others.length] ?? host.id })),
      };
    }),
  };
}

/** A schema-v2 plan: sizing policy, per-asset basis, host allocation, failover proof, warnings. */
export function buildReportFixtureV2(options: ReportFixtureV2Options): ReportFixtureV2 {
  const base = buildReportFixture(options);
  const { slots } = options;
  const k = options.failover ?? 1;
  const sources = Array.from({ length: options.cpuModels ?? 12 }, (_, i) => ({
    ...rating(`Xeon E5-26${String(i).padStart(2, '0')}`, 4 + i / 2, 'table'),
    assets: 20 - i,
  }));
  const { hosts, assets } = sizedHosts(
    base,
    options,
    sources.map((s) => s.model),
  );
  const measured = new Float32Array(slots).fill(1);
  for (let t = 10; t < Math.min(20, slots); t++) measured[t] = 0.5;
  for (let t = 40; t < Math.min(45, slots); t++) measured[t] = 0;
  const assumed = assets.filter((a) => a.basis !== 'measured').length;
  const lowCoverage = assets.filter((a) => a.lowCoverage).length;
  const { upgradedFrom: _v1, ...v2 } = base.plan;
  const plan: PlanDocument = {
    ...v2,
    input: { ...base.plan.input, scenario: 'dc-north', timeZone: 'Europe/Amsterdam' },
    hostModel: { ...base.plan.hostModel, cores: 24, cpuModel: 'Intel Xeon Gold 6338' },
    sizing: {
      profile: 'series',
      percentile: base.plan.input.percentile,
      allowedExceedanceSlots: options.allowedExceedanceSlots ?? 0,
      gaps: 'hold',
      minCoverage: 0.5,
      unmeasuredUtilization: 0.6,
      headroom: { ...HEADROOM },
      allocation: {
        vcpuPerCore: 4,
        memoryOvercommit: 1,
        maxVms: 40,
        limits: { vcpus: 96, memoryGiB: 1024, vms: 40 },
      },
      failover: { k },
      growth: { ratePerYear: 0.1, horizonMonths: 12, factor: 1.1 },
      cpu: {
        table: { version: 'spec2017-2024.2', source: 'SPEC CPU2017 published results' },
        target: rating('Intel Xeon Gold 6338', 10.2, 'table'),
        normalized: assets.length - assumed,
        unrated: assumed,
        sources,
      },
    },
    hosts,
    assets,
    ...(k > 0 ? { failover: failoverOf(hosts, k) } : {}),
    summary: {
      ...base.plan.summary,
      failover: k,
      assumed,
      lowCoverage,
      confidence: 0.62,
      confidenceRating: 'medium',
      warnings: [...(options.warnings ?? [`${assumed} asset(s) are sized at allocation × 60 %`])],
    },
  };
  return { ...base, plan, measured };
}
