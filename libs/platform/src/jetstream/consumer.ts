import {
  STREAM_LIST,
  eventEnvelopeSchema,
  prefixed,
  type EventContract,
  type QueueContract,
} from '@vplan/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  NatsError,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from 'nats';
import { z } from 'zod';
import type { Metrics } from '../http/metrics';
import {
  CORRELATION_HEADER,
  acceptCorrelationId,
  runWithCorrelation,
} from '../logging/correlation';
import type { Logger } from '../logging/logger';
import { decodeJson } from '../nats/reply';
import type { ProcessedEvents } from './processed-events';
import { ensureStreams } from './streams';

/**
 * What a handler gets: for an event, its envelope; for work (a queue contract, sent
 * without envelope), the data with the `Nats-Msg-Id` as id.
 */
export interface Delivery<D> {
  readonly id: string;
  readonly data: D;
  readonly correlationId?: string;
  /** Events only: when it happened (ISO). */
  readonly occurredAt?: string;
}

export interface DurableConsumerOptions<D> {
  readonly js: JetStreamClient;
  /** What is consumed: its stream and subject, and the schema its data must match. */
  readonly contract: EventContract<D, unknown> | QueueContract<D, unknown>;
  /** Durable consumer name (letters, digits, `_`, `-`); one per consuming service and purpose. */
  readonly durable: string;
  /** Narrower subject filter inside the stream (default: the contract's subject). */
  readonly filterSubject?: string;
  /**
   * Handles one event; the message is acked only after the returned promise resolves, so
   * resolve after the database write. A rejection naks it for redelivery after a delay.
   */
  readonly handler: (delivery: Delivery<D>, msg: JsMsg) => Promise<void>;
  readonly logger: Logger;
  /** Subject and stream prefix (`VPLAN_PREFIX`). */
  readonly prefix?: string;
  /** Messages pulled per batch (default 100). */
  readonly batch?: number;
  /** Time the server waits for an ack before redelivering (ms, default 30 000). */
  readonly ackWaitMs?: number;
  /** First redelivery delay after a failure (ms, default 1000); doubles per attempt up to 30 s. */
  readonly nakDelayMs?: number;
  /** Deliveries before the server gives up on a message (default unlimited). */
  readonly maxDeliver?: number;
  /** Skip events this consumer already handled (see ProcessedEvents). */
  readonly processed?: ProcessedEvents;
  readonly metrics?: Metrics;
}

/** A running consumer; `stop()` finishes the event in hand and stops pulling. */
export interface RunningConsumer {
  readonly durable: string;
  stop(): Promise<void>;
}

const DURABLE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAK_DELAY_MS = 30_000;
const CONSUMER_NOT_FOUND = 10014;
const STREAM_NOT_FOUND = 10059;

/**
 * Runs a durable pull consumer: creates it if missing (explicit acks), pulls in batches,
 * and for each message decodes the envelope (a message that is not JSON or breaks the
 * contract is logged with its subject and why, then terminated: redelivery cannot fix
 * it), calls the handler inside the event's correlation id, acks after it resolved, naks
 * with a growing delay when it throws. It survives NATS restarts (the client reconnects
 * and the loop pulls again), also one that lost its store: a missing stream (of the
 * contracts) or consumer is created again. It stops cleanly.
 */
export async function runDurableConsumer<D>(
  opts: DurableConsumerOptions<D>,
): Promise<RunningConsumer> {
  if (!DURABLE_PATTERN.test(opts.durable)) {
    throw new Error(
      `durable consumer name "${opts.durable}" must be 1-64 letters, digits, "_" or "-"`,
    );
  }
  const prefix = opts.prefix ?? '';
  const stream = prefixed(prefix, opts.contract.stream);
  const filter = prefixed(prefix, opts.filterSubject ?? opts.contract.subject);
  await ensureConsumer(opts, stream, filter);

  const decode = decoderOf(opts.contract);
  let stopped = false;
  let current: ConsumerMessages | undefined;
  let wake: (() => void) | undefined;

  const handleOne = async (m: JsMsg): Promise<void> => {
    const decoded = decode(m);
    if (!decoded.ok) return terminate(m, decoded.why);
    const delivery = decoded.delivery;
    await runWithCorrelation(acceptCorrelationId(delivery.correlationId), () =>
      deliver(m, delivery),
    );
  };

  const terminate = (m: JsMsg, why: string): void => {
    opts.logger.error(
      { subject: m.subject, seq: m.seq, durable: opts.durable, why },
      'event dropped',
    );
    opts.metrics?.eventsHandled.inc({ consumer: opts.durable, outcome: 'undecodable' });
    // No reason in the +TERM: nats-server 2.9 ignores a +TERM that carries one.
    m.term();
  };

  const deliver = async (m: JsMsg, event: Delivery<D>): Promise<void> => {
    try {
      if (opts.processed && (await opts.processed.seen(opts.durable, event.id))) {
        opts.metrics?.eventsHandled.inc({ consumer: opts.durable, outcome: 'duplicate' });
        await ack(m);
        return;
      }
      await opts.handler(event, m);
      if (opts.processed) await opts.processed.mark(opts.durable, event.id);
      opts.metrics?.eventsHandled.inc({ consumer: opts.durable, outcome: 'ok' });
      opts.logger.debug(
        { subject: m.subject, eventId: event.id, durable: opts.durable },
        'event handled',
      );
      await ack(m);
    } catch (err) {
      const attempt = m.info.redeliveryCount;
      const delay = Math.min((opts.nakDelayMs ?? 1000) * 2 ** (attempt - 1), MAX_NAK_DELAY_MS);
      opts.metrics?.eventsHandled.inc({ consumer: opts.durable, outcome: 'error' });
      opts.logger.warn(
        {
          err,
          subject: m.subject,
          eventId: event.id,
          durable: opts.durable,
          attempt,
          retryInMs: delay,
        },
        'event handler failed; redelivering',
      );
      m.nak(delay);
    }
  };

  const ack = async (m: JsMsg): Promise<void> => {
    try {
      await m.ackAck();
    } catch (err) {
      // The ack was lost (connection gone): the event comes back and is skipped or redone.
      opts.logger.warn({ err, subject: m.subject, seq: m.seq }, 'ack not confirmed');
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        const consumer = await opts.js.consumers.get(stream, opts.durable);
        // A missing stream or consumer ends the iterator, so the catch below restores them.
        current = await consumer.consume({
          max_messages: opts.batch ?? 100,
          abort_on_missing_resource: true,
        });
        for await (const m of current) {
          await handleOne(m);
          if (stopped) break;
        }
      } catch (err) {
        if (stopped) break;
        opts.logger.warn({ err, stream, durable: opts.durable }, 'consumer interrupted; retrying');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000);
        });
        if (!stopped) await restore(opts, stream, filter);
      }
    }
  };
  const running = loop();

  return {
    durable: opts.durable,
    async stop() {
      stopped = true;
      current?.stop();
      wake?.();
      await running;
    },
  };
}

type Decoded<D> = { ok: true; delivery: Delivery<D> } | { ok: false; why: string };

/** Decodes a message of `contract`: JSON, then the envelope (events) or the data (work). */
function decoderOf<D>(
  contract: EventContract<D, unknown> | QueueContract<D, unknown>,
): (m: JsMsg) => Decoded<D> {
  const schema: z.ZodType<unknown> =
    contract.kind === 'event' ? eventEnvelopeSchema(contract.data) : contract.data;
  return (m) => {
    let value: unknown;
    try {
      value = decodeJson(m.data);
    } catch {
      return { ok: false, why: 'payload is not valid JSON' };
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const fields = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
      );
      return { ok: false, why: `breaks the contract: ${fields.join('; ')}` };
    }
    if (contract.kind === 'event') return { ok: true, delivery: parsed.data as Delivery<D> };
    const id = m.headers?.get('Nats-Msg-Id');
    if (!id) return { ok: false, why: 'work message without a Nats-Msg-Id header' };
    const correlationId = m.headers?.get(CORRELATION_HEADER) || undefined;
    return {
      ok: true,
      delivery: { id, data: parsed.data as D, ...(correlationId ? { correlationId } : {}) },
    };
  };
}

/**
 * After a failure: creates the consumer (and its stream, when the contracts define it)
 * if the server no longer has them, as after a restart without its store. Gives up
 * quietly while NATS is unreachable; the loop calls again.
 */
async function restore<D>(
  opts: DurableConsumerOptions<D>,
  stream: string,
  filter: string,
): Promise<void> {
  try {
    const jsm = await opts.js.jetstreamManager();
    const def = STREAM_LIST.find((d) => d.name === opts.contract.stream);
    const missing = await jsm.streams.info(stream).then(
      () => false,
      (err: unknown) => err instanceof NatsError && err.api_error?.err_code === STREAM_NOT_FOUND,
    );
    if (missing && def) {
      await ensureStreams(jsm, [def], opts.prefix ?? '');
      opts.logger.warn({ stream }, 'stream was gone; created it again');
    }
    await ensureConsumer(opts, stream, filter);
  } catch {
    // NATS is still away (or the stream is not ours to create): the next round tries again.
  }
}

async function ensureConsumer<D>(
  opts: DurableConsumerOptions<D>,
  stream: string,
  filter: string,
): Promise<void> {
  const jsm = await opts.js.jetstreamManager();
  try {
    await jsm.consumers.info(stream, opts.durable);
    return;
  } catch (err) {
    if (!(err instanceof NatsError && err.api_error?.err_code === CONSUMER_NOT_FOUND)) throw err;
  }
  await jsm.consumers.add(stream, {
    durable_name: opts.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    ack_wait: nanos(opts.ackWaitMs ?? 30_000),
    max_deliver: opts.maxDeliver ?? -1,
    max_ack_pending: Math.max(1000, (opts.batch ?? 100) * 10),
  });
}
