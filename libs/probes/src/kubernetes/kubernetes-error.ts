/**
 * Where a Kubernetes probe failed: `config` (the kubeconfig is not YAML, names no usable
 * context, cluster or server, or asks for a command to be run that was not allowed),
 * `connect` (refused, unreachable, TLS), `auth` (401/403 from the API server), `timeout`
 * (the probe's deadline passed), `protocol` (another HTTP status or an answer that is no
 * Kubernetes list). A cancelled probe rejects with its signal's reason instead.
 */
export type KubernetesProbeStage = 'config' | 'connect' | 'auth' | 'timeout' | 'protocol';

/**
 * A Kubernetes probe's failure. Its message names the API server URL and never holds a
 * token, password, client key or the kubeconfig text.
 */
export class KubernetesProbeError extends Error {
  /** The API server URL (no user info, no query), or `kubeconfig` before one is known. */
  readonly target: string;
  readonly stage: KubernetesProbeStage;

  constructor(target: string, stage: KubernetesProbeStage, message: string) {
    super(message);
    this.name = 'KubernetesProbeError';
    this.target = target;
    this.stage = stage;
  }
}

/** Network error codes (node-fetch `code`, `cause.code`) that mean "could not reach it". */
const CONNECT_CODES =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|EPIPE|ETIMEDOUT|ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_HAS_EXPIRED|ERR_SSL_WRONG_VERSION_NUMBER|EPROTO)$/;

/** Turns what a list call threw into a probe error (or the caller's abort reason). */
export function failureOf(
  error: unknown,
  context: {
    readonly server: string;
    readonly what: string;
    readonly deadline: AbortSignal;
    readonly signal?: AbortSignal;
    readonly secrets: readonly string[];
  },
): unknown {
  if (error instanceof KubernetesProbeError) return error;
  if (context.signal?.aborted) return context.signal.reason;
  const fail = (stage: KubernetesProbeStage, detail: string) =>
    new KubernetesProbeError(
      context.server,
      stage,
      scrub(`${context.server}: ${context.what}: ${detail}`, context.secrets),
    );
  if (context.deadline.aborted) return fail('timeout', 'no answer within the timeout');
  const e = error as { code?: unknown; body?: unknown; cause?: { code?: unknown } } | undefined;
  const status = typeof e?.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const reason = statusMessage(e?.body);
    const detail = `HTTP ${status}${reason !== undefined ? ` (${reason})` : ''}`;
    return fail(status === 401 || status === 403 ? 'auth' : 'protocol', detail);
  }
  const code =
    typeof e?.code === 'string'
      ? e.code
      : typeof e?.cause?.code === 'string'
        ? e.cause.code
        : undefined;
  if (code !== undefined && CONNECT_CODES.test(code))
    return fail('connect', `cannot connect (${code})`);
  if (code !== undefined) return fail('connect', `exchange failed (${clip(code)})`);
  // Deserialisation and other errors: their name only (their text may quote the answer).
  const name = error instanceof Error ? error.name : typeof error;
  return fail('protocol', `unexpected answer (${clip(name)})`);
}

/** `message` of a Kubernetes Status body, clipped. */
function statusMessage(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? tryJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? clip(message, 200) : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Removes every secret (longest first) from a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('***'), message);
}

/** At most `max` characters, control characters replaced, for messages. */
export function clip(text: string, max = 120): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
