import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import {
  MODELS,
  type AssetDoc,
  type CounterDoc,
  type HistoryDoc,
  type ImportDoc,
  type OutboxDoc,
  type TombstoneDoc,
} from './inventory.schema';

const DUPLICATE_KEY = 11000;
/**
 * Most operations per bulk write command. FerretDB 1.24 (SQLite) hangs on an `update`
 * command of 100 or more statements (measured: 99 take 0.3 s, 100 never answer), holding
 * the database; smaller commands are safe on every server.
 */
export const WRITE_BATCH = 50;
const SEQ_COUNTER = 'asset_seq';
/** Fields only the service reads; never part of an answer. */
const INTERNAL = {
  attrs: 0,
  keys: 0,
  observedKeys: 0,
  last: 0,
  conflicts: 0,
  seenBy: 0,
} as const;
/** Most assets one observation is weighed against (carriers of any of its keys). */
export const MAX_CANDIDATES = 200;

/** What staleness weighs of an asset. */
export type SightedAsset = Pick<AssetDoc, '_id' | 'revision' | 'seenBy' | 'stale'> & {
  asset: Pick<AssetDoc['asset'], 'site'>;
};

/** The inventory's data access: plain finds, conditional single-document writes, bulkWrite. */
@Injectable()
export class AssetRepository {
  constructor(
    @InjectModel(MODELS.asset) private readonly assets: Model<AssetDoc>,
    @InjectModel(MODELS.history) private readonly history: Model<HistoryDoc>,
    @InjectModel(MODELS.tombstone) private readonly tombstones: Model<TombstoneDoc>,
    @InjectModel(MODELS.import) private readonly imports: Model<ImportDoc>,
    @InjectModel(MODELS.counter) private readonly counters: Model<CounterDoc>,
    @InjectModel(MODELS.outbox) private readonly outbox: Model<OutboxDoc>,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, AssetDoc>> {
    if (ids.length === 0) return new Map();
    const docs = await this.assets.find({ _id: { $in: ids } }).lean<AssetDoc[]>();
    return new Map(docs.map((d) => [d._id, d]));
  }

  async byId(id: string): Promise<AssetDoc | undefined> {
    return (await this.assets.findById(id).lean<AssetDoc>()) ?? undefined;
  }

  /** Assets carrying any of `keys` (identity fields only), oldest first, at most `limit`. */
  async carriersOf(
    keys: readonly string[],
    limit = MAX_CANDIDATES,
  ): Promise<Pick<AssetDoc, '_id' | 'seq' | 'keys' | 'stale'>[]> {
    if (keys.length === 0) return [];
    return this.assets
      .find({ keys: { $in: [...keys] } }, { _id: 1, seq: 1, keys: 1, stale: 1 })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<Pick<AssetDoc, '_id' | 'seq' | 'keys' | 'stale'>[]>();
  }

  /**
   * Assets one of `sources` saw (`seenBy`), streamed in batches of `batchSize` (bounded
   * memory whatever the estate): id, revision, site, sightings and the stale flag.
   */
  async *seenBySources(sources: readonly string[], batchSize = 200): AsyncGenerator<SightedAsset> {
    if (sources.length === 0) return;
    const cursor = this.assets
      .find(
        { 'seenBy.source': { $in: [...sources] } },
        { _id: 1, revision: 1, 'asset.site': 1, seenBy: 1, stale: 1 },
      )
      .lean<SightedAsset[]>()
      .cursor({ batchSize });
    for await (const doc of cursor) yield doc as SightedAsset;
  }

  /** The conflicts an asset keeps (undefined: no such asset). */
  async conflictsOf(id: string): Promise<Pick<AssetDoc, '_id' | 'conflicts'> | undefined> {
    return (
      (await this.assets
        .findById(id, { _id: 1, conflicts: 1 })
        .lean<Pick<AssetDoc, '_id' | 'conflicts'>>()) ?? undefined
    );
  }

  /** Reserves `n` creation numbers; returns the first. */
  async reserveSeqs(n: number): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate({ _id: SEQ_COUNTER }, { $inc: { value: n } }, { upsert: true, new: true })
      .lean<CounterDoc>();
    return (counter?.value ?? n) - n + 1;
  }

  async lastRevisions(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const docs = await this.tombstones.find({ _id: { $in: ids } }).lean<TombstoneDoc[]>();
    return new Map(docs.map((d) => [d._id, d.revision]));
  }

  /**
   * Runs the writes (unordered, in commands of WRITE_BATCH); returns how many landed
   * (inserted or matched). Lost races (duplicate ids, a changed revision) do not throw.
   */
  async bulkWrite(ops: AnyBulkWriteOperation<AssetDoc>[]): Promise<number> {
    let landed = 0;
    for (const batch of batches(ops)) {
      try {
        const res = await this.assets.bulkWrite(batch, { ordered: false });
        landed += res.insertedCount + res.matchedCount;
      } catch (err) {
        if (!isBulkWriteError(err)) throw err;
        const res = (err as { result?: { insertedCount?: number; matchedCount?: number } }).result;
        landed += (res?.insertedCount ?? 0) + (res?.matchedCount ?? 0);
      }
    }
    return landed;
  }

  /** Which of `ids` carry `token`, i.e. were written by that write. */
  async writtenBy(ids: readonly string[], token: string): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.assets
      .find({ _id: { $in: ids }, writeToken: token }, { _id: 1 })
      .lean<{ _id: string }[]>();
    return new Set(docs.map((d) => d._id));
  }

  /** Those of `ids` still carrying `token` (written by that write and not since). */
  async byIdsAndToken(ids: readonly string[], token: string): Promise<AssetDoc[]> {
    if (ids.length === 0) return [];
    return this.assets.find({ _id: { $in: ids }, writeToken: token }).lean<AssetDoc[]>();
  }

  /**
   * Sets bookkeeping fields (keys, matches, conflicts, sightings, lastSeen) without a new
   * revision, if the asset is still at `revision`; false when it changed meanwhile.
   */
  async touch(
    id: string,
    revision: number,
    set: Partial<
      Pick<AssetDoc, 'keys' | 'observedKeys' | 'matchedBy' | 'conflicts' | 'seenBy' | 'lastSeen'>
    >,
  ): Promise<boolean> {
    const res = await this.assets.updateOne({ _id: id, revision }, { $set: set });
    return res.matchedCount === 1;
  }

  /** Raises `lastSeen` of `ids` to `at` where it is earlier (one statement per 1,000 ids). */
  async raiseLastSeen(ids: readonly string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000);
      await this.assets.updateMany(
        { _id: { $in: batch }, lastSeen: { $lt: at } },
        { $set: { lastSeen: at } },
      );
    }
  }

  /** Stores history entries; an entry already there (a retried flush) is left as is. */
  async addHistory(entries: readonly HistoryDoc[]): Promise<void> {
    for (const batch of batches(entries)) {
      try {
        await this.history.insertMany(batch, { ordered: false });
      } catch (err) {
        if (!isBulkWriteError(err) || !onlyDuplicates(err)) throw err;
      }
    }
  }

  /** Records a write about to happen (ids and token), until its changes are flushed. */
  async openOutbox(token: string, ids: readonly string[]): Promise<void> {
    await this.outbox.create({ _id: token, ids: [...ids], at: new Date().toISOString() });
  }

  async closeOutbox(token: string): Promise<void> {
    await this.outbox.deleteOne({ _id: token });
  }

  /** Writes a crash left unflushed, oldest first. */
  async openOutboxes(limit: number): Promise<OutboxDoc[]> {
    return this.outbox.find().sort({ at: 1 }).limit(limit).lean<OutboxDoc[]>();
  }

  /** Deletes the asset at `revision`; false when it changed meanwhile or is gone. */
  async deleteAt(id: string, revision: number): Promise<boolean> {
    const res = await this.assets.deleteOne({ _id: id, revision });
    return res.deletedCount === 1;
  }

  async saveTombstone(id: string, revision: number): Promise<void> {
    await this.tombstones.updateOne({ _id: id }, { $set: { revision } }, { upsert: true });
  }

  /** A page of assets matching `query` after creation number `afterSeq`, in creation order. */
  async page(query: Record<string, unknown>, afterSeq: number, limit: number): Promise<AssetDoc[]> {
    return this.assets
      .find({ ...query, seq: { $gt: afterSeq } }, INTERNAL)
      .sort({ seq: 1 })
      .limit(limit)
      .lean<AssetDoc[]>();
  }

  async count(query: Record<string, unknown>): Promise<number> {
    return this.assets.countDocuments(query);
  }

  /** History of an asset, newest first, before revision `before`. */
  async historyPage(assetId: string, before: number, limit: number): Promise<HistoryDoc[]> {
    return this.history
      .find({ assetId, revision: { $lt: before } })
      .sort({ revision: -1 })
      .limit(limit)
      .lean<HistoryDoc[]>();
  }

  async saveImport(doc: ImportDoc): Promise<void> {
    await this.imports.create(doc);
  }

  async importById(id: string): Promise<ImportDoc | undefined> {
    return (await this.imports.findById(id).lean<ImportDoc>()) ?? undefined;
  }
}

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += WRITE_BATCH) yield items.slice(i, i + WRITE_BATCH);
}

function isBulkWriteError(err: unknown): err is { writeErrors?: unknown; code?: unknown } {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'MongoBulkWriteError' || (err as { code?: unknown })?.code === DUPLICATE_KEY;
}

function onlyDuplicates(err: { writeErrors?: unknown; code?: unknown }): boolean {
  const errors = err.writeErrors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.every((e: { code?: unknown; err?: { code?: unknown } }) =>
      [e.code, e.err?.code].includes(DUPLICATE_KEY),
    );
  }
  return err.code === DUPLICATE_KEY;
}
