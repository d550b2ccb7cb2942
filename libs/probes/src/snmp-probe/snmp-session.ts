import snmp from 'net-snmp';
import type { SnmpVarbind } from './snmp-varbinds';

// One net-snmp session per probe call: opened from a credential, walked with a bound on the
// number of varbinds, always closed, and its failures turned into SnmpProbeError whose
// messages never carry the community or the v3 keys (net-snmp's own messages can: a
// community mismatch names both communities, an auth failure carries the user and digests).

export interface SnmpTarget {
  readonly host: string;
  /** UDP port (161 on real agents). */
  readonly port: number;
}

export type SnmpCredential =
  | { readonly version: '2c'; readonly community: string }
  | {
      readonly version: '3';
      readonly user: string;
      /** Authentication pass phrase (≥ 8 characters). */
      readonly authKey: string;
      /** Privacy pass phrase (≥ 8 characters); the session is always authPriv. */
      readonly privKey: string;
      /** Default `sha`. */
      readonly authProtocol?: 'sha' | 'sha256' | 'md5';
      /** Default `aes` (AES-128). */
      readonly privProtocol?: 'aes' | 'des';
    };

export interface SnmpProbeOptions {
  /** How long one request waits for its answer, ms. */
  readonly timeoutMs: number;
  /**
   * Resends after a timeout (default 1), each waiting `timeoutMs` again: a silent agent
   * (down, filtered, or a wrong v2c community, which agents drop without a word) is
   * reported after `timeoutMs × (retries + 1)`.
   */
  readonly retries?: number;
  /** Aborting closes the session and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Bound on the varbinds read in one probe (default 50 000); the walk stops there with a warning. */
  readonly maxVarbinds?: number;
}

export type SnmpProbeStage = 'timeout' | 'auth' | 'protocol';

/** Why a probe failed. The message names the target, never the community or the keys. */
export class SnmpProbeError extends Error {
  override readonly name = 'SnmpProbeError';
  constructor(
    /** `host:port` of the agent. */
    readonly target: string,
    readonly stage: SnmpProbeStage,
    message: string,
  ) {
    super(message);
  }
}

/** `host:port`, IPv6 in brackets. */
export function targetLabel(target: SnmpTarget): string {
  return target.host.includes(':')
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
}

const AUTH = {
  sha: snmp.AuthProtocols.sha,
  sha256: snmp.AuthProtocols.sha256,
  md5: snmp.AuthProtocols.md5,
} as const;
const PRIV = { aes: snmp.PrivProtocols.aes, des: snmp.PrivProtocols.des } as const;

function open(target: SnmpTarget, credential: SnmpCredential, options: SnmpProbeOptions) {
  const common = {
    port: target.port,
    transport: target.host.includes(':') ? ('udp6' as const) : ('udp4' as const),
    timeout: options.timeoutMs,
    retries: options.retries ?? 1,
    backoff: 1,
  };
  if (credential.version === '2c') {
    return snmp.createSession(target.host, credential.community, {
      ...common,
      version: snmp.Version2c,
    });
  }
  return snmp.createV3Session(
    target.host,
    {
      name: credential.user,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: AUTH[credential.authProtocol ?? 'sha'],
      authKey: credential.authKey,
      privProtocol: PRIV[credential.privProtocol ?? 'aes'],
      privKey: credential.privKey,
    },
    { ...common, version: snmp.Version3 },
  );
}

export type Session = ReturnType<typeof open>;

/**
 * Runs `use` on a fresh session and closes it whatever happens. Failures become
 * {@link SnmpProbeError}; an abort rejects with `signal.reason`.
 */
export async function withSession<T>(
  target: SnmpTarget,
  credential: SnmpCredential,
  options: SnmpProbeOptions,
  use: (session: Session) => Promise<T>,
): Promise<T> {
  const { signal } = options;
  signal?.throwIfAborted();
  const session = open(target, credential, options);
  // net-snmp emits socket and decoding errors; the pending request fails on its own.
  session.on('error', () => undefined);
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const work = use(session);
  work.catch(() => undefined); // settled by the race below, or dropped after an abort
  try {
    return await (signal ? Promise.race([work, aborted]) : work);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw classify(error, target, credential, options);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    try {
      session.close();
    } catch {
      // already closed
    }
  }
}

export interface WalkResult {
  readonly varbinds: SnmpVarbind[];
  /** True when the walk stopped at the bound, not at the end of the subtree. */
  readonly truncated: boolean;
}

/** GETBULK walk of one subtree (v2c/v3), at most `limit` varbinds; error varbinds dropped. */
export function walkSubtree(session: Session, oid: string, limit: number): Promise<WalkResult> {
  return new Promise((resolve, reject) => {
    const varbinds: SnmpVarbind[] = [];
    let truncated = false;
    if (limit <= 0) {
      resolve({ varbinds, truncated: true });
      return;
    }
    session.subtree(
      oid,
      25,
      (batch) => {
        for (const vb of batch) {
          if (snmp.isVarbindError(vb)) continue;
          if (varbinds.length >= limit) {
            truncated = true;
            return true;
          }
          varbinds.push({ oid: vb.oid, type: vb.type ?? 0, value: vb.value });
        }
        return undefined;
      },
      (error) => (error ? reject(error) : resolve({ varbinds, truncated })),
    );
  });
}

/** Our own words for a net-snmp failure, with any secret scrubbed as a last guard. */
function classify(
  error: unknown,
  target: SnmpTarget,
  credential: SnmpCredential,
  options: SnmpProbeOptions,
): SnmpProbeError {
  if (error instanceof SnmpProbeError) return error;
  const label = targetLabel(target);
  const version = credential.version === '2c' ? 'SNMPv2c' : 'SNMPv3';
  const e = error as { name?: string; code?: number; status?: number; message?: string };
  let stage: SnmpProbeStage;
  let detail: string;
  if (e.name === 'RequestTimedOutError') {
    const tries = (options.retries ?? 1) + 1;
    stage = 'timeout';
    detail =
      `no answer within ${options.timeoutMs} ms × ${tries} ${tries === 1 ? 'try' : 'tries'} ` +
      (credential.version === '2c'
        ? '(agent down, port filtered, or the community not accepted: agents drop those silently)'
        : '(agent down, port filtered, or a wrong privacy key: agents drop what they cannot decrypt)');
  } else if (
    e.name === 'ResponseInvalidError' &&
    (e.code === snmp.ResponseInvalidCode.EAuthFailure ||
      e.code === snmp.ResponseInvalidCode.ECouldNotDecrypt)
  ) {
    stage = 'auth';
    detail =
      e.code === snmp.ResponseInvalidCode.ECouldNotDecrypt
        ? 'the answer could not be decrypted (wrong privacy key or protocol)'
        : `the agent refused the user (${usmReason(e.message)})`;
  } else if (
    e.name === 'RequestFailedError' &&
    (e.status === snmp.ErrorStatus.AuthorizationError || e.status === snmp.ErrorStatus.NoAccess)
  ) {
    stage = 'auth';
    detail = 'the agent denied access to the objects read';
  } else {
    stage = 'protocol';
    detail =
      e.name === 'RequestFailedError'
        ? `the agent answered with error ${snmp.ErrorStatus[e.status ?? 5] ?? e.status}`
        : `unexpected answer or failure (${e.name ?? 'error'}${e.code !== undefined ? ` code ${e.code}` : ''})`;
  }
  return new SnmpProbeError(label, stage, scrub(`${version} ${label}: ${detail}`, credential));
}

/** The usmStats report names net-snmp uses as messages; anything else is not quoted. */
function usmReason(message: string | undefined): string {
  const known = [
    'Unsupported Security Level',
    'Not In Time Window',
    'Unknown User Name',
    'Unknown Engine ID',
  ];
  if (message?.startsWith('Wrong Digest')) return 'wrong authentication key or protocol';
  if (message === 'Decryption Error') return 'wrong privacy key or protocol';
  return known.find((k) => k === message)?.toLowerCase() ?? 'authentication failed';
}

function scrub(text: string, credential: SnmpCredential): string {
  const secrets =
    credential.version === '2c' ? [credential.community] : [credential.authKey, credential.privKey];
  return secrets.filter((s) => s.length > 0).reduce((out, s) => out.split(s).join('***'), text);
}
