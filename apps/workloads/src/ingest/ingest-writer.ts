import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { PlatformContext } from '@vplan/platform';
import type { Connection, mongo } from 'mongoose';
import type { ChunkDoc } from '../storage/chunks';
import { settingsOf } from '../workloads.config';

/** Prefix of the generation collections (`ingest.<generation>`). */
export const INGEST_COLLECTION_PREFIX = 'ingest.';
/** Inserts running at once (SQLite has one writer; two keep it busy). */
const INSERTS_IN_FLIGHT = 2;
/**
 * A write must finish within this many generations of the one it started in; the
 * compactor reads a generation only once GENERATIONS_CLOSED_AFTER have passed, so a chunk
 * acked is never in a generation already read.
 */
export const WRITE_DEADLINE_GENERATIONS = 2;
export const GENERATIONS_CLOSED_AFTER = 3;

export type WriteOutcome = 'stored' | 'duplicate';

interface Pending {
  readonly doc: ChunkDoc;
  readonly generation: number;
  readonly resolve: (outcome: WriteOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/** The generation collection of a generation number. */
export function generationCollection(generation: number): string {
  return `${INGEST_COLLECTION_PREFIX}${generation}`;
}

/**
 * Writes ingest chunks (one per collector batch) into the collection of the current
 * generation, several chunks per insert: FerretDB commits each insert as one SQLite
 * transaction, and commits, not bytes, bound the rate. `_id` = batch id, so a redelivered
 * batch within its generation is a duplicate key (counted, not stored twice); one that
 * comes back in a later generation is folded again by the compactor, whose max-merge per
 * slot makes that harmless.
 */
@Injectable()
export class IngestWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly generationMs: number;
  private readonly writeBatch: number;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    ctx: PlatformContext,
  ) {
    const settings = settingsOf(ctx);
    this.generationMs = settings.WORKLOADS_INGEST_GENERATION_MS;
    this.writeBatch = settings.WORKLOADS_INGEST_WRITE_BATCH;
  }

  generationOf(ms: number): number {
    return Math.floor(ms / this.generationMs);
  }

  /**
   * Resolves once the chunk is committed (or already was). Rejects when the write failed
   * or finished too late for its generation (the batch is then redelivered and written
   * into a later generation).
   */
  async write(doc: ChunkDoc): Promise<WriteOutcome> {
    const generation = this.generationOf(Date.now());
    const outcome = await new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ doc, generation, resolve, reject });
      this.pump();
    });
    if (Date.now() >= (generation + WRITE_DEADLINE_GENERATIONS) * this.generationMs) {
      throw new Error(
        `ingest chunk ${doc._id}: the write into generation ${generation} finished too late; redelivering`,
      );
    }
    return outcome;
  }

  private pump(): void {
    while (this.inFlight < INSERTS_IN_FLIGHT && this.queue.length > 0) {
      const generation = this.queue[0]!.generation;
      const group: Pending[] = [];
      for (let i = 0; i < this.queue.length && group.length < this.writeBatch;) {
        if (this.queue[i]!.generation === generation) group.push(...this.queue.splice(i, 1));
        else i++;
      }
      this.inFlight++;
      void this.insert(generation, group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async insert(generation: number, group: readonly Pending[]): Promise<void> {
    const db = this.connection.db;
    if (!db) {
      for (const p of group) p.reject(new Error('the MongoDB connection is not open'));
      return;
    }
    const col: mongo.Collection<ChunkDoc> = db.collection<ChunkDoc>(
      generationCollection(generation),
    );
    try {
      await col.insertMany(
        group.map((p) => p.doc),
        { ordered: false },
      );
      for (const p of group) p.resolve('stored');
    } catch (err) {
      const writeErrors = writeErrorsOf(err);
      if (!writeErrors) {
        for (const p of group) p.reject(err);
        return;
      }
      const failed = new Map(writeErrors.map((w) => [w.index, w.code]));
      group.forEach((p, i) => {
        const code = failed.get(i);
        if (code === undefined) p.resolve('stored');
        else if (code === 11000) p.resolve('duplicate');
        else p.reject(err);
      });
    }
  }
}

/** The per-document errors of a bulk insert (the driver gives one error alone, not in an array). */
export function writeErrorsOf(err: unknown): { index: number; code?: number }[] | undefined {
  const list = (err as { writeErrors?: unknown }).writeErrors;
  if (Array.isArray(list)) return list as { index: number; code?: number }[];
  if (list && typeof list === 'object') return [list as { index: number; code?: number }];
  return undefined;
}
