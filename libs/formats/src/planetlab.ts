import type { MetricSeries } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS, MIB_PER_GIB } from '@vplan/domain';
import { SeriesBuilder } from '@vplan/workload';
import { catchFormatError, FormatError, type FormatResult } from './format-error';
import { compareBytes, traceAssetId } from './trace-file';

/** One PlanetLab/CoMon VM trace: CPU utilization in percent, one value per 5 minutes. */
export interface PlanetLabTrace {
  /** The file name (spaces included). */
  readonly assetId: string;
  /** `percent[i]` = CPU utilization (0..100, % of the VM's own capacity) in slot `i`. */
  readonly percent: Uint8Array;
}

/** A CloudSim VM type: the size given to a PlanetLab trace that has no size of its own. */
export interface PlanetLabVmType {
  /** 0..3, CloudSim's `vmType`. */
  readonly type: number;
  /** CloudSim MIPS, read as MHz. */
  readonly cpuMhz: number;
  /** CloudSim RAM (MB, read as MiB) in GiB. */
  readonly memoryGiB: number;
}

/** The size a trace is replayed against: its 100 % CPU (MHz) and its memory (GiB). */
export interface PlanetLabSize {
  readonly cpuMhz: number;
  readonly memoryGiB: number;
}

/** CloudSim 3.0.3 power examples, `Constants.VM_MIPS` and `Constants.VM_RAM` (MB). */
const VM_MIPS = [2500, 2000, 1000, 500] as const;
const VM_RAM_MB = [870, 1740, 1740, 613] as const;

/** The four CloudSim VM types, in CloudSim's order. */
export const PLANETLAB_VM_TYPES: readonly PlanetLabVmType[] = VM_MIPS.map((mips, type) => ({
  type,
  cpuMhz: mips,
  memoryGiB: (VM_RAM_MB[type] as number) / MIB_PER_GIB,
}));

/** Seconds between two lines of a PlanetLab file. */
export const PLANETLAB_INTERVAL_SECONDS = 300;

/**
 * Parses one PlanetLab/CoMon file: one integer CPU percentage (0..100) per line, nominally
 * 288 lines (24 h × 12). Blank lines are not allowed (each line is a time slot); a
 * non-integer or out-of-range value fails with `file:row:1`.
 *
 * @param file the name shown in messages and the asset id (the base name, kept verbatim).
 */
export function parsePlanetLab(
  file: string,
  lines: AsyncIterable<string>,
): Promise<FormatResult<PlanetLabTrace>> {
  return catchFormatError(async () => {
    const values: number[] = [];
    let row = 0;
    for await (const line of lines) {
      row++;
      const text = line.trim();
      if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
        const what = text === '' ? 'an empty line' : `"${text}"`;
        throw new FormatError({
          file,
          row,
          column: 1,
          message: `expected an integer CPU percentage 0..100, found ${what}`,
        });
      }
      values.push(Number(text));
    }
    if (values.length === 0) {
      throw new FormatError({
        file,
        row: 1,
        column: 1,
        message: 'empty file: expected CPU percentages',
      });
    }
    return { assetId: traceAssetId(file), percent: Uint8Array.from(values) };
  });
}

/**
 * CloudSim 3.0.3's default sizing of PlanetLab VMs (`Helper.createVmList`): over the
 * names sorted in byte order, VM `i` of `n` gets type `floor(i / ceil(n / 4))`, types
 * being (MIPS, RAM MB) = (2500, 870), (2000, 1740), (1000, 1740), (500, 613).
 *
 * @returns the type of each name (duplicates are sized once, at their first position).
 */
export function planetLabVmTypes(names: readonly string[]): Map<string, PlanetLabVmType> {
  const sorted = [...new Set(names)].sort(compareBytes);
  const perType = Math.ceil(sorted.length / PLANETLAB_VM_TYPES.length);
  const types = new Map<string, PlanetLabVmType>();
  sorted.forEach((name, i) => {
    types.set(name, PLANETLAB_VM_TYPES[Math.floor(i / perType)] as PlanetLabVmType);
  });
  return types;
}

/**
 * Epoch seconds of slot 0 for a PlanetLab day folder: midnight UTC of the date when the
 * folder is named `YYYYMMDD` (e.g. `20110303`), else 0 (1970-01-01, a Thursday — the
 * files do not record when they were taken).
 */
export function planetLabOrigin(directoryName: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(directoryName);
  if (!match) return 0;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  const valid = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? ms / 1000 : 0;
}

/** Options of {@link planetLabSeries}. */
export interface PlanetLabSeriesOptions {
  /** Epoch seconds of slot 0 (see {@link planetLabOrigin}); default 0. */
  readonly originSeconds?: number;
  /** Grid step in seconds; default 300. Lines are always 300 s apart. */
  readonly stepSeconds?: number;
}

/**
 * Turns a trace into demand series for a VM of the given size: line `i` is the instant
 * `origin + i × 300 s`; `cpu` (MHz) = percent × `size.cpuMhz` / 100, `memory` (GiB) =
 * `size.memoryGiB` in every slot with a sample (PlanetLab records no memory use).
 */
export function planetLabSeries(
  trace: PlanetLabTrace,
  size: PlanetLabSize,
  options: PlanetLabSeriesOptions = {},
): MetricSeries[] {
  const step = options.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const origin = options.originSeconds ?? 0;
  const cpu = new SeriesBuilder(trace.assetId, 'cpu', step);
  const memory = new SeriesBuilder(trace.assetId, 'memory', step);
  trace.percent.forEach((percent, i) => {
    const at = origin + i * PLANETLAB_INTERVAL_SECONDS;
    cpu.add(at, (percent * size.cpuMhz) / 100);
    memory.add(at, size.memoryGiB);
  });
  return [cpu.build(), memory.build()];
}
