import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Characters collected before a write to the file. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes a JSON object to `path` without ever building its whole text (a compatibility
 * report of 100,000 servers can exceed the longest string V8 allows): each top-level key
 * on its own line and, for arrays, one element per line. The result is plain JSON that
 * `JSON.parse` reads back as the same value.
 */
export async function writeJsonDocument(path: string, value: object): Promise<void> {
  const stream = createWriteStream(path);
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    // once() rejects if the stream emits 'error' while we wait.
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  const put = async (text: string): Promise<void> => {
    buffer += text;
    if (buffer.length >= CHUNK_CHARS) await flush();
  };
  try {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    await put('{\n');
    for (let k = 0; k < entries.length; k++) {
      const [key, item] = entries[k] as [string, unknown];
      await put(`  ${JSON.stringify(key)}: `);
      if (Array.isArray(item)) {
        if (item.length === 0) await put('[]');
        else {
          await put('[\n');
          for (let i = 0; i < item.length; i++) {
            await put(
              `    ${JSON.stringify(item[i]) ?? 'null'}${i + 1 < item.length ? ',' : ''}\n`,
            );
          }
          await put('  ]');
        }
      } else {
        await put(JSON.stringify(item) ?? 'null');
      }
      await put(k + 1 < entries.length ? ',\n' : '\n');
    }
    await put('}\n');
    await flush();
    stream.end();
    await finished(stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
