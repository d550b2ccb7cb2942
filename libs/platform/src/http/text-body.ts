import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AppError } from '../errors/app-error';

/** The parts of an Express request a text body is read from. */
export interface TextRequest extends Readable {
  headers: Record<string, string | string[] | undefined>;
  /** Set by the JSON body parser when it already consumed an `application/json` body. */
  body?: unknown;
}

/**
 * Reads a request body as UTF-8 text (YAML, CSV …), gunzipping it when it comes with
 * `Content-Encoding: gzip` or as `Content-Type: application/gzip` (a `*.gz` file sent
 * as is, as the CLI does). Nest's body parsers only read JSON and forms, so any other
 * content type is still in the stream. BAD_REQUEST when the body is empty, over
 * `maxBytes` (after gunzip) or not UTF-8.
 */
export async function readTextBody(req: TextRequest, maxBytes: number): Promise<string> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new AppError('BAD_REQUEST', `content-encoding ${encoding} is not supported (use gzip)`);
  }
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const gzipped = encoding === 'gzip' || /^application\/(x-)?gzip\b/.test(type);
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
        throw new AppError('BAD_REQUEST', `body: more than ${maxBytes} bytes`);
      }
      chunks.push(buffer);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_REQUEST', 'body: not valid gzip data');
  }
  if (bytes === 0) throw new AppError('BAD_REQUEST', 'body: empty (send the file as the body)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('BAD_REQUEST', 'body: not valid UTF-8 text');
  }
}
