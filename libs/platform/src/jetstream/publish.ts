import { randomUUID } from 'node:crypto';
import { prefixed, toEnvelope, type EventContract, type QueueContract } from '@vplan/contracts';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import { validationError } from '../errors/app-error';
import { CORRELATION_HEADER, currentCorrelationId } from '../logging/correlation';
import { encodeJson } from '../nats/reply';

export interface PublishEventOptions {
  /** Event id (a UUID; default a new one). Also the `Nats-Msg-Id`: re-publishing it is a no-op. */
  readonly id?: string;
  /** Default: the correlation id of the call being handled. */
  readonly correlationId?: string;
  /** Subject prefix (`VPLAN_PREFIX`). */
  readonly prefix?: string;
  /** Default: now. */
  readonly occurredAt?: Date;
}

export interface PublishedEvent {
  readonly id: string;
  readonly seq: number;
  /** True when the stream already had this id (within its de-duplication window). */
  readonly duplicate: boolean;
}

/**
 * Publishes one event to JetStream in the contracts' envelope `{ id, type, occurredAt,
 * correlationId?, data }`, after checking `data` against the contract. The event id is
 * sent as `Nats-Msg-Id`, so the server drops a re-publish of the same event.
 */
export async function publishEvent<D, DIn>(
  js: JetStreamClient,
  contract: EventContract<D, DIn>,
  data: DIn,
  opts: PublishEventOptions = {},
): Promise<PublishedEvent> {
  const checked = contract.data.safeParse(data);
  if (!checked.success) throw validationError(`event ${contract.subject}`, checked.error);
  const id = opts.id ?? randomUUID();
  const correlationId = opts.correlationId ?? currentCorrelationId();
  const envelope = toEnvelope(contract, checked.data, {
    id,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    ...(correlationId ? { correlationId } : {}),
  });
  return send(js, prefixed(opts.prefix, contract.subject), envelope, id, correlationId);
}

/**
 * Publishes one unit of work (collector samples, a job) to its work stream, without an
 * envelope: `id` is the `Nats-Msg-Id`, so a retried publish of the same work is dropped.
 */
export async function publishWork<D, DIn>(
  js: JetStreamClient,
  contract: QueueContract<D, DIn>,
  data: DIn,
  opts: { readonly id: string; readonly correlationId?: string; readonly prefix?: string },
): Promise<PublishedEvent> {
  const checked = contract.data.safeParse(data);
  if (!checked.success) throw validationError(`message ${contract.subject}`, checked.error);
  const correlationId = opts.correlationId ?? currentCorrelationId();
  return send(js, prefixed(opts.prefix, contract.subject), checked.data, opts.id, correlationId);
}

async function send(
  js: JetStreamClient,
  subject: string,
  payload: unknown,
  id: string,
  correlationId: string | undefined,
): Promise<PublishedEvent> {
  const h = natsHeaders();
  if (correlationId) h.set(CORRELATION_HEADER, correlationId);
  const ack = await js.publish(subject, encodeJson(payload), { msgID: id, headers: h });
  return { id, seq: ack.seq, duplicate: ack.duplicate };
}
