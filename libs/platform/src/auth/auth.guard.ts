import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast, type Role } from '@vplan/contracts';
import { PlatformContext } from '../app/platform-context';
import { AppError } from '../errors/app-error';
import { PUBLIC_KEY, ROLES_KEY, type Principal } from './roles';
import { TokenVerifier, bearerToken } from './token-verifier';

/** An HTTP request as the guard and the audit see it. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Every HTTP endpoint needs a bearer token (API key or JWT) unless marked `@Public()`;
 * `@Roles(role)` raises the minimum from viewer. 401 without or with a bad token, 403
 * with a weaker role. NATS calls pass: NATS is the internal network (protect it with
 * NATS accounts and TLS).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly ctx: PlatformContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const required =
      this.reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, targets) ?? 'viewer';
    // The principal is kept before the role check, so a refused call is audited with it.
    req.principal = await authenticate(req.headers, this.verifier, this.ctx);
    requireRole(req.principal, required);
    return true;
  }
}

/**
 * The principal of a request's bearer token; UNAUTHORIZED without a token or with a bad
 * or expired one. With {@link requireRole}, the one check behind the guard and the
 * routes Nest does not guard (OpenAPI).
 */
export async function authenticate(
  headers: AuthenticatedRequest['headers'],
  verifier: TokenVerifier,
  ctx: PlatformContext,
): Promise<Principal> {
  const token = bearerToken(headers['authorization']);
  if (!token) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
  const outcome = await verifier.verify(token);
  if (!outcome.ok) {
    ctx.logger.info({ reason: outcome.reason }, 'token refused');
    throw new AppError('UNAUTHORIZED', 'invalid or expired token');
  }
  return outcome.principal;
}

/** FORBIDDEN unless the principal's role is at least `required`. */
export function requireRole(principal: Principal, required: Role): void {
  if (!roleAtLeast(principal.role, required)) {
    throw new AppError('FORBIDDEN', `role ${required} or stronger is required`);
  }
}
