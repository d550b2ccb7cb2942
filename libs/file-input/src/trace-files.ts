import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { compareBytes } from '@vplan/formats';
import { InputError, toInputError } from './input-error';

/** Workload trace formats the CLI reads. */
export type WorkloadFormat = 'bitbrains' | 'planetlab' | 'csv';

/** Every workload format, for `--help` and validation of `--format`. */
export const WORKLOAD_FORMATS: readonly WorkloadFormat[] = ['bitbrains', 'planetlab', 'csv'];

const CSV_NAME = /\.csv(\.gz)?$/i;
/** Files that document a data set rather than hold a trace. */
const NOT_A_TRACE =
  /^(readme|license|licence|notice|changelog|citation)(\..*)?$|\.(md|html?|pdf)$/i;

/**
 * Whether a directory entry is a trace file of the format: never hidden files or
 * README/LICENSE-like documents; `*.csv` / `*.csv.gz` for Bitbrains and the long CSV;
 * any other name for PlanetLab (its files have no extension).
 */
export function isTraceFileName(name: string, format: WorkloadFormat): boolean {
  if (name.startsWith('.') || NOT_A_TRACE.test(name)) return false;
  return format === 'planetlab' ? !CSV_NAME.test(name) : CSV_NAME.test(name);
}

function describeExpected(format: WorkloadFormat): string {
  return format === 'planetlab'
    ? 'expected one PlanetLab file per VM'
    : 'expected *.csv or *.csv.gz files';
}

/** The trace files at `path`: in sorted byte order of their names. */
export interface TraceFiles {
  /** `path` is a directory (else a single file). */
  readonly directory: boolean;
  readonly files: readonly string[];
}

/**
 * Lists the trace files of `path`: the file itself, or the regular files of a directory
 * whose names fit the format (see {@link isTraceFileName}), sorted by name in byte order.
 * Throws `InputError` for a missing path or a directory with no trace file.
 */
export async function listTraceFiles(path: string, format: WorkloadFormat): Promise<TraceFiles> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw toInputError(path, error);
  }
  if (!info.isDirectory()) return { directory: false, files: [path] };

  const entries = await readdir(path, { withFileTypes: true }).catch((error: unknown) => {
    throw toInputError(path, error);
  });
  const names: string[] = [];
  for (const entry of entries) {
    if (!isTraceFileName(entry.name, format)) continue;
    if (entry.isFile()) names.push(entry.name);
    else if (entry.isSymbolicLink()) {
      const target = await stat(join(path, entry.name)).catch(() => undefined);
      if (target?.isFile()) names.push(entry.name);
    }
  }
  if (names.length === 0) {
    throw new InputError(path, `no trace files (${describeExpected(format)})`);
  }
  names.sort(compareBytes);
  return { directory: true, files: names.map((name) => join(path, name)) };
}

/** The folder name that dates a PlanetLab trace: the directory itself, or a file's parent. */
export function datingFolder(path: string, directory: boolean): string {
  return directory ? basename(path) : basename(join(path, '..'));
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input
 * order in the result (decompression runs on libuv's thread pool, so a few files in
 * parallel overlap gunzip with parsing). After a failure no new item starts, and the
 * failure of the earliest item is thrown, so the error does not depend on timing.
 */
export async function mapInOrder<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures = new Map<number, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.size === 0) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failures.set(index, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return results;
}
