import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
/** Read-stream chunk size: large chunks keep the per-chunk overhead small on big traces. */
const CHUNK_BYTES = 1 << 20;

/** True when the file is gzip-compressed by name (`*.gz`, any case). */
export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/**
 * The lines of a text file, without line breaks (`\n` or `\r\n`), decompressing `*.gz`
 * on the fly. A leading UTF-8 byte-order mark is dropped; a last line without a final
 * newline is kept; the empty string after a final newline is not a line.
 *
 * Splits decoded chunks itself instead of using `node:readline`, which is several times
 * slower on the 228 MB Bitbrains set.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const source = isGzipPath(path) ? file.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : file;
  if (source !== file) file.on('error', (error) => source.destroy(error));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let text = rest + decoder.write(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      let end = text.indexOf('\n');
      while (end >= 0) {
        yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
        start = end + 1;
        end = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  } finally {
    file.destroy();
    source.destroy();
  }
}

/** The whole file as text (gunzipped when `*.gz`), without a leading byte-order mark. */
export async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  const text = (isGzipPath(path) ? await gunzipAsync(bytes) : bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
