import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import {
  BUCKET_KINDS,
  float32Bytes,
  float32OfBytes,
  mergeMax,
  type BucketKind,
  type DayBucket,
} from './buckets';
import { bufferOf } from './chunks';

/**
 * A bucket document: one asset, kind and UTC day, 288 Float32 slots as binary (NaN = no
 * sample). `o` says who wrote it: `u` an upload (replaced per file), `i` collector samples
 * (max-merged by the compactor). `_id` = `<o>:<kind>:<day>:<version>`: writers insert a new
 * version and then delete the versions they read, and readers max-merge whatever versions
 * they find, so a crash between the two steps, or two writers at once, loses nothing.
 */
interface BucketDoc {
  _id: string;
  o: 'u' | 'i';
  k: BucketKind;
  d: number;
  /** Upload buckets: the file they came from. */
  f?: string;
  v: Buffer;
}

/** A PlanetLab trace as uploaded (CPU % per 5 minutes), sized when read. */
interface PlanetLabDoc {
  _id: string;
  o: 'p';
  f: string;
  folder: string;
  percent: Buffer;
}

type SeriesDoc = BucketDoc | PlanetLabDoc;

/** What one asset's collection holds. */
export interface StoredSeries {
  readonly buckets: DayBucket[];
  readonly planetLab: { readonly folder: string; readonly percent: Uint8Array }[];
}

/** Prefix of the per-asset collections. */
export const SERIES_COLLECTION_PREFIX = 'series.';

/**
 * The series of each asset live in a collection of their own (`series.<hash of the id>`).
 * FerretDB 1.24 on SQLite uses no index for a query (every find scans the table), so one
 * shared collection would make reading one asset cost a scan of every asset's buckets; a
 * collection per asset keeps each read to that asset's own documents.
 */
@Injectable()
export class SeriesStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** The collection of one asset's series. */
  collectionName(assetId: string): string {
    return (
      SERIES_COLLECTION_PREFIX + createHash('sha256').update(assetId).digest('hex').slice(0, 24)
    );
  }

  private collection(assetId: string): mongo.Collection<SeriesDoc> {
    return this.db().collection<SeriesDoc>(this.collectionName(assetId));
  }

  private db(): mongo.Db {
    const db = this.connection.db;
    if (!db) throw new Error('the MongoDB connection is not open');
    return db;
  }

  /** Everything stored for an asset. */
  async read(assetId: string): Promise<StoredSeries> {
    const docs = await this.collection(assetId).find({}).toArray();
    const buckets: DayBucket[] = [];
    const planetLab: { folder: string; percent: Uint8Array }[] = [];
    for (const doc of docs) {
      if (doc.o === 'p') {
        planetLab.push({ folder: doc.folder, percent: new Uint8Array(bufferOf(doc.percent)) });
      } else if (BUCKET_KINDS.includes(doc.k)) {
        buckets.push({ kind: doc.k, day: doc.d, values: float32OfBytes(bufferOf(doc.v)) });
      }
    }
    return { buckets, planetLab };
  }

  /** Replaces the buckets an upload of `file` wrote for the asset before (other files' stay). */
  async replaceUploaded(
    assetId: string,
    file: string,
    buckets: readonly DayBucket[],
  ): Promise<void> {
    const col = this.collection(assetId);
    const old = await col.find({ o: 'u', f: file }, { projection: { _id: 1 } }).toArray();
    const version = newVersion();
    const docs: BucketDoc[] = buckets.map((b) => ({
      _id: `u:${b.kind}:${b.day}:${version}`,
      o: 'u',
      k: b.kind,
      d: b.day,
      f: file,
      v: float32Bytes(b.values),
    }));
    if (docs.length > 0) await col.insertMany(docs, { ordered: false });
    await this.deleteIds(
      col,
      old.map((d) => d._id),
    );
  }

  /** Replaces the PlanetLab trace uploaded from `file` of day folder `folder`. */
  async replacePlanetLab(
    assetId: string,
    file: string,
    folder: string,
    percent: Uint8Array,
  ): Promise<void> {
    const col = this.collection(assetId);
    const old = await col.find({ o: 'p', f: file, folder }, { projection: { _id: 1 } }).toArray();
    await col.insertOne({
      _id: `p:${folder}:${newVersion()}`,
      o: 'p',
      f: file,
      folder,
      percent: Buffer.from(percent),
    });
    await this.deleteIds(
      col,
      old.map((d) => d._id),
    );
  }

  /**
   * Max-merges collector buckets into what is stored: for each kind and day, one new
   * version holding the stored versions merged with the new values, then the old versions
   * go. Idempotent: merging the same buckets again stores the same values.
   */
  async mergeIngested(
    assetId: string,
    buckets: Iterable<{ kind: BucketKind; day: number; values: Float32Array }>,
  ): Promise<void> {
    const col = this.collection(assetId);
    const stored = await col.find({ o: 'i' }).toArray();
    const byKey = new Map<string, BucketDoc[]>();
    for (const doc of stored as BucketDoc[]) {
      const key = `${doc.k}:${doc.d}`;
      const list = byKey.get(key);
      if (list) list.push(doc);
      else byKey.set(key, [doc]);
    }
    const version = newVersion();
    const inserts: BucketDoc[] = [];
    const deletes: string[] = [];
    for (const bucket of buckets) {
      const key = `${bucket.kind}:${bucket.day}`;
      const merged = Float32Array.from(bucket.values);
      const old = byKey.get(key) ?? [];
      for (const doc of old) mergeMax(merged, float32OfBytes(bufferOf(doc.v)));
      if (old.length === 1 && sameValues(float32OfBytes(bufferOf(old[0]!.v)), merged)) continue;
      inserts.push({
        _id: `i:${key}:${version}`,
        o: 'i',
        k: bucket.kind,
        d: bucket.day,
        v: float32Bytes(merged),
      });
      deletes.push(...old.map((d) => d._id));
    }
    if (inserts.length > 0) await col.insertMany(inserts, { ordered: false });
    await this.deleteIds(col, deletes);
  }

  /** Drops an asset's series (all of them). */
  async drop(assetId: string): Promise<void> {
    await this.collection(assetId)
      .drop()
      .catch(() => undefined);
  }

  private async deleteIds(col: mongo.Collection<SeriesDoc>, ids: readonly string[]): Promise<void> {
    // FerretDB scans the collection for every filter: one $in costs one scan of this asset's docs.
    if (ids.length > 0) await col.deleteMany({ _id: { $in: [...ids] } });
  }
}

function newVersion(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}
