import type { Asset, Estate, MetricSeries } from '@vplan/domain';
import { IANAZone } from 'luxon';
import { SITES } from './catalog';

/** The cpu and memory series of each asset of a generated estate, by asset id. */
export function seriesByAsset(
  estate: Estate,
): Map<string, { readonly cpu: MetricSeries; readonly memory: MetricSeries }> {
  const cpu = new Map<string, MetricSeries>();
  const memory = new Map<string, MetricSeries>();
  for (const s of estate.series) (s.metric === 'cpu' ? cpu : memory).set(s.assetId, s);
  const out = new Map<string, { cpu: MetricSeries; memory: MetricSeries }>();
  for (const a of estate.assets) {
    const c = cpu.get(a.id);
    const m = memory.get(a.id);
    if (c === undefined || m === undefined) throw new Error(`no series for ${a.id}`);
    out.set(a.id, { cpu: c, memory: m });
  }
  return out;
}

/**
 * Local hour of day (0–23) and day of week (0 = Monday) of slot `i` at the asset's site,
 * in the site's IANA zone (daylight saving included).
 */
export function localTime(
  asset: Asset,
  series: MetricSeries,
  i: number,
): { hour: number; dayOfWeek: number } {
  const zone = IANAZone.create(SITES.find((s) => s.code === asset.site)?.timeZone ?? 'UTC');
  const utc = (series.start + i) * series.stepSeconds;
  const seconds = utc + zone.offset(utc * 1000) * 60;
  const hours = Math.floor(seconds / 3600);
  return { hour: hours % 24, dayOfWeek: (Math.floor(hours / 24) + 3) % 7 };
}

/** Mean of the values at the slots that `keep` selects. */
export function meanWhere(series: MetricSeries, keep: (i: number) => boolean): number {
  let sum = 0;
  let n = 0;
  series.values.forEach((v, i) => {
    if (keep(i)) {
      sum += v;
      n++;
    }
  });
  return n === 0 ? Number.NaN : sum / n;
}

export function mean(values: Float32Array): number {
  return meanWhere({ values } as MetricSeries, () => true);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
