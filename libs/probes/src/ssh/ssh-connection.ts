import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { hostKeyFingerprint, type HostKeyStore } from './host-key-store';
import { ProbeError } from './probe-error';

export interface SshTarget {
  readonly host: string;
  readonly port: number;
}

/** Who logs in: a password, a private key (OpenSSH or PEM text, optionally encrypted), or both. */
export interface SshCredential {
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string | Buffer;
  readonly passphrase?: string;
}

export interface ConnectOptions {
  readonly hostKeys: HostKeyStore;
  /** TCP connection, handshake and login together, ms. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type HostKeyVerdict = 'trusted-first-use' | 'matched';

export interface SshConnection {
  readonly session: SshSession;
  readonly hostKey: HostKeyVerdict;
  readonly fingerprint: string;
}

/**
 * Connects and logs in. The host key is checked against the store before any credential is
 * sent: an unknown host is pinned (trust on first use), a different key is refused. Every
 * failure is a {@link ProbeError} whose message holds no credential; the connection is
 * closed on every failure.
 */
export async function connectSsh(
  target: SshTarget,
  credential: SshCredential,
  options: ConnectOptions,
): Promise<SshConnection> {
  const where = `${target.host}:${target.port}`;
  const client = new Client();
  return new Promise<SshConnection>((resolve, reject) => {
    let settled = false;
    let tcpUp = false;
    let verdict: { hostKey: HostKeyVerdict; fingerprint: string } | undefined;
    let refusal: ProbeError | undefined;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: ProbeError): void => {
      if (settled) return;
      finish();
      client.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new ProbeError(
            where,
            'timeout',
            `ssh ${where}: no ${tcpUp ? 'login' : 'TCP connection'} within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    const onAbort = (): void => fail(new ProbeError(where, 'cancelled', `ssh ${where}: cancelled`));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // Stays attached for the life of the client: an unhandled 'error' would crash the process.
    client.on('error', (error: Error & { level?: string }) => {
      fail(refusal ?? classify(where, credential.username, error, tcpUp, verdict !== undefined));
    });
    client.on('close', () =>
      fail(
        refusal ?? new ProbeError(where, 'connect', `ssh ${where}: connection closed before login`),
      ),
    );
    client.on('connect', () => {
      tcpUp = true;
    });
    client.on('ready', () => {
      if (settled) return;
      finish();
      const pinned = verdict as { hostKey: HostKeyVerdict; fingerprint: string };
      resolve({ session: new SshSession(client, where), ...pinned });
    });

    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
      tcpUp = true;
      const fingerprint = hostKeyFingerprint(key);
      checkHostKey(options.hostKeys, target, fingerprint).then(
        (hostKey) => {
          verdict = { hostKey, fingerprint };
          verify(true);
        },
        (error: unknown) => {
          refusal =
            error instanceof ProbeError
              ? error
              : new ProbeError(where, 'host-key', `ssh ${where}: the host key store failed`);
          verify(false);
        },
      );
    };
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: credential.username,
      ...(credential.password !== undefined ? { password: credential.password } : {}),
      ...(credential.privateKey !== undefined ? { privateKey: credential.privateKey } : {}),
      ...(credential.passphrase !== undefined ? { passphrase: credential.passphrase } : {}),
      tryKeyboard: false,
      readyTimeout: 0, // our own timer covers TCP, handshake and login
      keepaliveInterval: 15_000,
      hostVerifier,
    };
    try {
      client.connect(config);
    } catch {
      // ssh2 throws synchronously for an unreadable key; its message is not passed on.
      fail(
        new ProbeError(
          where,
          'auth',
          `ssh ${where}: the private key for ${credential.username} cannot be read (wrong passphrase or unsupported format)`,
        ),
      );
    }
  });
}

async function checkHostKey(
  store: HostKeyStore,
  target: SshTarget,
  fingerprint: string,
): Promise<HostKeyVerdict> {
  const pinned = await store.get(target.host, target.port);
  if (pinned === undefined) {
    await store.trust(target.host, target.port, fingerprint);
    return 'trusted-first-use';
  }
  if (pinned === fingerprint) return 'matched';
  const where = `${target.host}:${target.port}`;
  throw new ProbeError(
    where,
    'host-key',
    `ssh ${where}: host key mismatch, refused before authentication: pinned ${pinned}, offered ${fingerprint}`,
  );
}

function classify(
  where: string,
  username: string,
  error: Error & { level?: string },
  tcpUp: boolean,
  keyChecked: boolean,
): ProbeError {
  switch (error.level) {
    case 'client-authentication':
      return new ProbeError(where, 'auth', `ssh ${where}: authentication as ${username} refused`);
    case 'client-timeout':
      return new ProbeError(where, 'timeout', `ssh ${where}: no SSH handshake in time`);
    case 'client-socket':
    case 'client-dns':
      return new ProbeError(
        where,
        tcpUp ? 'command' : 'connect',
        `ssh ${where}: ${oneLine(error.message)}`,
      );
    default:
      return new ProbeError(
        where,
        keyChecked ? 'auth' : 'connect',
        `ssh ${where}: SSH ${keyChecked ? 'login' : 'handshake'} failed: ${oneLine(error.message)}`,
      );
  }
}

/** How long a cut-off command's channel may take to confirm its close, ms. */
const CLOSE_GRACE_MS = 2000;

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 200);

export interface CommandOutput {
  /** Exit code; null when the command was cut off (timeout, size bound) or killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Output passed the size bound and the rest was not read. */
  readonly truncated: boolean;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Bytes of stdout + stderr kept (default 4 MiB). */
  readonly maxBytes?: number;
}

/** A logged-in connection that runs commands one channel each. */
export class SshSession {
  private lost: string | undefined;

  constructor(
    private readonly client: Client,
    private readonly target: string,
  ) {
    client.on('close', () => {
      this.lost ??= 'connection closed';
    });
    client.on('error', (error: Error) => {
      this.lost ??= oneLine(error.message);
    });
  }

  /** Runs one command with a time and output bound; a lost connection is a `command` error. */
  async run(command: string, options: RunOptions): Promise<CommandOutput> {
    const channel = await this.open(command);
    const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    return new Promise<CommandOutput>((resolve) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let bytes = 0;
      let truncated = false;
      let timedOut = false;
      let code: number | null = null;
      const take = (into: Buffer[], cutOff: () => void) => (chunk: Buffer) => {
        if (truncated) return;
        if (bytes + chunk.length > maxBytes) {
          into.push(chunk.subarray(0, maxBytes - bytes));
          bytes = maxBytes;
          truncated = true;
          cutOff();
          return;
        }
        bytes += chunk.length;
        into.push(chunk);
      };
      let grace: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(grace);
        resolve({
          code: truncated || timedOut ? null : code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          truncated,
          timedOut,
        });
      };
      // A server that never confirms the close must not hold the probe either.
      const cutOff = (): void => {
        channel.close();
        grace ??= setTimeout(settle, CLOSE_GRACE_MS);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        cutOff();
      }, options.timeoutMs);
      channel.on('data', take(out, cutOff));
      channel.stderr.on('data', take(err, cutOff));
      channel.on('exit', (exitCode: number | null) => {
        code = typeof exitCode === 'number' ? exitCode : null;
      });
      channel.on('close', settle);
    });
  }

  /** Why the connection is gone, undefined while it is up. */
  get lostReason(): string | undefined {
    return this.lost;
  }

  close(): void {
    this.client.end();
    this.client.destroy();
  }

  private async open(command: string): Promise<ClientChannel> {
    if (this.lost !== undefined) throw this.lostError(command);
    return new Promise<ClientChannel>((resolve, reject) => {
      try {
        this.client.exec(command, (error, channel) => {
          if (error) reject(this.lostError(command, oneLine(error.message)));
          else resolve(channel);
        });
      } catch (error) {
        reject(this.lostError(command, oneLine(error instanceof Error ? error.message : '')));
      }
    });
  }

  private lostError(command: string, reason = this.lost): ProbeError {
    const name = command.split(' ').find((word) => !word.includes('=') && word !== 'env');
    return new ProbeError(
      this.target,
      'command',
      `ssh ${this.target}: cannot run ${name ?? 'a command'}: ${reason ?? 'connection lost'}`,
    );
  }
}
