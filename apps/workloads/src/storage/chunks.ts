// Ingest chunks: one collector batch as one document with binary columns (FerretDB stores
// a binary field as one value, an array as one value per element: columns make the write
// several times cheaper), and their fold into day buckets. Pure (no I/O).
import { instantMs, type SampleBatch, type WorkloadMetric } from '@vplan/contracts';
import { KIB_PER_GIB, MIB_PER_GIB } from '@vplan/domain';
import {
  BUCKET_KINDS,
  SLOTS_PER_DAY,
  STEP_SECONDS,
  dayOfSlot,
  emptyDay,
  type BucketKind,
} from './buckets';

/** How a sample's metric is stored: the bucket kind and the factor to its unit. */
const METRIC_STORAGE: Readonly<Record<WorkloadMetric, { kind: BucketKind; factor: number }>> = {
  cpu_mhz: { kind: 'cpu', factor: 1 },
  cpu_ghz: { kind: 'cpu', factor: 1000 },
  cpu_pct: { kind: 'cpu_pct', factor: 1 },
  memory_gb: { kind: 'memory', factor: 1 },
  memory_mb: { kind: 'memory', factor: 1 / MIB_PER_GIB },
  memory_kb: { kind: 'memory', factor: 1 / KIB_PER_GIB },
  memory_pct: { kind: 'memory_pct', factor: 1 },
  disk_iops: { kind: 'disk', factor: 1 },
  network_mbps: { kind: 'network', factor: 1 },
};

/** The columns of one batch: sample `i` is `values[i]` of kind `kinds[i]` for `assetIds[assets[i]]` in slot `slots[i]`. */
export interface Chunk {
  readonly batchId: string;
  readonly assetIds: readonly string[];
  readonly assets: Uint16Array;
  readonly kinds: Uint8Array;
  readonly slots: Int32Array;
  readonly values: Float32Array;
}

/** A batch's samples as columns, values converted to the unit of their kind. */
export function chunkOfBatch(batch: SampleBatch): Chunk {
  const n = batch.samples.length;
  const index = new Map<string, number>();
  const assetIds: string[] = [];
  const assets = new Uint16Array(n);
  const kinds = new Uint8Array(n);
  const slots = new Int32Array(n);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = batch.samples[i]!;
    let a = index.get(s.assetId);
    if (a === undefined) {
      a = assetIds.length;
      index.set(s.assetId, a);
      assetIds.push(s.assetId);
    }
    const storage = METRIC_STORAGE[s.metric];
    assets[i] = a;
    kinds[i] = BUCKET_KINDS.indexOf(storage.kind);
    slots[i] = Math.floor(instantMs(s.ts) / 1000 / STEP_SECONDS);
    values[i] = s.value * storage.factor;
  }
  return { batchId: batch.batchId, assetIds, assets, kinds, slots, values };
}

/** The stored form of a chunk (binary columns, little-endian). */
export interface ChunkDoc {
  _id: string;
  ids: string[];
  a: Buffer;
  k: Buffer;
  s: Buffer;
  v: Buffer;
}

export function chunkDoc(chunk: Chunk): ChunkDoc {
  return {
    _id: chunk.batchId,
    ids: [...chunk.assetIds],
    a: bytesOf(chunk.assets),
    k: bytesOf(chunk.kinds),
    s: bytesOf(chunk.slots),
    v: bytesOf(chunk.values),
  };
}

/** Reads a stored chunk back; throws naming the chunk when its columns disagree. */
export function chunkOfDoc(doc: {
  _id: unknown;
  ids: unknown;
  a: unknown;
  k: unknown;
  s: unknown;
  v: unknown;
}): Chunk {
  const id = String(doc._id);
  const a = bufferOf(doc.a);
  const k = bufferOf(doc.k);
  const s = bufferOf(doc.s);
  const v = bufferOf(doc.v);
  const n = k.byteLength;
  if (
    !Array.isArray(doc.ids) ||
    a.byteLength !== n * 2 ||
    s.byteLength !== n * 4 ||
    v.byteLength !== n * 4
  ) {
    throw new Error(`ingest chunk ${id}: columns of different lengths`);
  }
  return {
    batchId: id,
    assetIds: doc.ids.map(String),
    assets: new Uint16Array(copy(a).buffer),
    kinds: new Uint8Array(copy(k).buffer),
    slots: new Int32Array(copy(s).buffer),
    values: new Float32Array(copy(v).buffer),
  };
}

/** What a chunk tells of its samples: kinds of resource and the time span. */
export function chunkSummary(chunk: Chunk): { kinds: BucketKind[]; first: number; last: number } {
  const kinds = new Set<BucketKind>();
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < chunk.kinds.length; i++) {
    kinds.add(BUCKET_KINDS[chunk.kinds[i]!]!);
    const slot = chunk.slots[i]!;
    if (slot < first) first = slot;
    if (slot > last) last = slot;
  }
  return { kinds: [...kinds], first, last };
}

/** Day buckets of many chunks, by asset id then `<kind>:<day>` (max per slot). */
export type FoldedBuckets = Map<
  string,
  Map<string, { kind: BucketKind; day: number; values: Float32Array }>
>;

/** Folds chunks into day buckets per asset; several samples of one slot keep the largest. */
export function foldChunks(
  chunks: Iterable<Chunk>,
  into: FoldedBuckets = new Map(),
): FoldedBuckets {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.kinds.length; i++) {
      const assetId = chunk.assetIds[chunk.assets[i]!]!;
      const kind = BUCKET_KINDS[chunk.kinds[i]!]!;
      const slot = chunk.slots[i]!;
      const day = dayOfSlot(slot);
      let perAsset = into.get(assetId);
      if (!perAsset) into.set(assetId, (perAsset = new Map()));
      const key = `${kind}:${day}`;
      let bucket = perAsset.get(key);
      if (!bucket) perAsset.set(key, (bucket = { kind, day, values: emptyDay() }));
      const v = chunk.values[i]!;
      const at = slot - day * SLOTS_PER_DAY;
      if (!(bucket.values[at]! >= v)) bucket.values[at] = v;
    }
  }
  return into;
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A stored binary field as bytes (the driver gives a `Binary`, tests may give a Buffer). */
export function bufferOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { buffer?: unknown; value?: () => unknown } | undefined;
  if (binary && binary.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new Error('expected a binary field');
}

/** A copy on its own aligned ArrayBuffer (typed views need alignment). */
function copy(bytes: Buffer): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}
