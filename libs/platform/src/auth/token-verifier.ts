import { ROLES, type Role } from '@vplan/contracts';
import type { ApiKey } from '../config/config';
import { verifyHs256 } from './hs256-jwt';
import { hashToken, sameHash } from './token-hash';
import type { Principal } from './roles';

/** Why a token was refused (the reason is logged, never the token). */
export type VerifyOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks bearer tokens: API keys (SHA-256 compared in constant time against every
 * configured key) and, when a secret is configured, HS256 JWTs whose `sub` names the
 * caller and whose `role` claim is one of the four roles.
 */
export class TokenVerifier {
  constructor(
    private readonly apiKeys: readonly ApiKey[],
    private readonly jwtSecret: Uint8Array | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<VerifyOutcome> {
    const key = this.matchApiKey(token);
    if (key) return { ok: true, principal: { name: key.name, role: key.role, via: 'api-key' } };
    if (this.jwtSecret && token.split('.').length === 3)
      return this.verifyJwt(token, this.jwtSecret);
    return { ok: false, reason: 'unknown token' };
  }

  private matchApiKey(token: string): ApiKey | undefined {
    const hash = hashToken(token);
    let found: ApiKey | undefined;
    // No early exit: every key is compared, so timing says nothing about which one matched.
    for (const key of this.apiKeys) {
      if (sameHash(hash, key.tokenHash) && !found) found = key;
    }
    return found;
  }

  private verifyJwt(token: string, secret: Uint8Array): VerifyOutcome {
    const outcome = verifyHs256(token, secret, this.clock());
    if (!outcome.ok) return { ok: false, reason: `jwt: ${outcome.reason}` };
    const { role, sub } = outcome.claims;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      return { ok: false, reason: `jwt: claim "role" must be one of ${ROLES.join(', ')}` };
    }
    if (typeof sub !== 'string' || sub === '') {
      return { ok: false, reason: 'jwt: claim "sub" is missing' };
    }
    return { ok: true, principal: { name: sub, role: role as Role, via: 'jwt' } };
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}
