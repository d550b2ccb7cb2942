import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { mapInOrder } from '@vplan/file-input';
import { InjectLogger, PlatformContext, type Logger } from '@vplan/platform';
import type { Connection } from 'mongoose';
import { AssetStore } from '../storage/asset.store';
import { chunkOfDoc, foldChunks, type Chunk } from '../storage/chunks';
import { SeriesStore } from '../storage/series.store';
import { settingsOf } from '../workloads.config';
import { GENERATIONS_CLOSED_AFTER, INGEST_COLLECTION_PREFIX } from './ingest-writer';

/** Generations compacted in one round at most (bounds memory). */
const GENERATIONS_PER_ROUND = 3;
/** Assets merged at once. */
const MERGES_IN_FLIGHT = 4;

/**
 * Folds closed ingest generations into the per-asset day buckets, then drops them. A
 * generation is closed GENERATIONS_CLOSED_AFTER generations after it opened (writers give
 * up on a write after two, see IngestWriter), so no acked chunk lands in a generation
 * after it was read. Crash-safe and replica-safe without a lock: buckets are max-merged
 * (folding a chunk twice stores the same values) and a generation is dropped only after
 * everything in it was merged; two replicas folding the same generation store the same.
 */
@Injectable()
export class Compactor implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly generationMs: number;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly assets: AssetStore,
    private readonly series: SeriesStore,
    ctx: PlatformContext,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.generationMs = settingsOf(ctx).WORKLOADS_INGEST_GENERATION_MS;
  }

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** Closed generations waiting to be compacted, oldest first. */
  async closedGenerations(now = Date.now()): Promise<number[]> {
    const db = this.connection.db;
    if (!db) return [];
    const current = Math.floor(now / this.generationMs);
    const names = await db.listCollections({}, { nameOnly: true }).toArray();
    return names
      .map((c) => c.name)
      .filter((name) => name.startsWith(INGEST_COLLECTION_PREFIX))
      .map((name) => Number(name.slice(INGEST_COLLECTION_PREFIX.length)))
      .filter((g) => Number.isInteger(g) && g + GENERATIONS_CLOSED_AFTER <= current)
      .sort((a, b) => a - b);
  }

  /** One round: folds up to GENERATIONS_PER_ROUND closed generations; returns how many. */
  async compactOnce(): Promise<number> {
    const generations = (await this.closedGenerations()).slice(0, GENERATIONS_PER_ROUND);
    if (generations.length === 0) return 0;
    const started = Date.now();
    const db = this.connection.db!;
    const chunks: Chunk[] = [];
    for (const g of generations) {
      const docs = await db
        .collection(INGEST_COLLECTION_PREFIX + g)
        .find({})
        .toArray();
      for (const doc of docs) chunks.push(chunkOfDoc(doc as Parameters<typeof chunkOfDoc>[0]));
    }
    const folded = foldChunks(chunks);
    await this.assets.registerIngested(folded.keys());
    await mapInOrder([...folded], MERGES_IN_FLIGHT, ([assetId, buckets]) =>
      this.series.mergeIngested(assetId, buckets.values()),
    );
    for (const g of generations) {
      await db
        .collection(INGEST_COLLECTION_PREFIX + g)
        .drop()
        .catch(() => undefined);
    }
    this.logger.info(
      {
        generations,
        chunks: chunks.length,
        samples: chunks.reduce((n, c) => n + c.kinds.length, 0),
        assets: folded.size,
        ms: Date.now() - started,
      },
      'ingest compacted',
    );
    return generations.length;
  }

  private async loop(): Promise<void> {
    const idleMs = Math.max(100, Math.min(1000, this.generationMs / 2));
    while (!this.stopped) {
      let done = 0;
      try {
        done = await this.compactOnce();
      } catch (err) {
        this.logger.warn({ err }, 'ingest compaction failed; retrying');
      }
      if (done === 0 && !this.stopped) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, idleMs);
        });
      }
    }
  }
}
