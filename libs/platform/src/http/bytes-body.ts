import { PayloadTooLargeException } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import type { TextRequest } from './text-body';

/** How a binary body may come. */
export interface BytesBodyOptions {
  /** Content types accepted (lower case, no parameters); absent: any. */
  readonly types?: readonly string[];
}

/**
 * Reads a binary request body (an `.xlsx` workbook …) into one buffer, as sent: no
 * content encoding is accepted (a zip-based file gains nothing from gzip). 413 (Payload
 * Too Large, wire code BAD_REQUEST) as soon as `Content-Length` or the bytes read pass
 * `maxBytes`; the rest of the body is then drained unread, never buffered. BAD_REQUEST,
 * with `details[].path` naming `content-type`, `content-encoding` or `body`, when the
 * type is not accepted, the body is encoded, or empty.
 */
export async function readBytesBody(
  req: TextRequest,
  maxBytes: number,
  options: BytesBodyOptions = {},
): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw bad(
      'content-encoding',
      `content-encoding ${encoding} is not supported`,
      'must be absent',
    );
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (options.types && !options.types.includes(type)) {
    const accepted = options.types.join(', ');
    throw bad(
      'content-type',
      `content-type must be ${accepted}, not "${type || 'none'}"`,
      `must be ${accepted}`,
    );
  }
  const tooLarge = (): PayloadTooLargeException => {
    req.resume();
    return new PayloadTooLargeException(
      `body: more than ${maxBytes} bytes (the largest file accepted)`,
    );
  };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const { chunks, bytes } = await collect(req, maxBytes, tooLarge);
  if (bytes === 0) throw bad('body', 'body: empty (send the file as the body)', 'must be the file');
  return Buffer.concat(chunks);
}

/**
 * The body's chunks up to `maxBytes`. Listeners rather than `for await`: leaving an async
 * iterator destroys the request (and its socket), and the client would see a reset
 * instead of the 413.
 */
function collect(
  req: TextRequest,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<{ chunks: Buffer[]; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: unknown): void => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      if (bytes <= maxBytes) {
        chunks.push(buffer);
        return;
      }
      done();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      done();
      resolve({ chunks, bytes });
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const done = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function bad(path: string, message: string, detail: string): AppError {
  return new AppError('BAD_REQUEST', message, [{ path, message: detail }]);
}
