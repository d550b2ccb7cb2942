import { z } from 'zod';

/**
 * Where a Prometheus probe failed: `connect` (refused, unreachable, reset, TLS), `http` (an
 * answer that is no Prometheus API answer: 401/403/404/5xx, not JSON, too large), `query`
 * (Prometheus refused the query: `status: "error"`), `timeout` (no answer within the probe's
 * `timeoutMs`). A cancelled probe rejects with its signal's reason instead.
 */
export type PrometheusProbeStage = 'connect' | 'http' | 'query' | 'timeout';

/** A probe's failure. Its message names the target and never holds the bearer token. */
export class PrometheusProbeError extends Error {
  readonly target: string;
  readonly stage: PrometheusProbeStage;

  constructor(target: string, stage: PrometheusProbeStage, message: string) {
    super(message);
    this.name = 'PrometheusProbeError';
    this.target = target;
    this.stage = stage;
  }
}

/** One series of an instant vector (`value`) or a range matrix (`values`). */
export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: readonly [number, string];
  readonly values?: readonly (readonly [number, string])[];
}

const sample = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: sample })),
});
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(sample) })),
});
const series = z.array(labels);
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

/** Network error codes (undici's `cause.code`) that mean "could not reach it". */
const CONNECT_CODES =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|EPIPE|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED)$/;

export interface ApiClientOptions {
  /** The probe's deadline (fires `timeout`). */
  readonly deadline: AbortSignal;
  /** The caller's cancel signal: the probe rejects with its reason. */
  readonly signal?: AbortSignal;
  readonly bearerToken?: string;
  /** Largest response body read, bytes. */
  readonly maxResponseBytes: number;
}

/** The HTTP API of one Prometheus server, form-encoded POSTs (no URL length limits). */
export class PrometheusApi {
  /** The server as named in messages: no user info, no query string. */
  readonly target: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly secrets: readonly string[];
  private readonly both: AbortSignal;

  constructor(
    url: string,
    private readonly options: ApiClientOptions,
  ) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol)) {
      // The text is not quoted: it may hold a credential.
      throw new PrometheusProbeError('(not a URL)', 'connect', 'not an http(s) URL');
    }
    const secrets: string[] = [];
    this.headers = { accept: 'application/json' };
    if (options.bearerToken !== undefined) {
      this.headers.authorization = `Bearer ${options.bearerToken}`;
      secrets.push(options.bearerToken);
    } else if (parsed.username !== '' || parsed.password !== '') {
      // fetch refuses URLs with credentials: they become Basic authentication.
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      const basic = Buffer.from(`${user}:${password}`).toString('base64');
      this.headers.authorization = `Basic ${basic}`;
      secrets.push(basic);
      if (password !== '') secrets.push(password, parsed.password);
    }
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    this.base = parsed.toString().replace(/\/+$/, '');
    this.target = this.base;
    this.secrets = secrets.filter((s) => s !== '');
    this.both =
      options.signal === undefined
        ? options.deadline
        : AbortSignal.any([options.deadline, options.signal]);
  }

  /** `/api/v1/query` at `time` (s): the instant vector. */
  async query(expr: string, time: number): Promise<PromSeries[]> {
    const data = await this.call('/api/v1/query', { query: expr, time: String(time) });
    return this.shaped(vector, data, expr).result;
  }

  /** `/api/v1/query_range` from `start` to `end` (s) every `step` s: the matrix. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<PromSeries[]> {
    const data = await this.call('/api/v1/query_range', {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    return this.shaped(matrix, data, expr).result;
  }

  /** `/api/v1/series`: the label sets of the series `match` selects between `start` and `end`. */
  async series(match: string, start: number, end: number): Promise<Record<string, string>[]> {
    const data = await this.call('/api/v1/series', {
      'match[]': match,
      start: String(start),
      end: String(end),
    });
    return this.shaped(series, data, match);
  }

  private shaped<T>(schema: z.ZodType<T>, data: unknown, expr: string): T {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw this.fail('http', `unexpected answer shape to ${clip(expr)}`);
    }
    return parsed.data;
  }

  private async call(path: string, form: Record<string, string>): Promise<unknown> {
    const body = await this.exchange(path, form);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      throw this.fail('http', `${path}: HTTP ${body.status}, not JSON`);
    }
    const answer = envelope.safeParse(json);
    if (!answer.success)
      throw this.fail('http', `${path}: HTTP ${body.status}, not a Prometheus API answer`);
    if (answer.data.status === 'error') {
      const kind = answer.data.errorType ?? 'error';
      throw this.fail(
        'query',
        `${path} ${clip(form.query ?? form['match[]'] ?? '')}: ${kind}: ${clip(answer.data.error ?? '', 300)}`,
      );
    }
    if (body.status < 200 || body.status > 299)
      throw this.fail('http', `${path}: HTTP ${body.status}`);
    return answer.data.data;
  }

  /** POSTs the form and reads at most `maxResponseBytes` of the answer. */
  private async exchange(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    this.throwIfStopped();
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: this.both,
        redirect: 'error',
      });
    } catch (error) {
      throw this.networkFailure(error);
    }
    const limit = this.options.maxResponseBytes;
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw this.fail(
        'http',
        `${path}: answer of ${declared} bytes is over the limit of ${limit} bytes`,
      );
    }
    if (!response.ok && !/json/i.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel().catch(() => undefined);
      throw this.fail('http', `${path}: HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      const reader = response.body?.getReader();
      for (;;) {
        const chunk = reader === undefined ? { done: true as const } : await reader.read();
        if (chunk.done) break;
        size += chunk.value.byteLength;
        if (size > limit) {
          await reader?.cancel().catch(() => undefined);
          throw this.fail('http', `${path}: answer is over the limit of ${limit} bytes`);
        }
        chunks.push(chunk.value);
      }
    } catch (error) {
      if (error instanceof PrometheusProbeError) throw error;
      throw this.networkFailure(error);
    }
    return { status: response.status, text: Buffer.concat(chunks).toString('utf8') };
  }

  private throwIfStopped(): void {
    if (this.options.signal?.aborted) throw this.options.signal.reason;
    if (this.options.deadline.aborted) throw this.fail('timeout', 'no answer within the timeout');
  }

  private networkFailure(error: unknown): unknown {
    if (this.options.signal?.aborted) return this.options.signal.reason;
    if (this.options.deadline.aborted) return this.fail('timeout', 'no answer within the timeout');
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    const detail = code ?? (typeof cause?.message === 'string' ? cause.message : String(error));
    if (code !== undefined && !CONNECT_CODES.test(code)) {
      return this.fail('http', `exchange failed (${clip(detail)})`);
    }
    return this.fail('connect', `cannot connect (${clip(detail)})`);
  }

  private fail(stage: PrometheusProbeStage, message: string): PrometheusProbeError {
    return new PrometheusProbeError(this.target, stage, this.scrub(`${this.target}: ${message}`));
  }

  /** Removes any credential an answer might echo back. */
  private scrub(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  }
}

/** At most `max` characters, control characters replaced, for messages. */
function clip(text: string, max = 120): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
