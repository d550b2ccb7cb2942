import { performance } from 'node:perf_hooks';
import type { AuditWriter } from '../audit/audit';
import { MUTATING_METHODS } from '../audit/audit';
import type { AuditableRequest } from '../audit/audit.interceptor';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import {
  CORRELATION_HEADER,
  acceptCorrelationId,
  runWithCorrelation,
} from '../logging/correlation';
import type { Logger } from '../logging/logger';
import type { Metrics } from './metrics';

/** The parts of an Express request and response the middleware reads. */
type Request = AuthenticatedRequest &
  AuditableRequest & {
    originalUrl: string;
    baseUrl?: string;
    route?: { path?: unknown };
  };
interface Response {
  statusCode: number;
  setHeader(name: string, value: string): void;
  on(event: 'finish', listener: () => void): void;
}

/**
 * Runs first on every request: takes or makes the correlation id (echoed in the
 * response header, kept in AsyncLocalStorage for the handler), and when the response
 * finishes logs one line, records the duration metric by route pattern, and writes the
 * audit record of a mutating call.
 */
export function requestMiddleware(deps: { logger: Logger; metrics: Metrics; audit: AuditWriter }) {
  return (req: Request, res: Response, next: () => void): void => {
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = performance.now();
    const path = req.originalUrl.split('?')[0] ?? '';
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route =
        typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      deps.metrics.httpDuration.observe(
        { route, method: req.method, status: String(res.statusCode) },
        seconds,
      );
      deps.logger.info(
        {
          correlationId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          principal: req.principal?.name,
        },
        'http request handled',
      );
      if (MUTATING_METHODS.has(req.method)) {
        void deps.audit.write({
          principal: req.principal ? { name: req.principal.name, role: req.principal.role } : null,
          method: req.method,
          target: path,
          status: res.statusCode,
          correlationId,
          targetIds: req.auditTargetIds ?? [],
        });
      }
    });
    runWithCorrelation(correlationId, next);
  };
}
