import { memoryUsedGiBOf, parseMeminfo } from './ssh-outputs';

/** One reading of `/proc/stat` and `/proc/meminfo` (`cat /proc/stat /proc/meminfo`). */
export interface UsageReading {
  readonly at: Date;
  /** Jiffies of the `cpu` line: busy (all but idle and iowait) and total. */
  readonly cpuBusy?: number;
  readonly cpuTotal?: number;
  /** `cpuN` lines: logical CPUs. */
  readonly cpus: number;
  readonly memoryUsedGiB?: number;
}

export interface UsageSample {
  readonly metric: 'cpu' | 'memory';
  /** ISO 8601 instant the value holds for (a CPU value: the end of its interval). */
  readonly at: string;
  /** cpu: MHz in use; memory: GiB in use. */
  readonly value: number;
}

/** Reads the `cpu` line of /proc/stat and the meminfo lines out of one output. */
export function readUsage(text: string, at: Date): UsageReading {
  let cpuBusy: number | undefined;
  let cpuTotal: number | undefined;
  let cpus = 0;
  for (const line of text.split(/\r?\n/)) {
    if (/^cpu\d+\s/.test(line)) cpus += 1;
    if (!/^cpu\s/.test(line)) continue;
    // user nice system idle iowait irq softirq steal (guest is counted in user already)
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 4 || ticks.some((t) => !Number.isFinite(t))) continue;
    const total = ticks.reduce((a, b) => a + b, 0);
    cpuTotal = total;
    cpuBusy = total - (ticks[3] ?? 0) - (ticks[4] ?? 0);
  }
  const memoryUsedGiB = memoryUsedGiBOf(parseMeminfo(text));
  return {
    at,
    cpus,
    ...(cpuBusy !== undefined && cpuTotal !== undefined ? { cpuBusy, cpuTotal } : {}),
    ...(memoryUsedGiB !== undefined ? { memoryUsedGiB } : {}),
  };
}

/** Share of CPU time busy between two readings (0–1), undefined when it cannot be told. */
export function busyShare(first: UsageReading, last: UsageReading): number | undefined {
  if (
    first.cpuBusy === undefined ||
    first.cpuTotal === undefined ||
    last.cpuBusy === undefined ||
    last.cpuTotal === undefined
  )
    return undefined;
  const total = last.cpuTotal - first.cpuTotal;
  if (total <= 0) return undefined;
  return Math.min(1, Math.max(0, (last.cpuBusy - first.cpuBusy) / total));
}

/**
 * Samples from two readings: CPU in use (busy share × cores × MHz, at the second reading)
 * when the capacity is known, and memory in use at each reading.
 */
export function usageSamples(
  first: UsageReading,
  last: UsageReading,
  capacity: { readonly cores?: number; readonly cpuMhz?: number },
): UsageSample[] {
  const samples: UsageSample[] = [];
  const share = busyShare(first, last);
  const cores = capacity.cores ?? (last.cpus > 0 ? last.cpus : undefined);
  if (share !== undefined && cores !== undefined && capacity.cpuMhz !== undefined) {
    samples.push({
      metric: 'cpu',
      at: last.at.toISOString(),
      value: round(share * cores * capacity.cpuMhz),
    });
  }
  for (const reading of [first, last]) {
    if (reading.memoryUsedGiB !== undefined) {
      samples.push({
        metric: 'memory',
        at: reading.at.toISOString(),
        value: round(reading.memoryUsedGiB),
      });
    }
  }
  return samples;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
