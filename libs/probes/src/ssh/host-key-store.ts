import { createHash } from 'node:crypto';

/**
 * Pinned SSH host keys by `host:port` (trust on first use): the probe records the key a
 * host offers the first time and refuses a different one later.
 */
export interface HostKeyStore {
  /** The pinned fingerprint (`SHA256:…`), undefined when the host was never seen. */
  get(host: string, port: number): Promise<string | undefined>;
  /** Pins a fingerprint for the host. */
  trust(host: string, port: number, fingerprint: string): Promise<void>;
}

/** A store in memory (tests, one CLI run). */
export function memoryHostKeyStore(initial: Record<string, string> = {}): HostKeyStore & {
  readonly entries: () => Record<string, string>;
} {
  const pinned = new Map<string, string>(Object.entries(initial));
  const key = (host: string, port: number): string => `${host}:${port}`;
  return {
    get: async (host, port) => pinned.get(key(host, port)),
    trust: async (host, port, fingerprint) => {
      pinned.set(key(host, port), fingerprint);
    },
    entries: () => Object.fromEntries(pinned),
  };
}

/** OpenSSH's fingerprint of a public key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
