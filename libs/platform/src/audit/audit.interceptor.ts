import {
  Injectable,
  SetMetadata,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import type { RequestContract } from '@vplan/contracts';
import { tap, type Observable } from 'rxjs';
import { asErrorPayload } from '../nats/reply';
import { currentCorrelationId } from '../logging/correlation';
import { mapError } from '../errors/error-body';
import { AuditWriter, MUTATING_METHODS, idsOf } from './audit';

export const AUDIT_KEY = 'vplan:audit';

/**
 * Declares a NATS request handler for a contract (its unprefixed subject; the platform
 * adds the prefix and the queue group). `mutating: true` audits every call.
 */
export function HandleRequest(
  contract: Pick<RequestContract<unknown, unknown>, 'subject'>,
  opts: { readonly mutating?: boolean } = {},
): MethodDecorator {
  return applyDecorators(
    MessagePattern(contract.subject),
    SetMetadata(AUDIT_KEY, opts.mutating === true),
  );
}

/** Where the HTTP audit (written when the response finishes) finds the touched ids. */
export interface AuditableRequest {
  method: string;
  params?: Record<string, string>;
  auditTargetIds?: string[];
}

/**
 * Audits mutating calls. HTTP: POST/PUT/PATCH/DELETE are written by the request
 * middleware when the response finishes (so 401/403/400 are audited too); this
 * interceptor only collects the ids (route params, result id). NATS: handlers declared
 * `mutating` are written here with the reply's outcome.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditWriter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<AuditableRequest>();
      if (!MUTATING_METHODS.has(req.method)) return next.handle();
      const params = Object.values(req.params ?? {});
      req.auditTargetIds = params;
      return next.handle().pipe(
        tap((result) => {
          req.auditTargetIds = [...new Set([...params, ...idsOf(result)])];
        }),
      );
    }
    if (
      context.getType() !== 'rpc' ||
      !this.reflector.get<boolean>(AUDIT_KEY, context.getHandler())
    ) {
      return next.handle();
    }
    const rpc = context.switchToRpc();
    const subject = String(
      (rpc.getContext() as { getSubject?: () => string }).getSubject?.() ?? '',
    );
    const payloadIds = idsOf(rpc.getData());
    const write = (status: string, result?: unknown): void => {
      void this.audit.write({
        principal: { name: 'nats', role: 'internal' },
        method: 'NATS',
        target: subject,
        status,
        correlationId: currentCorrelationId() ?? '',
        targetIds: [...new Set([...payloadIds, ...idsOf(result)])],
      });
    };
    return next.handle().pipe(
      tap({
        next: (result) => write('ok', result),
        error: (err: unknown) => write((asErrorPayload(err) ?? mapError(err).payload).code),
      }),
    );
  }
}
