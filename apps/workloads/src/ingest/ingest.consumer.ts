import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { WORKLOADS, type SampleBatch, type SamplesStored } from '@vplan/contracts';
import type { ResourceName } from '@vplan/domain';
import {
  InjectLogger,
  JetStreamService,
  PlatformContext,
  type Delivery,
  type Logger,
} from '@vplan/platform';
import { STEP_SECONDS, type BucketKind } from '../storage/buckets';
import { chunkDoc, chunkOfBatch, chunkSummary } from '../storage/chunks';
import { settingsOf } from '../workloads.config';
import { IngestWriter } from './ingest-writer';

/** The durable consumer of the ingest stream (shared by every replica and pull loop). */
export const INGEST_DURABLE = 'workloads-ingest';

/**
 * Consumes collector batches from the ingest stream (WORKLOADS.ingestSamples, stream
 * VPLAN_INGEST) with several pull loops on one durable consumer, so several batches are
 * in flight while FerretDB commits. Each batch is written as one chunk and acked only
 * after the write resolved (the platform's runDurableConsumer acks after the handler).
 * No processed-events check: the chunk's `_id` is the batch id and the compactor's
 * max-merge per slot is idempotent, so a redelivered batch is never stored twice.
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly jetstream: JetStreamService,
    private readonly writer: IngestWriter,
    private readonly ctx: PlatformContext,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = settingsOf(this.ctx);
    const loops = settings.WORKLOADS_INGEST_CONSUMERS;
    if (loops === 0) return;
    const start = () =>
      this.jetstream.consume<SampleBatch>({
        contract: WORKLOADS.ingestSamples,
        durable: INGEST_DURABLE,
        batch: settings.WORKLOADS_INGEST_PULL_BATCH,
        ackWaitMs: settings.WORKLOADS_INGEST_ACK_WAIT_MS,
        skipProcessed: false,
        handler: (delivery) => this.handle(delivery, settings.WORKLOADS_INGEST_EVENTS),
      });
    await start(); // creates the durable consumer once
    await Promise.all(Array.from({ length: loops - 1 }, start));
    this.logger.info({ loops, durable: INGEST_DURABLE }, 'ingest consumers running');
  }

  private async handle(delivery: Delivery<SampleBatch>, events: boolean): Promise<void> {
    const chunk = chunkOfBatch(delivery.data);
    const outcome = await this.writer.write(chunkDoc(chunk));
    if (!events) return;
    const { kinds, first, last } = chunkSummary(chunk);
    const n = chunk.kinds.length;
    const data: SamplesStored = {
      batchId: chunk.batchId,
      stored: outcome === 'stored' ? n : 0,
      duplicates: outcome === 'duplicate' ? n : 0,
      assetIds: [...chunk.assetIds],
      resources: resourcesOf(kinds),
      from: new Date(first * STEP_SECONDS * 1000).toISOString(),
      to: new Date((last + 1) * STEP_SECONDS * 1000).toISOString(),
    };
    await this.jetstream.publish(WORKLOADS.samplesStored, data, { id: eventIdOf(chunk.batchId) });
  }
}

function resourcesOf(kinds: readonly BucketKind[]): ResourceName[] {
  const out = new Set<ResourceName>();
  for (const k of kinds) out.add(k === 'cpu_pct' ? 'cpu' : k === 'memory_pct' ? 'memory' : k);
  return [...out];
}

/** The event id of a batch's `samples.stored`: a UUID derived from the batch id, so a redelivery publishes the same event (de-duplicated by the stream). */
export function eventIdOf(batchId: string): string {
  const h = createHash('sha1').update(`vplan.samples.stored:${batchId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
