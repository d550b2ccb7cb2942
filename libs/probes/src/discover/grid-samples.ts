import type { UsageSample } from '../ssh/ssh-sample';

/** The workload grid: samples are published one per asset, metric and 5-minute slot. */
export const GRID_SECONDS = 300;

/** Metric names of the long workload CSV and of the ingest contract. */
export type GridMetric = 'cpu_mhz' | 'cpu_pct' | 'memory_gb';

/** One value of one metric for one grid slot (`at`: the slot's start, epoch seconds). */
export interface GridSample {
  readonly metric: GridMetric;
  readonly at: number;
  readonly value: number;
}

/** A probe's reading: MHz or GiB, or a busy share 0–1 of the CPU (`unit: 'share'`). */
export type ProbeReading = UsageSample & { readonly unit?: string };

function metricOf(r: ProbeReading): GridMetric {
  if (r.metric === 'memory') return 'memory_gb';
  return r.unit === 'share' ? 'cpu_pct' : 'cpu_mhz';
}

/**
 * Readings on the 5-minute grid: the mean of each metric's readings in each slot (a slot
 * holds the readings with `slot·300 ≤ t < (slot+1)·300`), `cpu_pct` in percent, in slot
 * then metric order. Readings with a time that does not parse or a negative or non-finite
 * value are left out.
 */
export function gridSamples(
  readings: readonly ProbeReading[],
  stepSeconds = GRID_SECONDS,
): GridSample[] {
  const sums = new Map<string, { metric: GridMetric; at: number; sum: number; n: number }>();
  for (const r of readings) {
    const ms = Date.parse(r.at);
    if (!Number.isFinite(ms) || !Number.isFinite(r.value) || r.value < 0) continue;
    const metric = metricOf(r);
    const at = Math.floor(ms / 1000 / stepSeconds) * stepSeconds;
    const key = `${at}\u0000${metric}`;
    const value = metric === 'cpu_pct' ? r.value * 100 : r.value;
    const cell = sums.get(key);
    if (cell) {
      cell.sum += value;
      cell.n += 1;
    } else sums.set(key, { metric, at, sum: value, n: 1 });
  }
  return [...sums.values()]
    .sort((a, b) => a.at - b.at || a.metric.localeCompare(b.metric))
    .map((c) => ({ metric: c.metric, at: c.at, value: Math.round((c.sum / c.n) * 1000) / 1000 }));
}
