// Day buckets: how a series is cut into one document per asset, resource and UTC day, and
// put back together. Pure (no I/O); the repositories store what these functions build.
import type { MetricSeries, ResourceName } from '@vplan/domain';
import { DEFAULT_STEP_SECONDS } from '@vplan/domain';

/** Step of every stored series: vplan's 5-minute grid. */
export const STEP_SECONDS = DEFAULT_STEP_SECONDS;
/** 5-minute slots of a UTC day. */
export const SLOTS_PER_DAY = 86_400 / STEP_SECONDS;

/**
 * What a bucket measures: a resource in its unit, or a percentage of the asset's capacity
 * (collector samples `cpu_pct` / `memory_pct`, turned into MHz / GiB when read, once the
 * asset's capacity is known).
 */
export type BucketKind = ResourceName | 'cpu_pct' | 'memory_pct';
export const BUCKET_KINDS: readonly BucketKind[] = [
  'cpu',
  'memory',
  'disk',
  'network',
  'cpu_pct',
  'memory_pct',
];

/** One day of one kind: `values[i]` is slot `day × 288 + i`; NaN = no sample. */
export interface DayBucket {
  readonly kind: BucketKind;
  readonly day: number;
  readonly values: Float32Array;
}

/** The UTC day (days since 1970-01-01) of an absolute 5-minute slot. */
export function dayOfSlot(slot: number): number {
  return Math.floor(slot / SLOTS_PER_DAY);
}

/** An empty day: every slot NaN. */
export function emptyDay(): Float32Array {
  return new Float32Array(SLOTS_PER_DAY).fill(Number.NaN);
}

/**
 * Max-merges `from` into `into` slot by slot (NaN = no sample, so a value wins over NaN).
 * Merging is idempotent and commutative: merging a bucket twice changes nothing, which is
 * what makes redelivered samples harmless.
 */
export function mergeMax(into: Float32Array, from: Float32Array): void {
  for (let i = 0; i < into.length; i++) {
    const v = from[i] as number;
    if (!Number.isNaN(v) && !((into[i] as number) >= v)) into[i] = v;
  }
}

/** Slots holding a sample. */
export function countSamples(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) n++;
  return n;
}

/** The day buckets of a series on the 5-minute grid (days without a sample are left out). */
export function bucketsOfSeries(series: MetricSeries): DayBucket[] {
  if (series.stepSeconds !== STEP_SECONDS) {
    throw new Error(
      `series of ${series.assetId} has a step of ${series.stepSeconds} s; workloads stores ${STEP_SECONDS} s`,
    );
  }
  const byDay = new Map<number, Float32Array>();
  series.values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const slot = series.start + i;
    const day = dayOfSlot(slot);
    let values = byDay.get(day);
    if (!values) byDay.set(day, (values = emptyDay()));
    values[slot - day * SLOTS_PER_DAY] = v;
  });
  return [...byDay].map(([day, values]) => ({ kind: series.metric, day, values }));
}

/**
 * The series of one asset and resource from its day buckets (several buckets of one day
 * are max-merged): from the first to the last slot with a sample, NaN in between where
 * none — exactly what SeriesBuilder builds from the same samples. `undefined` when no
 * bucket holds a sample.
 */
export function seriesOfBuckets(
  assetId: string,
  metric: ResourceName,
  buckets: readonly { readonly day: number; readonly values: Float32Array }[],
): MetricSeries | undefined {
  const byDay = mergeByDay(buckets);
  let first = Infinity;
  let last = -Infinity;
  for (const [day, values] of byDay) {
    for (let i = 0; i < SLOTS_PER_DAY; i++) {
      if (Number.isNaN(values[i] as number)) continue;
      const slot = day * SLOTS_PER_DAY + i;
      if (slot < first) first = slot;
      if (slot > last) last = slot;
    }
  }
  if (first > last) return undefined;
  const out = new Float32Array(last - first + 1).fill(Number.NaN);
  for (const [day, values] of byDay) {
    const base = day * SLOTS_PER_DAY - first;
    for (let i = 0; i < SLOTS_PER_DAY; i++) {
      const at = base + i;
      if (at >= 0 && at < out.length && !Number.isNaN(values[i] as number)) out[at] = values[i]!;
    }
  }
  return { assetId, metric, stepSeconds: STEP_SECONDS, start: first, values: out };
}

/** Buckets of the same day max-merged into one. */
export function mergeByDay(
  buckets: readonly { readonly day: number; readonly values: Float32Array }[],
): Map<number, Float32Array> {
  const byDay = new Map<number, Float32Array>();
  for (const b of buckets) {
    const seen = byDay.get(b.day);
    if (!seen) byDay.set(b.day, Float32Array.from(b.values));
    else mergeMax(seen, b.values);
  }
  return byDay;
}

/** Float32 values as the bytes a document stores (little-endian, NaN kept). */
export function float32Bytes(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i] as number, i * 4);
  return out;
}

/** The inverse of {@link float32Bytes}. */
export function float32OfBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) {
    throw new Error(`stored bucket of ${bytes.byteLength} bytes is not whole Float32 values`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
