import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Estate } from '@vplan/domain';
import { formatCsvField } from '@vplan/formats';

/** Metric names of the long workload CSV, per resource of the estate's series. */
const METRIC_NAMES: Readonly<Record<string, { name: string; scale: number }>> = {
  cpu: { name: 'cpu_mhz', scale: 10 }, // 0.1 MHz
  memory: { name: 'memory_gb', scale: 1000 }, // 0.001 GiB
};
/** Rows joined into one chunk before it is handed to gzip. */
const ROWS_PER_CHUNK = 20_000;

/**
 * Writes an estate's series as gzip-compressed long CSV `timestamp,asset,metric,value`
 * (epoch seconds; `cpu_mhz`, `memory_gb`), slot by slot and, within a slot, in asset
 * order, streaming chunks through gzip so the text is never held whole. Slots without a
 * sample (`NaN`) are left out. Returns the number of data rows.
 */
export async function writeWorkloadsGzip(
  path: string,
  estate: Estate,
  onProgress?: (slotsDone: number, slots: number) => void,
): Promise<number> {
  const series = estate.series.filter((s) => METRIC_NAMES[s.metric] !== undefined);
  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield 'timestamp,asset,metric,value\n';
    const step = series[0]?.stepSeconds;
    if (step === undefined) return;
    let first = Infinity;
    let last = -Infinity;
    for (const s of series) {
      if (s.stepSeconds !== step) throw new Error('writeWorkloadsGzip: series on different grids');
      first = Math.min(first, s.start);
      last = Math.max(last, s.start + s.values.length);
    }
    const columns = series.map((s) => {
      const metric = METRIC_NAMES[s.metric] as { name: string; scale: number };
      return { s, prefix: `,${formatCsvField(s.assetId)},${metric.name},`, scale: metric.scale };
    });
    let buffer: string[] = [];
    for (let slot = first; slot < last; slot++) {
      const stamp = String(slot * step);
      for (const { s, prefix, scale } of columns) {
        const v = s.values[slot - s.start];
        if (v === undefined || Number.isNaN(v)) continue;
        buffer.push(`${stamp}${prefix}${Math.round(v * scale) / scale}\n`);
        rows++;
        if (buffer.length >= ROWS_PER_CHUNK) {
          yield buffer.join('');
          buffer = [];
        }
      }
      onProgress?.(slot - first + 1, last - first);
    }
    if (buffer.length > 0) yield buffer.join('');
  }
  await pipeline(Readable.from(chunks()), createGzip(), createWriteStream(path));
  return rows;
}
