import { randomBytes } from 'node:crypto';

/**
 * A short random prefix for one test file: `t`, up to 10 letters and digits of `label`,
 * then 8 random base-36 characters (`tpeers0k3v9x2a`). Lowercase letters and digits only,
 * so it is safe as a NATS subject token, in stream names (upper-cased) and database names.
 */
export function uniquePrefix(label: string): string {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10);
  const random = BigInt(`0x${randomBytes(6).toString('hex')}`)
    .toString(36)
    .padStart(8, '0')
    .slice(-8);
  return `t${clean}${random}`;
}
