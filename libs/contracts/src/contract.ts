import { z } from 'zod';
import { isoDateTimeSchema } from './common';

/** Request/reply subjects: `vplan.<service>.<entity>.<action>.v1`. */
export const REQUEST_SUBJECT =
  /^vplan\.(inventory|workloads|constraints|planning|discovery)\.[a-z-]+\.[a-z-]+\.v1$/;
/** Event subjects: `vplan.evt.<service>.<entity>.<past-tense action>.v1`. */
export const EVENT_SUBJECT =
  /^vplan\.evt\.(inventory|workloads|constraints|planning|discovery)\.[a-z-]+\.[a-z-]+ed\.v1$/;
/**
 * Work subjects (JetStream messages that one consumer processes, not facts for all):
 * `vplan.ingest.<entity>.v1` (collector samples) and `vplan.jobs.<service>.<action>.v1`.
 */
export const QUEUE_SUBJECT = /^vplan\.(ingest\.[a-z-]+|jobs\.(planning|discovery)\.[a-z-]+)\.v1$/;

/**
 * A core-NATS request/reply: the subject, what the request carries and what a
 * successful reply's `data` carries (errors reply with `{ ok: false, error }`).
 * `ReqIn`/`ResIn` are the input types (before defaults are applied).
 */
export interface RequestContract<Req, Res, ReqIn = Req, ResIn = Res> {
  readonly kind: 'request';
  readonly subject: string;
  readonly request: z.ZodType<Req, ReqIn>;
  readonly response: z.ZodType<Res, ResIn>;
}

/** A fact published on a JetStream stream, wrapped in {@link eventEnvelopeSchema}. */
export interface EventContract<D, DIn = D> {
  readonly kind: 'event';
  readonly subject: string;
  /** Name of the stream (a key of STREAMS) that captures the subject. */
  readonly stream: string;
  readonly data: z.ZodType<D, DIn>;
}

/**
 * Work on a JetStream stream, processed once by one consumer (collector samples,
 * planning jobs). Sent without an envelope; the payload names its own id, which is also
 * the `Nats-Msg-Id` header (JetStream de-duplication).
 */
export interface QueueContract<D, DIn = D> {
  readonly kind: 'queue';
  readonly subject: string;
  readonly stream: string;
  readonly data: z.ZodType<D, DIn>;
}

export type AnyContract =
  | RequestContract<unknown, unknown, unknown, unknown>
  | EventContract<unknown, unknown>
  | QueueContract<unknown, unknown>;

function checkSubject(subject: string, pattern: RegExp, what: string): void {
  if (!pattern.test(subject)) {
    throw new Error(`${what} subject "${subject}" does not match ${String(pattern)}`);
  }
}

/** Defines a request/reply contract; throws when the subject breaks the naming rule. */
export function defineRequest<Q extends z.ZodType, R extends z.ZodType>(
  subject: string,
  request: Q,
  response: R,
): RequestContractOf<Q, R> {
  checkSubject(subject, REQUEST_SUBJECT, 'request');
  return { kind: 'request', subject, request, response } as RequestContractOf<Q, R>;
}

/** A request contract that keeps its exact schemas (so `.shape` and friends stay typed). */
export type RequestContractOf<Q extends z.ZodType, R extends z.ZodType> = RequestContract<
  z.output<Q>,
  z.output<R>,
  z.input<Q>,
  z.input<R>
> & { readonly request: Q; readonly response: R };

/** An event contract that keeps its exact data schema. */
export type EventContractOf<D extends z.ZodType> = EventContract<z.output<D>, z.input<D>> & {
  readonly data: D;
};

/** A queue contract that keeps its exact data schema. */
export type QueueContractOf<D extends z.ZodType> = QueueContract<z.output<D>, z.input<D>> & {
  readonly data: D;
};

/** Defines an event contract; throws when the subject breaks the naming rule. */
export function defineEvent<D extends z.ZodType>(
  subject: string,
  stream: string,
  data: D,
): EventContractOf<D> {
  checkSubject(subject, EVENT_SUBJECT, 'event');
  return { kind: 'event', subject, stream, data } as EventContractOf<D>;
}

/** Defines a work-queue contract; throws when the subject breaks the naming rule. */
export function defineQueue<D extends z.ZodType>(
  subject: string,
  stream: string,
  data: D,
): QueueContractOf<D> {
  checkSubject(subject, QUEUE_SUBJECT, 'queue');
  return { kind: 'queue', subject, stream, data } as QueueContractOf<D>;
}

/**
 * The envelope of every event: `id` (a uuid, also sent as the `Nats-Msg-Id` header, so
 * JetStream drops duplicates and consumers are idempotent on it), `type` (= the
 * subject, without any test prefix), `occurredAt`, the `correlationId` of the request
 * that caused it, and the contract's `data`.
 */
export function eventEnvelopeSchema<D extends z.ZodType>(data: D) {
  return z.strictObject({
    id: z.uuid(),
    type: z.string().regex(EVENT_SUBJECT, 'must be an event subject'),
    occurredAt: isoDateTimeSchema,
    correlationId: z.string().min(1).max(200).optional(),
    data,
  });
}
export interface EventEnvelope<D> {
  id: string;
  type: string;
  occurredAt: string;
  correlationId?: string;
  data: D;
}

/**
 * Wraps event data in its envelope. Pure: the id (a uuid) and the time come from the
 * caller.
 */
export function toEnvelope<D>(
  contract: EventContract<D, unknown>,
  data: D,
  meta: { readonly id: string; readonly occurredAt: string; readonly correlationId?: string },
): EventEnvelope<D> {
  return {
    id: meta.id,
    type: contract.subject,
    occurredAt: meta.occurredAt,
    ...(meta.correlationId === undefined ? {} : { correlationId: meta.correlationId }),
    data,
  };
}

/** The request type (after defaults) of a request contract. */
export type RequestOf<C> =
  C extends RequestContract<infer Q, unknown, unknown, unknown> ? Q : never;
/** The request type a caller may send (defaults optional). */
export type RequestInputOf<C> =
  C extends RequestContract<unknown, unknown, infer Q, unknown> ? Q : never;
/** The response type of a request contract. */
export type ResponseOf<C> =
  C extends RequestContract<unknown, infer R, unknown, unknown> ? R : never;
/** The data type of an event or queue contract. */
export type DataOf<C> =
  C extends EventContract<infer D, unknown>
    ? D
    : C extends QueueContract<infer D, unknown>
      ? D
      : never;
