import { HttpException } from '@nestjs/common';
import type { WireError } from '@vplan/contracts';
import { ZodError } from 'zod';
import { AppError, HTTP_STATUS, codeForStatus, validationError } from './app-error';

type ErrorPayload = WireError;

/** What a thrown value becomes on the wire, with the HTTP status and whether it was expected. */
export interface MappedError {
  readonly status: number;
  /** The `error` of the body (`errorBodySchema`) or of a NATS error reply. */
  readonly payload: WireError;
  /** False for bugs and unknown failures: logged with their stack, message hidden. */
  readonly expected: boolean;
}

/**
 * Maps anything thrown by a handler to the wire error: AppError as is, zod errors as
 * BAD_REQUEST with field paths, Nest HTTP exceptions by status, MongoDB duplicate keys
 * as CONFLICT, everything else as INTERNAL with a generic message (no internals leak).
 */
export function mapError(err: unknown, correlationId?: string): MappedError {
  const withId = (p: ErrorPayload): ErrorPayload => (correlationId ? { ...p, correlationId } : p);
  if (err instanceof ZodError) return mapError(validationError('input', err), correlationId);
  if (err instanceof AppError) {
    const payload: ErrorPayload = { code: err.code, message: err.message };
    if (err.details?.length) payload.details = [...err.details];
    return {
      status: HTTP_STATUS[err.code],
      payload: withId(payload),
      expected: err.code !== 'INTERNAL',
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = codeForStatus(status);
    const message = status >= 500 ? 'internal error' : httpExceptionMessage(err);
    return { status, payload: withId({ code, message }), expected: status < 500 };
  }
  if (isDuplicateKey(err)) {
    return {
      status: 409,
      payload: withId({ code: 'CONFLICT', message: 'already exists' }),
      expected: true,
    };
  }
  if (isBodyParserError(err)) {
    return {
      status: 400,
      payload: withId({ code: 'BAD_REQUEST', message: `invalid request body: ${err.type}` }),
      expected: true,
    };
  }
  return {
    status: 500,
    payload: withId({ code: 'INTERNAL', message: 'internal error' }),
    expected: false,
  };
}

function httpExceptionMessage(err: HttpException): string {
  const response = err.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return err.message;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

function isBodyParserError(err: unknown): err is { type: string; status: number } {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { type?: unknown; status?: unknown };
  return typeof e.type === 'string' && e.type.startsWith('entity.') && e.status === 400;
}
