import type { AssetCapacity, MetricSeries, ResourceName } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS, KIB_PER_GIB, MIB_PER_GIB, RESOURCE_NAMES } from '@vplan/domain';
import { SeriesBuilder } from '@vplan/workload';
import { mapHeader, parseDecimal, readCsvRecords, type HeaderSpec } from './csv';
import { catchFormatError, FormatError, type FormatResult } from './format-error';
import { compareBytes } from './trace-file';

/** Documentation of one accepted `metric` value (for the README and `--help`). */
export interface WorkloadMetric {
  readonly metric: string;
  readonly resource: ResourceName;
  readonly unit: string;
  readonly meaning: string;
}

/** Metric names of the long workload CSV and what each becomes. */
export const WORKLOAD_METRICS = [
  { metric: 'cpu_mhz', resource: 'cpu', unit: 'MHz', meaning: 'CPU used' },
  { metric: 'cpu_ghz', resource: 'cpu', unit: 'GHz', meaning: 'CPU used (× 1000 → MHz)' },
  {
    metric: 'cpu_pct',
    resource: 'cpu',
    unit: '%',
    meaning: 'CPU used, % of the inventory cpu_mhz (or cores × cpu_ghz)',
  },
  { metric: 'memory_gb', resource: 'memory', unit: 'GiB', meaning: 'Memory used' },
  { metric: 'memory_mb', resource: 'memory', unit: 'MiB', meaning: 'Memory used (÷ 1024 → GiB)' },
  { metric: 'memory_kb', resource: 'memory', unit: 'KiB', meaning: 'Memory used (÷ 1024² → GiB)' },
  {
    metric: 'memory_pct',
    resource: 'memory',
    unit: '%',
    meaning: 'Memory used, % of the inventory memory_gb (or memory_mb)',
  },
  {
    metric: 'disk_iops',
    resource: 'disk',
    unit: 'IOPS',
    meaning: 'Disk I/O operations per second',
  },
  { metric: 'network_mbps', resource: 'network', unit: 'Mbit/s', meaning: 'Network throughput' },
] as const satisfies readonly WorkloadMetric[];

type MetricName = (typeof WORKLOAD_METRICS)[number]['metric'];

/** Aliases of metric names (normalized like headers). */
const METRIC_ALIASES: Readonly<Record<string, MetricName>> = {
  cpu_percent: 'cpu_pct',
  memory_gib: 'memory_gb',
  memory_mib: 'memory_mb',
  memory_kib: 'memory_kb',
  memory_percent: 'memory_pct',
  mem_gb: 'memory_gb',
  mem_mb: 'memory_mb',
  mem_kb: 'memory_kb',
  mem_pct: 'memory_pct',
};

/** Factor from the metric's unit to the resource unit; `undefined` = percent of capacity. */
const FACTOR: Readonly<Record<MetricName, number | undefined>> = {
  cpu_mhz: 1,
  cpu_ghz: 1000,
  cpu_pct: undefined,
  memory_gb: 1,
  memory_mb: 1 / MIB_PER_GIB,
  memory_kb: 1 / KIB_PER_GIB,
  memory_pct: undefined,
  disk_iops: 1,
  network_mbps: 1,
};

type Column = 'timestamp' | 'asset' | 'metric' | 'value';

const HEADER: HeaderSpec<Column> = {
  timestamp: ['timestamp', 'time', 'ts', 'datetime'],
  asset: ['asset', 'asset_id', 'id', 'vm'],
  metric: ['metric'],
  value: ['value'],
};

/** Input of {@link parseWorkloadCsv}. */
export interface WorkloadCsvInput {
  /** File name shown in messages. */
  readonly file: string;
  readonly lines: AsyncIterable<string>;
  /** Provisioned capacity of an asset (from the inventory); needed by `*_pct` metrics. */
  readonly capacityOf?: (assetId: string) => AssetCapacity | undefined;
  /** Grid step in seconds; default 300. */
  readonly stepSeconds?: number;
  /** Field separator; default `,`. */
  readonly separator?: string;
}

/** What a long workload CSV holds. */
export interface WorkloadCsv {
  /** Assets named in the file, sorted in byte order. */
  readonly assetIds: readonly string[];
  /** One series per asset and resource, sorted by asset id then resource. */
  readonly series: readonly MetricSeries[];
  /** Data rows read. */
  readonly rows: number;
}

const ISO =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * Epoch seconds of a workload timestamp: epoch seconds (`1372629804`) or ISO-8601 with a
 * zone (`2013-07-01T00:00:00Z`, `2013-07-01 02:00+02:00`); `NaN` otherwise (a timestamp
 * without a zone is ambiguous and refused).
 */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed);
  const match = ISO.exec(trimmed);
  if (!match) return Number.NaN;
  let zone = (match[3] as string).toUpperCase();
  if (zone !== 'Z')
    zone = zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const time = (match[2] as string).replace(',', '.');
  const date = match[1] as string;
  const ms = Date.parse(`${date}T${time}${zone}`);
  return Number.isNaN(ms) || !isCalendarDate(date) ? Number.NaN : ms / 1000;
}

/** `YYYY-MM-DD` names a real day (`Date.parse` rolls 2024-02-30 over to March). */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

const METRIC_BY_NAME = new Map<string, (typeof WORKLOAD_METRICS)[number]>(
  WORKLOAD_METRICS.map((m) => [m.metric, m]),
);

function metricOf(text: string): (typeof WORKLOAD_METRICS)[number] | undefined {
  const name = text
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
  return METRIC_BY_NAME.get(METRIC_ALIASES[name] ?? name);
}

/**
 * Streams the long workload CSV `timestamp,asset,metric,value` (header required, names
 * case-insensitive, see {@link WORKLOAD_METRICS}) onto the grid: slot
 * `floor(timestamp / step)`, largest sample per slot, `NaN` where no sample. `cpu` ends
 * in MHz and `memory` in GiB. The first bad row fails with `file:row:column`.
 */
export function parseWorkloadCsv(input: WorkloadCsvInput): Promise<FormatResult<WorkloadCsv>> {
  return catchFormatError(() => readWorkloadCsv(input));
}

async function readWorkloadCsv(input: WorkloadCsvInput): Promise<WorkloadCsv> {
  const { file } = input;
  const step = input.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const builders = new Map<string, Map<ResourceName, SeriesBuilder>>();
  let columns: Readonly<Partial<Record<Column, number>>> | undefined;
  let width = 0;
  let rows = 0;
  let lastStamp = '';
  let lastSeconds = Number.NaN;

  for await (const record of readCsvRecords(input.lines, {
    file,
    separator: input.separator ?? ',',
  })) {
    const fail: (column: Column | number, message: string) => never = (column, message) => {
      const at = typeof column === 'number' ? column : (columns?.[column] ?? 0) + 1;
      throw new FormatError({ file, row: record.row, column: at, message });
    };
    if (columns === undefined) {
      columns = mapHeader(file, record, HEADER, ['timestamp', 'asset', 'metric', 'value']).index;
      width = record.fields.length;
      continue;
    }
    const { fields } = record;
    if (fields.length !== width) {
      fail(Math.min(fields.length, width) + 1, `expected ${width} fields, found ${fields.length}`);
    }
    const cell = (column: Column): string => fields[columns?.[column] as number] as string;

    const stamp = cell('timestamp');
    if (stamp !== lastStamp) {
      lastSeconds = parseTimestamp(stamp);
      lastStamp = stamp;
    }
    if (Number.isNaN(lastSeconds)) {
      fail(
        'timestamp',
        `timestamp must be epoch seconds or ISO-8601 with a zone, found "${stamp.trim()}"`,
      );
    }
    const assetId = cell('asset').trim();
    if (assetId === '') fail('asset', 'asset is empty');
    const metric = metricOf(cell('metric'));
    if (metric === undefined) {
      const names = WORKLOAD_METRICS.map((m) => m.metric).join(', ');
      fail('metric', `unknown metric "${cell('metric').trim()}" (expected one of ${names})`);
    }
    const raw = cell('value');
    const value = parseDecimal(raw);
    if (!(value >= 0)) fail('value', `value must be a non-negative number, found "${raw.trim()}"`);

    const factor = FACTOR[metric.metric] ?? percentFactor(metric.metric, assetId, input, fail);
    let perAsset = builders.get(assetId);
    if (!perAsset) builders.set(assetId, (perAsset = new Map()));
    const resource = metric.resource;
    let builder = perAsset.get(resource);
    if (!builder) perAsset.set(resource, (builder = new SeriesBuilder(assetId, resource, step)));
    builder.add(lastSeconds, value * factor);
    rows++;
  }
  if (columns === undefined) {
    throw new FormatError({
      file,
      row: 1,
      column: 1,
      message: 'empty file: expected a header line',
    });
  }
  const assetIds = [...builders.keys()].sort(compareBytes);
  const series: MetricSeries[] = [];
  for (const id of assetIds) {
    const perAsset = builders.get(id) as Map<ResourceName, SeriesBuilder>;
    for (const resource of RESOURCE_NAMES) {
      const builder = perAsset.get(resource);
      if (builder) series.push(builder.build());
    }
  }
  return { assetIds, series, rows };
}

/** Capacity / 100 for a `*_pct` metric, or a located error naming the inventory column. */
function percentFactor(
  metric: MetricName,
  assetId: string,
  input: WorkloadCsvInput,
  fail: (column: Column, message: string) => never,
): number {
  const capacity = input.capacityOf?.(assetId);
  if (metric === 'cpu_pct') {
    const mhz = capacity?.cpuMhz;
    if (mhz === undefined) {
      return fail(
        'metric',
        `cpu_pct needs the CPU capacity of asset "${assetId}": give it cpu_mhz (or cores and cpu_ghz) in the inventory`,
      );
    }
    return mhz / 100;
  }
  const gib = capacity?.memoryGiB;
  if (gib === undefined) {
    return fail(
      'metric',
      `memory_pct needs the memory capacity of asset "${assetId}": give it memory_gb (or memory_mb) in the inventory`,
    );
  }
  return gib / 100;
}
