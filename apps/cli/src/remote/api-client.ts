import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../commands/options';

/** Where the vplan services are and who calls them. */
export interface ApiTarget {
  /** Base URL under which `/<service>/…` reaches each service (the `npm run stack` line). */
  readonly baseUrl: string;
  /** Bearer token (API key or JWT); from `--token` or `VPLAN_TOKEN`. */
  readonly token: string;
}

/**
 * A service answered with an error (its status and the error body's code and message),
 * or nothing answered (status 0, code `UNREACHABLE`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where `npm run stack` keeps its state (tools/stack): `VPLAN_DATA_DIR` or `<repo>/.data`. */
function stackDir(): string {
  return join(process.env['VPLAN_DATA_DIR'] ?? resolve(__dirname, '../../../../.data'), 'stack');
}

/** The running dev stack's base URL and admin token, when this checkout runs one. */
function devStack(): { baseUrl?: string; token?: string } {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(join(stackDir(), file), 'utf8');
    } catch {
      return undefined;
    }
  };
  let baseUrl: string | undefined;
  try {
    const record = JSON.parse(read('pids.json') ?? 'null') as { baseUrl?: unknown } | null;
    if (typeof record?.baseUrl === 'string') baseUrl = record.baseUrl;
  } catch {
    baseUrl = undefined;
  }
  return { baseUrl, token: read('admin-token')?.trim() || undefined };
}

/**
 * The target from the command's flags, else the environment (`VPLAN_API`, `VPLAN_TOKEN`),
 * else the dev stack this checkout runs (`npm run stack`); a usage error when incomplete.
 */
export function apiTarget(flags: { api?: string; token?: string }): ApiTarget {
  const stack = devStack();
  const api = flags.api ?? process.env['VPLAN_API'] ?? stack.baseUrl;
  if (!api)
    throw new UsageError('--api <url> is required (or VPLAN_API, or a running npm run stack)');
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new UsageError(`--api: not a URL: '${api}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--api: expected an http or https URL, got '${api}'`);
  const token = flags.token ?? process.env['VPLAN_TOKEN'] ?? stack.token;
  if (!token) throw new UsageError('a token is required: --token <token> or VPLAN_TOKEN');
  return { baseUrl: url.href.replace(/\/+$/, ''), token };
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Milliseconds before the call is abandoned; default 120,000. */
  readonly timeoutMs?: number;
}

/**
 * Calls `path` (e.g. `/inventory/api/v1/imports`) on the target. Answers the response of
 * a 2xx; throws ApiError for an error status (with the service's error message and, for
 * 400, each field problem), or with status 0 naming the URL when nothing answers.
 */
export async function call(
  target: ApiTarget,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const url = new URL(`${target.baseUrl}${path}`);
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}` };
  if (options.contentType) headers['content-type'] = options.contentType;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (error) {
    const why =
      error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    throw new ApiError(0, 'UNREACHABLE', `cannot reach ${url.origin}${url.pathname}: ${why}`);
  }
  if (response.ok) return response;
  throw await apiErrorOf(response, `${options.method ?? 'GET'} ${url.pathname}`);
}

/** `call` for a JSON answer. */
export async function callJson<T>(
  target: ApiTarget,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  return (await (await call(target, path, options)).json()) as T;
}

async function apiErrorOf(response: Response, what: string): Promise<ApiError> {
  const text = await response.text();
  let code = `HTTP_${response.status}`;
  let message = text.slice(0, 500) || response.statusText;
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
    };
    if (body.error?.message) {
      code = body.error.code ?? code;
      const details = (body.error.details ?? []).map((d) => `\n  ${d.path}: ${d.message}`).join('');
      message = `${body.error.message}${details}`;
    }
  } catch {
    // Not JSON: keep the text.
  }
  const hint =
    response.status === 401
      ? ' (check --token or VPLAN_TOKEN)'
      : response.status === 403
        ? ' (the token’s role is too weak for this)'
        : '';
  return new ApiError(response.status, code, `${what}: ${response.status} ${message}${hint}`);
}
