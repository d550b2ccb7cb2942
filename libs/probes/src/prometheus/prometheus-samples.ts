import type { HostFacts } from '../host-facts';
import type { PromSeries } from './prometheus-api';

/** One usage value of one instance on the step grid. */
export interface PrometheusSample {
  /** The `instance` label (= `source.target` of its facts). */
  readonly instance: string;
  readonly metric: 'cpu' | 'memory';
  /** ISO 8601 instant; a CPU value is the average over the rate window ending here. */
  readonly at: string;
  /** cpu: MHz in use (`MHz`) or, when the clock is unknown, the busy share 0–1 (`share`); memory: GiB in use. */
  readonly value: number;
  readonly unit: 'MHz' | 'share' | 'GiB';
}

/**
 * PromQL of the usage series over the label matchers `sel`: the busy share of all CPUs
 * (idle and iowait count as idle, as the SSH probe counts them) as a rate over `window` s,
 * and memory in use (MemTotal − MemAvailable) in bytes.
 */
export function usageQueries(sel: string, windowSeconds: number): { cpu: string; memory: string } {
  const m = (extra: string): string => `{${[extra, sel].filter((s) => s !== '').join(',')}}`;
  const w = `${Math.ceil(windowSeconds)}s`;
  return {
    cpu:
      `1 - sum by (instance) (rate(node_cpu_seconds_total${m('mode=~"idle|iowait"')}[${w}]))` +
      ` / count by (instance) (node_cpu_seconds_total${m('mode="idle"')})`,
    memory: `node_memory_MemTotal_bytes${m('')} - node_memory_MemAvailable_bytes${m('')}`,
  };
}

/**
 * Samples of the two matrices: the CPU share times (cores, else threads) × MHz of the
 * instance's facts when both are known, else the share itself; memory in GiB. NaN and
 * infinite points are dropped, shares clamped to 0–1.
 */
export function samplesOf(
  cpu: readonly PromSeries[],
  memory: readonly PromSeries[],
  facts: readonly HostFacts[],
): PrometheusSample[] {
  const capacity = new Map(
    facts.map((f) => {
      const count = f.hardware.cores ?? f.hardware.threads;
      const mhz = f.hardware.cpuMhz;
      return [f.source.target, count !== undefined && mhz !== undefined ? count * mhz : undefined];
    }),
  );
  const out: PrometheusSample[] = [];
  for (const series of cpu) {
    const instance = series.metric.instance;
    if (instance === undefined) continue;
    const total = capacity.get(instance);
    for (const [at, share] of points(series)) {
      const clamped = Math.min(1, Math.max(0, share));
      out.push(
        total === undefined
          ? { instance, metric: 'cpu', at, value: round(clamped, 6), unit: 'share' }
          : { instance, metric: 'cpu', at, value: round(clamped * total, 3), unit: 'MHz' },
      );
    }
  }
  for (const series of memory) {
    const instance = series.metric.instance;
    if (instance === undefined) continue;
    for (const [at, bytes] of points(series)) {
      if (bytes < 0) continue;
      out.push({ instance, metric: 'memory', at, value: round(bytes / 2 ** 30, 3), unit: 'GiB' });
    }
  }
  return out;
}

function points(series: PromSeries): [string, number][] {
  return (series.values ?? []).flatMap(([seconds, text]) => {
    const value = Number(text);
    return Number.isFinite(value) ? [[new Date(seconds * 1000).toISOString(), value]] : [];
  });
}

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
