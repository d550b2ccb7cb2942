import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { EventContract, QueueContract } from '@vplan/contracts';
import type { JetStreamClient } from 'nats';
import type { Connection } from 'mongoose';
import { PlatformContext } from '../app/platform-context';
import { runDurableConsumer, type DurableConsumerOptions, type RunningConsumer } from './consumer';
import { ProcessedEvents } from './processed-events';
import {
  publishEvent,
  publishWork,
  type PublishEventOptions,
  type PublishedEvent,
} from './publish';

/** What a service passes to `consume`: the platform fills in the client, prefix, logs and metrics. */
export type ConsumeOptions<D> = Omit<
  DurableConsumerOptions<D>,
  'js' | 'logger' | 'prefix' | 'metrics' | 'processed'
> & {
  /** Skip events this durable already handled, via the `processed_events` collection (default true). */
  readonly skipProcessed?: boolean;
};

/**
 * JetStream for a service, bound to its connection and prefix: publish events and run
 * durable consumers, which stop (finishing the event in hand) when the app shuts down.
 */
@Injectable()
export class JetStreamService implements OnModuleDestroy {
  readonly js: JetStreamClient;
  readonly processed: ProcessedEvents;
  private readonly running: RunningConsumer[] = [];

  constructor(
    private readonly ctx: PlatformContext,
    @InjectConnection() connection: Connection,
  ) {
    this.js = ctx.link.connection.jetstream();
    this.processed = new ProcessedEvents(connection);
  }

  /** Publishes an event (see `publishEvent`) under the service's prefix. */
  publish<D, DIn>(
    contract: EventContract<D, DIn>,
    data: DIn,
    opts: Omit<PublishEventOptions, 'prefix'> = {},
  ): Promise<PublishedEvent> {
    return publishEvent(this.js, contract, data, { ...opts, prefix: this.ctx.config.prefix });
  }

  /** Publishes work (see `publishWork`) under the service's prefix; `id` de-duplicates. */
  publishWork<D, DIn>(
    contract: QueueContract<D, DIn>,
    data: DIn,
    opts: { readonly id: string; readonly correlationId?: string },
  ): Promise<PublishedEvent> {
    return publishWork(this.js, contract, data, { ...opts, prefix: this.ctx.config.prefix });
  }

  async consume<D>(opts: ConsumeOptions<D>): Promise<RunningConsumer> {
    const consumer = await runDurableConsumer({
      ...opts,
      js: this.js,
      logger: this.ctx.logger,
      metrics: this.ctx.metrics,
      prefix: this.ctx.config.prefix,
      ...(opts.skipProcessed === false ? {} : { processed: this.processed }),
    });
    this.running.push(consumer);
    return consumer;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }
}
