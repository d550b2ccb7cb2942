// Trace files in the public data sets' formats (Bitbrains, PlanetLab), written from an
// estate the project generates itself (@vplan/simulation), so that specs exercise the
// real readers and uploads without the data sets.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Asset, Estate, MetricSeries } from '@vplan/domain';

const KIB_PER_GIB = 1024 * 1024;

/** The header of a Bitbrains (GWA-T-12) file: 11 columns separated by `;\t`. */
export const BITBRAINS_HEADER = [
  'Timestamp [ms]',
  'CPU cores',
  'CPU capacity provisioned [MHZ]',
  'CPU usage [MHZ]',
  'CPU usage [%]',
  'Memory capacity provisioned [KB]',
  'Memory usage [KB]',
  'Disk read throughput [KB/s]',
  'Disk write throughput [KB/s]',
  'Network received throughput [KB/s]',
  'Network transmitted throughput [KB/s]',
].join(';\t');

export interface TraceFileOptions {
  /** Time slots written per asset, from the first; default every slot of the series. */
  readonly slots?: number;
}

export interface BitbrainsFileOptions extends TraceFileOptions {
  /** Gzip the files (`<id>.csv.gz`, as in the data set) or not (`<id>.csv`); default true. */
  readonly gzip?: boolean;
}

function seriesOf(estate: Estate, id: string, metric: 'cpu' | 'memory'): MetricSeries {
  const found = estate.series.find((s) => s.assetId === id && s.metric === metric);
  if (!found) throw new Error(`asset ${id} has no ${metric} series`);
  return found;
}

/**
 * One asset as a Bitbrains file: a row per slot, the timestamp (epoch seconds, as the data
 * set has them despite the header) a few seconds into the slot, CPU in MHz, memory in KiB.
 * Values round-trip exactly through `parseBitbrains` (Float32 in, Float32 out).
 */
export function bitbrainsText(
  asset: Asset,
  estate: Estate,
  options: TraceFileOptions = {},
): string {
  const cpu = seriesOf(estate, asset.id, 'cpu');
  const memory = seriesOf(estate, asset.id, 'memory');
  const cores = asset.capacity.cores ?? 1;
  const cpuMhz = asset.capacity.cpuMhz ?? 0;
  const memoryKiB = (asset.capacity.memoryGiB ?? 0) * KIB_PER_GIB;
  const slots = Math.min(options.slots ?? cpu.values.length, cpu.values.length);
  const lines = [BITBRAINS_HEADER];
  for (let i = 0; i < slots; i++) {
    const mhz = cpu.values[i]!;
    const gib = memory.values[i + cpu.start - memory.start];
    if (Number.isNaN(mhz) || gib === undefined || Number.isNaN(gib)) continue;
    const ts = (cpu.start + i) * cpu.stepSeconds + ((i * 7) % 5) * 13;
    const pct = cpuMhz > 0 ? (mhz / cpuMhz) * 100 : 0;
    lines.push([ts, cores, cpuMhz, mhz, pct, memoryKiB, gib * KIB_PER_GIB, 0, 0, 0, 0].join(';\t'));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes every asset of `estate` as a Bitbrains file named after its id into `dir`
 * (created if needed). Returns the files' paths in asset order.
 */
export function writeBitbrainsTraces(
  dir: string,
  estate: Estate,
  options: BitbrainsFileOptions = {},
): string[] {
  mkdirSync(dir, { recursive: true });
  const gzip = options.gzip ?? true;
  return estate.assets.map((asset) => {
    const text = bitbrainsText(asset, estate, options);
    const file = path.join(dir, `${asset.id}.csv${gzip ? '.gz' : ''}`);
    writeFileSync(file, gzip ? gzipSync(text) : text);
    return file;
  });
}

/**
 * One asset as a PlanetLab file: a line per slot with the CPU use as an integer percentage
 * (0..100) of the asset's CPU capacity. Default 288 slots: one day of 5 minutes.
 */
export function planetLabText(
  asset: Asset,
  estate: Estate,
  options: TraceFileOptions = {},
): string {
  const cpu = seriesOf(estate, asset.id, 'cpu');
  const capacity = asset.capacity.cpuMhz ?? 0;
  const slots = Math.min(options.slots ?? 288, cpu.values.length);
  const lines: string[] = [];
  for (let i = 0; i < slots; i++) {
    const pct = capacity > 0 ? Math.round((cpu.values[i]! / capacity) * 100) : 0;
    lines.push(String(Math.min(100, Math.max(0, Number.isNaN(pct) ? 0 : pct))));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes every asset of `estate` as a PlanetLab file named after its id into `dir` (name
 * it `YYYYMMDD` to date the traces). Returns the files' paths in asset order.
 */
export function writePlanetLabTraces(
  dir: string,
  estate: Estate,
  options: TraceFileOptions = {},
): string[] {
  mkdirSync(dir, { recursive: true });
  return estate.assets.map((asset) => {
    const file = path.join(dir, asset.id);
    writeFileSync(file, planetLabText(asset, estate, options));
    return file;
  });
}

/**
 * The first `count` assets of `estate` that `keep` accepts, with their series only (an
 * estate of VM-sized servers from a generated one, say). Fewer when fewer are accepted.
 */
export function pickAssets(
  estate: Estate,
  count: number,
  keep: (asset: Asset) => boolean = () => true,
): Estate {
  const assets = estate.assets.filter(keep).slice(0, count);
  const ids = new Set(assets.map((a) => a.id));
  return { assets, series: estate.series.filter((s) => ids.has(s.assetId)) };
}
