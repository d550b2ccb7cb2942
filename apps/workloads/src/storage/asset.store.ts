import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AssetCapacity } from '@vplan/domain';
import { compareBytes } from '@vplan/formats';
import type { Model, mongo } from 'mongoose';
import {
  WORKLOAD_ASSET_MODEL,
  type AssetOrigin,
  type WorkloadAsset,
} from './workload-asset.schema';

/** An asset as the estate lists it. */
export interface AssetEntry {
  readonly id: string;
  readonly file: string;
  readonly origin: AssetOrigin;
  readonly capacity: AssetCapacity;
}

/** Estate order: file name in byte order (what `loadWorkloads` does), then id. */
export function compareEntries(
  a: { file: string; id: string },
  b: { file: string; id: string },
): number {
  return compareBytes(a.file, b.file) || compareBytes(a.id, b.id);
}

/** The `assets` collection: which assets have series, their capacity and estate order. */
@Injectable()
export class AssetStore {
  /** Ids this process has seen stored (collector samples register each asset once). */
  private readonly known = new Set<string>();

  constructor(@InjectModel(WORKLOAD_ASSET_MODEL) private readonly model: Model<WorkloadAsset>) {}

  /** Every asset, in estate order. */
  async listAll(): Promise<AssetEntry[]> {
    const docs = await this.model.find({}).lean().exec();
    return docs.map(entryOf).sort(compareEntries);
  }

  /** The assets of `ids` that exist, in estate order. */
  async list(ids: readonly string[]): Promise<AssetEntry[]> {
    const docs = await this.model
      .find({ _id: { $in: [...ids] } })
      .lean()
      .exec();
    return docs.map(entryOf).sort(compareEntries);
  }

  async get(id: string): Promise<AssetEntry | undefined> {
    const doc = await this.model.findOne({ _id: id }).lean().exec();
    return doc ? entryOf(doc) : undefined;
  }

  /**
   * Records an uploaded asset: the smallest file name it came from orders it (the CLI
   * meets an asset first in the first file), the upload's capacity when it gives one.
   */
  async recordUpload(
    id: string,
    upload: { file: string; origin: AssetOrigin; capacity?: AssetCapacity; folder?: string },
  ): Promise<void> {
    const existing = await this.get(id);
    const file =
      existing && existing.file !== '' && compareBytes(existing.file, upload.file) < 0
        ? existing.file
        : upload.file;
    const origin = existing && existing.origin !== 'ingest' ? existing.origin : upload.origin;
    const doc: WorkloadAsset = {
      _id: id,
      file,
      origin,
      capacity: upload.capacity ?? existing?.capacity ?? {},
      ...(upload.folder !== undefined ? { folder: upload.folder } : {}),
      updatedAt: new Date(),
    };
    await this.model.replaceOne({ _id: id }, doc, { upsert: true }).exec();
    this.known.add(id);
  }

  /** Registers assets first seen in collector samples (no file, no capacity); idempotent. */
  async registerIngested(ids: Iterable<string>): Promise<void> {
    const fresh = [...ids].filter((id) => !this.known.has(id));
    if (fresh.length === 0) return;
    const now = new Date();
    try {
      // The driver's insert: mongoose's insertMany with ordered:false drops invalid documents silently.
      const docs: WorkloadAsset[] = fresh.map((id) => ({
        _id: id,
        file: '',
        origin: 'ingest',
        capacity: {},
        updatedAt: now,
      }));
      await (this.model.collection as unknown as mongo.Collection<WorkloadAsset>).insertMany(docs, {
        ordered: false,
      });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
    for (const id of fresh) this.known.add(id);
  }
}

function entryOf(doc: WorkloadAsset): AssetEntry {
  return { id: doc._id, file: doc.file, origin: doc.origin, capacity: doc.capacity ?? {} };
}

/** Whether a bulk insert failed only on existing ids. */
export function onlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: unknown };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (list.length > 0) {
    return (list as { code?: number; err?: { code?: number } }[]).every(
      (w) => (w.code ?? w.err?.code) === 11000,
    );
  }
  return e.code === 11000;
}
