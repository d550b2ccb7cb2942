import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a bearer token: what the platform keeps in memory instead of the token. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two token hashes (both are 32 bytes). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
