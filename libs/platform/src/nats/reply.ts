import { wireErrorSchema, type Reply, type WireError } from '@vplan/contracts';

/** A NATS reply as sent: `{ ok: true, data }` or `{ ok: false, error }` (the contracts' `replySchema`). */
export type NatsReply<T = unknown> = Reply<T>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON bytes of a value (`undefined` becomes an empty payload). */
export function encodeJson(value: unknown): Uint8Array {
  return value === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(value));
}

/** The value of JSON bytes; an empty payload is `undefined`. Throws on bad JSON. */
export function decodeJson(bytes: Uint8Array): unknown {
  return bytes.length === 0 ? undefined : JSON.parse(decoder.decode(bytes));
}

/** The wire error inside a value thrown by the exception filter, if it is one. */
export function asErrorPayload(value: unknown): WireError | undefined {
  const parsed = wireErrorSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
