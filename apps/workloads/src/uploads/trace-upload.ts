// One uploaded trace file parsed with the parsers `loadWorkloads` uses, into what the
// service stores. No I/O besides the text in hand.
import type { AssetCapacity, MetricSeries } from '@vplan/domain';
import {
  FormatError,
  baseName,
  parseBitbrains,
  parsePlanetLab,
  parseWorkloadCsv,
  type FormatResult,
} from '@vplan/formats';
import { AppError } from '@vplan/platform';

export type UploadFormat = 'bitbrains' | 'planetlab' | 'csv';

/** What one file holds, per asset, before anything is written. */
export type ParsedUpload =
  | {
      readonly format: 'bitbrains' | 'csv';
      readonly assets: readonly {
        readonly id: string;
        readonly capacity?: AssetCapacity;
        readonly series: readonly MetricSeries[];
      }[];
    }
  | {
      readonly format: 'planetlab';
      readonly assets: readonly { readonly id: string; readonly percent: Uint8Array }[];
    };

/**
 * The lines of a text, as `readLines` of @vplan/file-input gives a file's: without line
 * breaks (`\n` or `\r\n`), a leading byte-order mark dropped, no empty line after a final
 * newline.
 */
export async function* linesOf(text: string): AsyncGenerator<string> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    yield line.endsWith('\r') ? line.slice(0, -1) : line;
    start = end + 1;
  }
}

/**
 * Parses one trace file. `name` is the file's name (asset id of per-VM formats, as the CLI
 * derives it from the file name, and the place named in messages). A bad file answers
 * BAD_REQUEST with the formats lib's `file:row:column` message in `details`.
 */
export async function parseUpload(
  format: UploadFormat,
  name: string,
  text: string,
): Promise<ParsedUpload> {
  if (format === 'bitbrains') {
    const trace = unwrap(await parseBitbrains(name, linesOf(text)));
    return {
      format,
      assets: [{ id: trace.asset.id, capacity: trace.asset.capacity, series: trace.series }],
    };
  }
  if (format === 'planetlab') {
    const trace = unwrap(await parsePlanetLab(name, linesOf(text)));
    return { format, assets: [{ id: trace.assetId, percent: trace.percent }] };
  }
  const csv = unwrap(await parseWorkloadCsv({ file: name, lines: linesOf(text) }));
  const byAsset = new Map<string, MetricSeries[]>();
  for (const s of csv.series) {
    const list = byAsset.get(s.assetId);
    if (list) list.push(s);
    else byAsset.set(s.assetId, [s]);
  }
  return { format, assets: [...byAsset].map(([id, series]) => ({ id, series })) };
}

/** Checks an upload's file name: a bare name (no folder), as the CLI sends `basename(file)`. */
export function checkFileName(name: string): void {
  if (baseName(name) !== name || name === '.' || name === '..') {
    throw new AppError(
      'BAD_REQUEST',
      `query name: "${name}" must be a file name without a folder`,
      [{ path: 'name', message: 'must be a file name without a folder' }],
    );
  }
}

function unwrap<T>(result: FormatResult<T>): T {
  if (result.ok) return result.value;
  throw formatError(result.error);
}

function formatError(error: FormatError): AppError {
  const { file, row, column, message } = error.issue;
  return new AppError('BAD_REQUEST', error.message, [
    { path: `${file}:${row}:${column}`, message },
  ]);
}
