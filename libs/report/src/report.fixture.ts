import type { ResourceName } from '@vplan/domain';
import type { PlanDocument, PlanHost, UnplacedAsset } from '@vplan/formats';

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
  const plan: PlanDocument = {
    schemaVersion: 1,
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
