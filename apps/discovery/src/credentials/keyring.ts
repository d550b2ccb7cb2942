import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 32-byte key, a random 12-byte IV per secret, a 16-byte tag. */
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A secret as stored: never the plaintext. `data` and `tag` are base64. */
export interface SealedSecret {
  alg: 'A256GCM';
  /** Which key sealed it (see {@link keyIdOf}), so keys can rotate. */
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

/**
 * Decodes a key given as base64 of exactly 32 bytes (padding optional, white space
 * around ignored); undefined when it is anything else.
 */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return undefined;
  const key = Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) return undefined;
  // Buffer.from ignores stray characters: insist that the text is exactly this key.
  return key.toString('base64').replace(/=+$/, '') === t.replace(/=+$/, '') ? key : undefined;
}

/**
 * Key bytes that do not show themselves: JSON and `util.inspect` print `[key <id>]`, so
 * a config or context that gets logged by mistake leaks nothing.
 */
export class KeyMaterial {
  readonly #bytes: Buffer;
  readonly id: string;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
    this.id = keyIdOf(bytes);
  }

  bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): string {
    return `[key ${this.id}]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `[key ${this.id}]`;
  }
}

/** A key's public id: `k` + 12 hex digits of its SHA-256 (names the key, reveals nothing usable). */
export function keyIdOf(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * The discovery service's encryption keys: the current one seals, it and the previous
 * ones open. Keys live in private fields: JSON, `util.inspect` and logs see only ids.
 */
export class Keyring {
  readonly #keys = new Map<string, Buffer>();
  readonly currentId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    if (current.length !== KEY_BYTES) throw new RangeError(`a key has ${KEY_BYTES} bytes`);
    this.currentId = keyIdOf(current);
    this.#keys.set(this.currentId, current);
    for (const key of previous) if (key.length === KEY_BYTES) this.#keys.set(keyIdOf(key), key);
  }

  /** Ids of every key that can open (current first). */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Encrypts `plaintext` with the current key and a fresh random IV. `context` (e.g. the
   * credential id) is authenticated, so a sealed secret cannot be moved to another record.
   */
  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      keyId: this.currentId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Decrypts; throws when the key is unknown or the data, IV, tag or context do not match. */
  open(sealed: SealedSecret, context: string): string {
    const key = this.#keys.get(sealed.keyId);
    if (!key) throw new Error(`secret sealed with key ${sealed.keyId}, which is not configured`);
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Whether a secret was sealed with an older key (to re-seal it). */
  isStale(sealed: SealedSecret): boolean {
    return sealed.keyId !== this.currentId;
  }

  toJSON(): { currentId: string; keyIds: string[] } {
    return { currentId: this.currentId, keyIds: this.keyIds };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Keyring(${this.keyIds.join(', ')})`;
  }
}
