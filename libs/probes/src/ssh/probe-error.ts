/**
 * Where a probe failed: `connect` (TCP: refused, unreachable, reset), `host-key` (the
 * pinned key does not match, or the store failed), `auth` (credential refused or unreadable),
 * `command` (the session broke while commands ran), `timeout` (no answer in time),
 * `cancelled` (the caller's AbortSignal fired).
 */
export type ProbeStage = 'connect' | 'host-key' | 'auth' | 'command' | 'timeout' | 'cancelled';

/**
 * A probe's failure, for scan jobs and the CLI. Its message names the target and what went
 * wrong and never holds a credential (no password, passphrase or key material).
 */
export class ProbeError extends Error {
  readonly target: string;
  readonly stage: ProbeStage;

  constructor(target: string, stage: ProbeStage, message: string) {
    super(message);
    this.name = 'ProbeError';
    this.target = target;
    this.stage = stage;
  }
}
