import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { Logger } from '../logging/logger';
import { currentCorrelationId } from '../logging/correlation';
import type { WireError } from '@vplan/contracts';
import { mapError } from './error-body';

interface HttpResponseLike {
  headersSent: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): HttpResponseLike;
  json(body: unknown): void;
}

/**
 * The one place errors become wire errors: for HTTP the status and `{ error }` body, for
 * NATS request/reply the same `error` object (sent as `{ ok: false, error }`). Unexpected
 * errors are logged with their stack; the caller only sees INTERNAL and the correlation id.
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    const mapped = mapError(exception, currentCorrelationId());
    if (!mapped.expected) this.logger.error({ err: exception }, 'unexpected error');
    if (host.getType() === 'rpc') {
      return throwError(() => mapped.payload satisfies WireError);
    }
    const res = host.switchToHttp().getResponse<HttpResponseLike>();
    if (res.headersSent) return;
    if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(mapped.status).json({ error: mapped.payload });
  }
}
