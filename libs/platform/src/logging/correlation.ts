import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header that carries the correlation id over HTTP and in NATS message headers. */
export const CORRELATION_HEADER = 'x-correlation-id';

interface CorrelationStore {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationStore>();
const ACCEPTED = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A fresh correlation id (a UUID). */
export function newCorrelationId(): string {
  return randomUUID();
}

/**
 * The id to use for an incoming call: the caller's, when it is a sane token (so a
 * crafted header cannot inject into logs), else a new one.
 */
export function acceptCorrelationId(incoming: string | string[] | undefined | null): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && ACCEPTED.test(value) ? value : newCorrelationId();
}

/** Runs `fn` with `correlationId` as the current id (logs, outgoing NATS messages). */
export function runWithCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** The correlation id of the call being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
