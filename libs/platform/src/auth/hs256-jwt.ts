import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a JWT was refused, or its claims. */
export type JwtOutcome =
  | { readonly ok: true; readonly claims: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** Tolerated clock difference for `exp` and `nbf`, seconds. */
const CLOCK_SKEW_S = 30;

/**
 * Verifies a compact HS256 JWS (RFC 7515/7519): the header must say `alg: HS256` (no
 * `none`, no algorithm confusion), the HMAC-SHA256 signature is compared in constant
 * time, and `exp`/`nbf` are enforced when present. Written on node:crypto because jose 6
 * is ESM-only and the repository's jest runs CommonJS (README: "JWT").
 */
export function verifyHs256(token: string, secret: Uint8Array, nowMs: number): JwtOutcome {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeSegment(headerPart);
  if (!header) return { ok: false, reason: 'malformed header' };
  if (header['alg'] !== 'HS256') return { ok: false, reason: 'algorithm must be HS256' };
  if (typeof header['crit'] !== 'undefined')
    return { ok: false, reason: 'unsupported crit header' };
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature verification failed' };
  }
  const claims = decodeSegment(payloadPart);
  if (!claims) return { ok: false, reason: 'malformed claims' };
  const now = nowMs / 1000;
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  if (exp !== undefined && (typeof exp !== 'number' || now > exp + CLOCK_SKEW_S)) {
    return { ok: false, reason: 'expired' };
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf - CLOCK_SKEW_S)) {
    return { ok: false, reason: 'not yet valid' };
  }
  return { ok: true, claims };
}

/** Signs claims as an HS256 JWT (for tests and tools that mint tokens). */
export function signHs256(claims: Record<string, unknown>, secret: Uint8Array): string {
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
