import { performance } from 'node:perf_hooks';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import { prefixed } from '@vplan/contracts';
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from 'nats';
import { lastValueFrom } from 'rxjs';
import { mapError } from '../errors/error-body';
import type { Metrics } from '../http/metrics';
import {
  CORRELATION_HEADER,
  acceptCorrelationId,
  runWithCorrelation,
} from '../logging/correlation';
import type { Logger } from '../logging/logger';
import type { NatsLink } from './nats-link';
import { asErrorPayload, decodeJson, encodeJson, type NatsReply } from './reply';

export interface PlatformNatsServerOptions {
  readonly link: NatsLink;
  /** Subject prefix (`VPLAN_PREFIX`); handlers declare unprefixed contract subjects. */
  readonly prefix: string;
  /** Queue group shared by the service's replicas. */
  readonly queue: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * `@nestjs/microservices`' NATS transport, adapted to vplan's wire format: requests are
 * the contract's JSON payload (no Nest envelope), replies are `{ ok, data | error }`, the
 * `x-correlation-id` header is read and echoed, subjects get the service's prefix, and
 * every replica subscribes in one queue group. It shares the service's NATS connection
 * instead of opening its own, so health, JetStream and requests see one connection.
 */
export class PlatformNatsServer extends ServerNats {
  private readonly subs: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly platform: PlatformNatsServerOptions) {
    super({ queue: platform.queue });
  }

  override async createNatsClient(): Promise<NatsConnection> {
    return this.platform.link.connection;
  }

  /** Connection status is watched (and logged) once, by the NatsLink. */
  override async handleStatusUpdates(): Promise<void> {}

  override bindEvents(client: NatsConnection): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const queue = (handler.extras?.['queue'] as string | undefined) ?? this.platform.queue;
      const subject = prefixed(this.platform.prefix, pattern);
      const sub = client.subscribe(subject, {
        queue,
        callback: (err, msg) => {
          if (err) {
            this.platform.logger.error({ err, subject }, 'nats subscription error');
            return;
          }
          const work = this.handleMessage(pattern, msg).finally(() => this.inFlight.delete(work));
          this.inFlight.add(work);
        },
      });
      this.subs.push(sub);
    }
  }

  /** Stops taking requests and waits for the ones in flight; the connection is drained later. */
  override async close(): Promise<void> {
    await Promise.allSettled(this.subs.map((s) => s.drain()));
    this.subs.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  override async handleMessage(pattern: string, msg: Msg): Promise<void> {
    const correlationId = acceptCorrelationId(msg.headers?.get(CORRELATION_HEADER));
    await runWithCorrelation(correlationId, () => this.dispatch(pattern, msg, correlationId));
  }

  private async dispatch(pattern: string, msg: Msg, correlationId: string): Promise<void> {
    const started = performance.now();
    const reply = (packet: NatsReply): void => {
      const outcome = packet.ok ? 'ok' : packet.error.code;
      this.platform.metrics.natsHandled.inc({ subject: pattern, outcome });
      this.platform.logger.info(
        { subject: msg.subject, outcome, ms: Math.round(performance.now() - started) },
        'nats request handled',
      );
      if (!msg.reply) return;
      const h = natsHeaders();
      h.set(CORRELATION_HEADER, correlationId);
      msg.respond(encodeJson(packet), { headers: h });
    };
    let data: unknown;
    try {
      data = decodeJson(msg.data);
    } catch {
      reply({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'payload is not valid JSON', correlationId },
      });
      return;
    }
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      reply({
        ok: false,
        error: { code: 'NOT_FOUND', message: `no handler for ${pattern}`, correlationId },
      });
      return;
    }
    try {
      const result = await handler(data, new NatsContext([msg.subject, msg.headers]));
      const value: unknown = await lastValueFrom(this.transformToObservable(result), {
        defaultValue: undefined,
      });
      reply({ ok: true, data: value });
    } catch (err) {
      reply({ ok: false, error: asErrorPayload(err) ?? mapError(err, correlationId).payload });
    }
  }
}
