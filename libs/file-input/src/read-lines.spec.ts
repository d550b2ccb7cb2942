import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateEstate } from '@vplan/simulation';
import { pickAssets, writeBitbrainsTraces } from '@vplan/testing';
import { isGzipPath, readLines, readText } from './read-lines';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('readLines', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vplan-read-lines-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gunzips a Bitbrains file of a simulated server into the same lines as zlib', async () => {
    const estate = pickAssets(generateEstate({ servers: 2, seed: 3, weeks: 2 }), 1);
    const [file] = writeBitbrainsTraces(join(dir, 'bitbrains'), estate);
    const expected = gunzipSync(readFileSync(file!)).toString('utf8').split('\n');
    expect(expected.pop()).toBe('');
    const lines = await collect(readLines(file!));
    expect(lines).toHaveLength(4033); // the header and 2 weeks of 5-minute rows
    expect(lines).toEqual(expected);
  });

  it('drops CR, a byte-order mark and the empty string after the last newline', async () => {
    const file = join(dir, 'crlf.csv');
    writeFileSync(file, '\uFEFFa,b\r\n\r\nc\r\n');
    expect(await collect(readLines(file))).toEqual(['a,b', '', 'c']);
  });

  it('keeps a last line without a newline', async () => {
    const file = join(dir, 'tail.txt');
    writeFileSync(file, 'one\ntwo');
    expect(await collect(readLines(file))).toEqual(['one', 'two']);
  });

  it('splits lines and multi-byte characters across chunk boundaries', async () => {
    const lines = Array.from({ length: 60000 }, (_, i) => `${i};\tnaïve-é-${'x'.repeat(i % 50)}`);
    const file = join(dir, 'big.csv.gz');
    writeFileSync(file, gzipSync(`${lines.join('\r\n')}\r\n`));
    expect(await collect(readLines(file))).toEqual(lines);
  });

  it('yields nothing for an empty file', async () => {
    const file = join(dir, 'empty');
    writeFileSync(file, '');
    expect(await collect(readLines(file))).toEqual([]);
  });

  it('rejects with the file-system error of a missing file', async () => {
    await expect(collect(readLines(join(dir, 'nope.gz')))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('rejects a corrupt gzip file', async () => {
    const file = join(dir, 'bad.gz');
    writeFileSync(file, 'not gzip at all');
    await expect(collect(readLines(file))).rejects.toThrow();
  });
});

describe('readText', () => {
  it('reads plain and gzip files as text without a byte-order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vplan-read-text-'));
    try {
      writeFileSync(join(dir, 'a.csv'), '\uFEFFid\nx\n');
      writeFileSync(join(dir, 'b.csv.gz'), gzipSync('id\ny\n'));
      expect(await readText(join(dir, 'a.csv'))).toBe('id\nx\n');
      expect(await readText(join(dir, 'b.csv.gz'))).toBe('id\ny\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('isGzipPath', () => {
  it('goes by the .gz suffix in any case', () => {
    expect(isGzipPath('x/1.csv.GZ')).toBe(true);
    expect(isGzipPath('x/1.csv')).toBe(false);
  });
});
