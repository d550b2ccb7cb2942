import type { ErrorCode, ErrorDetail } from '@vplan/contracts';
import type { z } from 'zod';

/**
 * The error services throw on purpose: a wire code from the contracts, a message safe to
 * show the caller, and optional per-field details. The exception filter turns it into
 * the HTTP status and `errorBodySchema` body, or into a NATS error reply.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** HTTP status of each error code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** Error code of an HTTP status (for framework errors such as an unknown route). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 503:
      return 'UNAVAILABLE';
    case 408:
    case 504:
      return 'TIMEOUT';
    default:
      return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  }
}

/** Zod issues as details: the dotted path of each bad field and what is wrong with it. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/** A BAD_REQUEST naming every bad field of `where` (body, query, payload, …). */
export function validationError(where: string, error: z.ZodError): AppError {
  const details = zodDetails(error);
  const fields = details.map((d) => d.path).join(', ');
  return new AppError('BAD_REQUEST', `invalid ${where}: ${fields}`, details);
}
