import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AppError } from '../errors/app-error';

/** The parts of an Express request a text body is read from. */
export interface TextRequest extends Readable {
  headers: Record<string, string | string[] | undefined>;
  /** Set by the JSON body parser when it already consumed an `application/json` body. */
  body?: unknown;
}

/** How a text body may come. */
export interface TextBodyOptions {
  /**
   * Content types accepted for a body that is not gzipped (lower case, no parameters),
   * e.g. `['text/csv', 'text/plain']`; absent: any. A gzipped body (`application/gzip`,
   * `application/x-gzip` or `Content-Encoding: gzip`) is always accepted.
   */
  readonly types?: readonly string[];
}

const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

/**
 * Reads a request body as UTF-8 text (YAML, CSV, traces …), gunzipping it when it comes
 * with `Content-Encoding: gzip` or as `Content-Type: application/gzip` (a `*.gz` file sent
 * as is, as the CLI does). Nest's body parsers only read JSON and forms, so any other
 * content type is still in the stream. BAD_REQUEST, with `details[].path` naming
 * `content-type`, `content-encoding` or `body`, when the type is not accepted, the
 * encoding is not gzip, or the body is empty, over `maxBytes` (after gunzip), not gzip
 * when it says so, or not UTF-8.
 */
export async function readTextBody(
  req: TextRequest,
  maxBytes: number,
  options: TextBodyOptions = {},
): Promise<string> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw bad(
      'content-encoding',
      `content-encoding ${encoding} is not supported`,
      'must be gzip or absent',
    );
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const gzipped = encoding === 'gzip' || GZIP_TYPES.has(type);
  if (!gzipped && options.types && !options.types.includes(type)) {
    const accepted = `${options.types.join(', ')} (or application/gzip for a gzipped file)`;
    throw bad(
      'content-type',
      `content-type must be ${accepted}, not "${type || 'none'}"`,
      `must be ${accepted}`,
    );
  }
  const source: Readable = gzipped ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      if (bytes > maxBytes) {
        req.unpipe();
        req.resume();
        throw bad('body', `body: more than ${maxBytes} bytes`, `must be at most ${maxBytes} bytes`);
      }
      chunks.push(buffer);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw bad('body', 'body: not valid gzip data', 'must be gzip data when it says gzip');
  }
  if (bytes === 0) throw bad('body', 'body: empty (send the file as the body)', 'must be the file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw bad('body', 'body: not valid UTF-8 text', 'must be UTF-8 text');
  }
}

function bad(path: string, message: string, detail: string): AppError {
  return new AppError('BAD_REQUEST', message, [{ path, message: detail }]);
}
