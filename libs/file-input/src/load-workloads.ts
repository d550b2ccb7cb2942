import type { Asset, AssetCapacity, Estate, MetricSeries } from '@vplan/domain';
import {
  parseBitbrains,
  parsePlanetLab,
  parseWorkloadCsv,
  planetLabOrigin,
  planetLabSeries,
  planetLabVmTypes,
  traceAssetId,
  unwrapFormatResult,
  type PlanetLabVmType,
} from '@vplan/formats';
import { SeriesBuilder, joinEstate, type TraceAsset } from '@vplan/workload';
import { InputError } from './input-error';
import { readLines } from './read-lines';
import { datingFolder, listTraceFiles, mapInOrder, type WorkloadFormat } from './trace-files';

export { WORKLOAD_FORMATS, type WorkloadFormat } from './trace-files';

/** Options of {@link loadWorkloads}. */
export interface LoadWorkloadsOptions {
  /** A trace directory (one file per VM, or several long CSVs) or a single trace file. */
  readonly path: string;
  readonly format: WorkloadFormat;
  /** Inventory assets; joined to traces by `id`. */
  readonly inventory?: readonly Asset[];
  /** Called after each file is read: files done, files in all, the file just read. */
  readonly onProgress?: (done: number, total: number, file: string) => void;
  /** Grid step in seconds; default 300. */
  readonly stepSeconds?: number;
  /** Files read at once; default 2 (more does not help: parsing is CPU-bound). */
  readonly concurrency?: number;
}

/** What was loaded: the estate and where it came from. */
export interface LoadedWorkloads {
  readonly estate: Estate;
  /** `path` as given. */
  readonly source: string;
  readonly format: WorkloadFormat;
  /** Trace files read. */
  readonly files: number;
}

/** A trace file's contribution before the join with the inventory. */
interface TraceFile extends TraceAsset {
  readonly file: string;
}

/**
 * Reads workload traces into an estate. Assets: the inventory's, in its order (those
 * without a trace keep no series), then assets found only in traces, in file order
 * (with the trace's capacity). Where both give a capacity value, the inventory wins.
 * PlanetLab traces are sized from the inventory (`cpu_mhz`, memory) and otherwise by
 * CloudSim's VM types over all the files read. Throws `InputError` (path problems) or
 * `FormatError` (`file:row:column: …`, the first bad file in name order).
 */
export async function loadWorkloads(options: LoadWorkloadsOptions): Promise<LoadedWorkloads> {
  const { path, format } = options;
  const listing = await listTraceFiles(path, format);
  if (format !== 'csv') checkOneFilePerAsset(path, listing.files);
  const inventory = new Map<string, Asset>();
  for (const asset of options.inventory ?? []) inventory.set(asset.id, asset);

  let done = 0;
  const progress = (file: string): void => {
    done++;
    options.onProgress?.(done, listing.files.length, file);
  };
  const read = async <T>(parse: (file: string) => Promise<T>): Promise<T[]> =>
    mapInOrder(listing.files, options.concurrency ?? 2, async (file) => {
      const value = await parse(file);
      progress(file);
      return value;
    });

  const step = options.stepSeconds;
  let traces: TraceFile[];
  if (format === 'bitbrains') {
    traces = await read(async (file) => {
      const trace = unwrapFormatResult(
        await parseBitbrains(file, readLines(file), { stepSeconds: step }),
      );
      return { file, id: trace.asset.id, capacity: trace.asset.capacity, series: trace.series };
    });
  } else if (format === 'planetlab') {
    const parsed = await read(async (file) =>
      unwrapFormatResult(await parsePlanetLab(file, readLines(file))),
    );
    const types = planetLabVmTypes(parsed.map((trace) => trace.assetId));
    const originSeconds = planetLabOrigin(datingFolder(path, listing.directory));
    traces = parsed.map((trace, i) => {
      const type = types.get(trace.assetId) as PlanetLabVmType;
      const known = inventory.get(trace.assetId)?.capacity;
      const size = {
        cpuMhz: known?.cpuMhz ?? type.cpuMhz,
        memoryGiB: known?.memoryGiB ?? type.memoryGiB,
      };
      return {
        file: listing.files[i] as string,
        id: trace.assetId,
        // CloudSim's VMs have one core; a CPU size from the inventory says nothing of cores.
        capacity: known?.cpuMhz === undefined ? { ...size, cores: 1 } : size,
        series: planetLabSeries(trace, size, { originSeconds, stepSeconds: step }),
      };
    });
  } else {
    const capacityOf = (id: string): AssetCapacity | undefined => inventory.get(id)?.capacity;
    const files = await read(async (file) => {
      const csv = unwrapFormatResult(
        await parseWorkloadCsv({ file, lines: readLines(file), capacityOf, stepSeconds: step }),
      );
      return { file, csv };
    });
    traces = csvTraces(files.map(({ file, csv }) => ({ file, series: csv.series })));
  }
  return { estate: joinEstate(traces, options.inventory ?? []), source: path, format, files: done };
}

/** Groups long-CSV series by asset across files, merging an asset's series per metric. */
function csvTraces(
  files: readonly { file: string; series: readonly MetricSeries[] }[],
): TraceFile[] {
  const byAsset = new Map<string, { file: string; series: MetricSeries[] }>();
  for (const { file, series } of files) {
    for (const one of series) {
      let entry = byAsset.get(one.assetId);
      if (!entry) byAsset.set(one.assetId, (entry = { file, series: [] }));
      const same = entry.series.findIndex((s) => s.metric === one.metric);
      if (same < 0) entry.series.push(one);
      else entry.series[same] = mergeSeries(entry.series[same] as MetricSeries, one);
    }
  }
  return [...byAsset].map(([id, { file, series }]) => ({ file, id, capacity: {}, series }));
}

/** One series from two of the same asset and metric: the larger value where both have one. */
function mergeSeries(a: MetricSeries, b: MetricSeries): MetricSeries {
  const builder = new SeriesBuilder(a.assetId, a.metric, a.stepSeconds);
  for (const s of [a, b]) {
    s.values.forEach((value, i) => {
      if (!Number.isNaN(value)) builder.add((s.start + i) * s.stepSeconds, value);
    });
  }
  return builder.build();
}

/** Per-VM formats: `1.csv` and `1.csv.gz` side by side would be one asset twice. */
function checkOneFilePerAsset(path: string, files: readonly string[]): void {
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const id = traceAssetId(file);
    const other = fileOf.get(id);
    if (other !== undefined) {
      throw new InputError(path, `two trace files for asset "${id}": ${other}, ${file}`);
    }
    fileOf.set(id, file);
  }
}
