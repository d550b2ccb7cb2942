import type { Asset, AssetCapacity, MetricSeries } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS, KIB_PER_GIB, makeAsset } from '@vplan/domain';
import { SeriesBuilder } from '@vplan/workload';
import { mapHeader, type HeaderSpec } from './csv';
import { catchFormatError, FormatError, type FormatResult } from './format-error';
import { traceAssetId } from './trace-file';

/** Options of {@link parseBitbrains}. */
export interface BitbrainsOptions {
  /** Asset id; default: the file name without `.csv` / `.csv.gz` (see `traceAssetId`). */
  readonly assetId?: string;
  /** Grid step in seconds; default 300 (the trace's nominal sampling interval). */
  readonly stepSeconds?: number;
}

/** One Bitbrains VM: its asset (with provisioned capacity) and its demand series. */
export interface BitbrainsTrace {
  /** `capacity` = the largest provisioned values seen (cpuMhz, cores, memoryGiB). */
  readonly asset: Asset;
  /** `cpu` (MHz) and `memory` (GiB) on the grid; empty when the file has no data rows. */
  readonly series: readonly MetricSeries[];
  /** Data rows read. */
  readonly rows: number;
  /** Rows with zero provisioned CPU and memory (VM powered off or not reporting). */
  readonly poweredOffRows: number;
}

type Column = 'timestamp' | 'cores' | 'cpuCapacity' | 'cpuUsage' | 'memoryCapacity' | 'memoryUsage';

/** Header names (normalized) of the GWA-T-12 columns vplan reads; others are ignored. */
const HEADER: HeaderSpec<Column> = {
  // The header says [ms] but the values are epoch seconds (dataset README).
  timestamp: ['timestamp_[ms]', 'timestamp_[s]', 'timestamp'],
  cores: ['cpu_cores'],
  cpuCapacity: ['cpu_capacity_provisioned_[mhz]'],
  cpuUsage: ['cpu_usage_[mhz]'],
  memoryCapacity: ['memory_capacity_provisioned_[kb]'],
  memoryUsage: ['memory_usage_[kb]'],
};
const COLUMNS: readonly Column[] = Object.keys(HEADER) as Column[];
const REQUIRED: readonly Column[] = ['timestamp', 'cpuUsage', 'memoryUsage'];
const SEPARATOR = ';';

// Module constants, not globals: a global lookup is slow inside a vm context (jest), and
// these run ~12 million times on the Bitbrains set.
const toNumber = Number;
const isFiniteNumber = Number.isFinite;
const NOT_A_NUMBER = Number.NaN;
const TAB = 9;
const CR = 13;
const SPACE = 32;

/**
 * Parses field `[start, end)` of `line` as a plain decimal, tolerating the TAB after the
 * separator and spaces; `NaN` when empty or not a number.
 */
function numberAt(line: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e) {
    const c = line.charCodeAt(s);
    if (c !== TAB && c !== SPACE) break;
    s++;
  }
  while (e > s) {
    const c = line.charCodeAt(e - 1);
    if (c !== TAB && c !== SPACE && c !== CR) break;
    e--;
  }
  if (s === e) return NOT_A_NUMBER;
  const first = line.charCodeAt(s);
  // Number() also reads hex, binary, octal and "Infinity": let only decimal text through.
  if (first > 57 || (first < 48 && first !== 45 && first !== 43 && first !== 46)) {
    return NOT_A_NUMBER;
  }
  const second = line.charCodeAt(s + 1) | 32;
  if (first === 48 && second > 97 && second !== 101) return NOT_A_NUMBER;
  const value = toNumber(line.slice(s, e));
  return isFiniteNumber(value) ? value : NOT_A_NUMBER;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== TAB && c !== SPACE && c !== CR) return false;
  }
  return true;
}

function describe(column: Column, header: readonly string[], index: number): string {
  return header[index]?.trim() || column;
}

/**
 * Parses one Bitbrains GWA-T-12 VM file (`;`+TAB separated, header line). Demand is
 * `CPU usage [MHZ]` (→ `cpu`, MHz) and `Memory usage [KB]` (KiB → `memory`, GiB),
 * aligned on the grid by `floor(timestamp / step)` with the largest sample per slot;
 * slots with no sample stay `NaN`. The `Timestamp [ms]` column holds epoch **seconds**.
 * Columns are found by header name. The first bad row (wrong field count, a missing,
 * non-numeric or negative value) fails the parse with `file:row:column`.
 *
 * @param file the name shown in messages and, by default, the source of the asset id.
 * @param lines the file's lines, already decompressed, without line breaks.
 */
export function parseBitbrains(
  file: string,
  lines: AsyncIterable<string>,
  options: BitbrainsOptions = {},
): Promise<FormatResult<BitbrainsTrace>> {
  return catchFormatError(() => readBitbrains(file, lines, options));
}

async function readBitbrains(
  file: string,
  lines: AsyncIterable<string>,
  options: BitbrainsOptions,
): Promise<BitbrainsTrace> {
  const assetId = options.assetId ?? traceAssetId(file);
  const step = options.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const kibPerGib = KIB_PER_GIB; // read once: an import is a getter call per access
  const cpu = new SeriesBuilder(assetId, 'cpu', step);
  const memory = new SeriesBuilder(assetId, 'memory', step);

  let row = 0;
  let header: string[] | undefined;
  // want[field] = position in COLUMNS of the value that field holds, or -1.
  let want = new Int8Array(0);
  const values = new Float64Array(COLUMNS.length);
  let expected = 0;
  let rows = 0;
  let poweredOff = 0;
  let maxCores = 0;
  let maxCpuMhz = 0;
  let maxMemoryKiB = 0;
  let hasCapacity = false;
  const fail = (column: number, message: string): never => {
    throw new FormatError({ file, row, column, message });
  };

  for await (const line of lines) {
    row++;
    if (isBlank(line)) continue;
    if (header === undefined) {
      header = line.split(SEPARATOR);
      const map = mapHeader(file, { row, fields: header }, HEADER, REQUIRED);
      expected = header.length;
      want = new Int8Array(expected).fill(-1);
      COLUMNS.forEach((column, k) => {
        const index = map.index[column];
        if (index !== undefined) want[index] = k;
      });
      values.fill(0);
      hasCapacity = map.index.cpuCapacity !== undefined || map.index.memoryCapacity !== undefined;
      continue;
    }

    let start = 0;
    let field = 0;
    for (;;) {
      const end = line.indexOf(SEPARATOR, start);
      const stop = end < 0 ? line.length : end;
      if (field >= expected) {
        fail(expected + 1, `expected ${expected} fields, found more`);
      }
      const k = want[field] as number;
      if (k >= 0) {
        const value = numberAt(line, start, stop);
        if (!(value >= 0)) {
          const name = describe(COLUMNS[k] as Column, header, field);
          const text = line.slice(start, stop).trim();
          fail(
            field + 1,
            text === ''
              ? `"${name}" is empty`
              : `"${name}" is not a non-negative number: "${text}"`,
          );
        }
        values[k] = value;
      }
      field++;
      if (end < 0) break;
      start = end + 1;
    }
    if (field !== expected) {
      fail(field + 1, `expected ${expected} fields, found ${field}`);
    }

    // Indices follow COLUMNS: timestamp, cores, cpuCapacity, cpuUsage, memoryCapacity, memoryUsage.
    const timestamp = values[0] as number;
    const cores = values[1] as number;
    const cpuCapacity = values[2] as number;
    const memoryCapacity = values[4] as number;
    cpu.add(timestamp, values[3] as number);
    memory.add(timestamp, (values[5] as number) / kibPerGib);
    if (cores > maxCores) maxCores = cores;
    if (cpuCapacity > maxCpuMhz) maxCpuMhz = cpuCapacity;
    if (memoryCapacity > maxMemoryKiB) maxMemoryKiB = memoryCapacity;
    if (hasCapacity && cpuCapacity === 0 && memoryCapacity === 0) poweredOff++;
    rows++;
  }

  if (header === undefined) {
    throw new FormatError({
      file,
      row: 1,
      column: 1,
      message: 'empty file: expected a header line',
    });
  }
  const capacity: { -readonly [K in keyof AssetCapacity]: AssetCapacity[K] } = {};
  // Zero means "never reported" (powered off all along), not a zero-sized VM.
  if (maxCpuMhz > 0) capacity.cpuMhz = maxCpuMhz;
  if (maxCores > 0) capacity.cores = maxCores;
  if (maxMemoryKiB > 0) capacity.memoryGiB = maxMemoryKiB / KIB_PER_GIB;
  return {
    asset: makeAsset(assetId, { capacity }),
    series: rows > 0 ? [cpu.build(), memory.build()] : [],
    rows,
    poweredOffRows: poweredOff,
  };
}
