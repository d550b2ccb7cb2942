import { connect, type NatsConnection, type Status } from 'nats';
import type { Logger } from '../logging/logger';

/** Reconnect every second (±200 ms jitter) forever: a NATS restart never needs a service restart. */
export const NATS_RECONNECT = {
  maxReconnectAttempts: -1,
  reconnectTimeWait: 1000,
  reconnectJitter: 200,
  pingInterval: 10_000,
  maxPingOut: 3,
} as const;

/**
 * The service's one NATS connection (request/reply, JetStream, outgoing requests) and
 * whether it is connected right now, which `/health/ready` reports.
 */
export class NatsLink {
  private up = true;
  private readonly watching: Promise<void>;
  private readonly reconnectListeners: (() => Promise<void>)[] = [];

  private constructor(
    readonly connection: NatsConnection,
    private readonly logger: Logger,
  ) {
    // The iterator nats.js returns is a QueuedIterator, which can be stopped.
    const status = connection.status() as AsyncIterable<Status> & { stop?: () => void };
    this.watching = this.watch(status);
    // nats.js does not end status iterators when the connection closes: end ours then.
    void connection.closed().then(() => status.stop?.());
  }

  /** Connects to `servers` (fails if none answers at boot; reconnects forever afterwards). */
  static async connect(
    servers: readonly string[],
    name: string,
    logger: Logger,
  ): Promise<NatsLink> {
    const connection = await connect({ servers: [...servers], name, ...NATS_RECONNECT });
    logger.info({ server: connection.getServer() }, 'nats connected');
    return new NatsLink(connection, logger);
  }

  /** Connected and not closed or draining. */
  get connected(): boolean {
    return this.up && !this.connection.isClosed() && !this.connection.isDraining();
  }

  /**
   * Runs `listener` after every reconnect (a failure is logged, not thrown): e.g. putting
   * back the JetStream streams of a server that restarted without its store.
   */
  onReconnect(listener: () => Promise<void>): void {
    this.reconnectListeners.push(listener);
  }

  /** Finishes in-flight messages, then closes (graceful shutdown). */
  async drain(): Promise<void> {
    if (!this.connection.isClosed() && !this.connection.isDraining()) {
      await this.connection.drain();
    }
    await this.watching;
  }

  private async watch(statuses: AsyncIterable<Status>): Promise<void> {
    for await (const status of statuses) {
      switch (status.type) {
        case 'disconnect':
          this.up = false;
          this.logger.warn({ server: status.data }, 'nats disconnected; reconnecting');
          break;
        case 'reconnect':
          this.up = true;
          this.logger.info({ server: status.data }, 'nats reconnected');
          for (const listener of this.reconnectListeners) {
            listener().catch((err: unknown) =>
              this.logger.warn({ err }, 'after the reconnect: a listener failed'),
            );
          }
          break;
        case 'error':
          this.logger.error({ err: status.data }, 'nats error');
          break;
        default:
          break;
      }
    }
  }
}
