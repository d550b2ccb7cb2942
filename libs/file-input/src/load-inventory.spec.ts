import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '@vplan/formats';
import { InputError } from './input-error';
import { loadInventory } from './load-inventory';

describe('loadInventory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vplan-inventory-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an inventory CSV into assets', async () => {
    const file = join(dir, 'inventory.csv');
    writeFileSync(file, 'id,cores,cpu_ghz,memory_gb,env\nweb-1,2,2.5,8,prod\ndb-1,8,3,64,prod\n');
    const assets = await loadInventory(file);
    expect(
      assets.map((a) => [a.id, a.capacity.cpuMhz, a.capacity.memoryGiB, a.business.environment]),
    ).toEqual([
      ['web-1', 5000, 8, 'prod'],
      ['db-1', 24000, 64, 'prod'],
    ]);
  });

  it('reads a gzip-compressed, semicolon-separated inventory', async () => {
    const file = join(dir, 'inventory.csv.gz');
    writeFileSync(file, gzipSync('ID;RAM GB\nx;4\n'));
    expect((await loadInventory(file))[0]?.capacity).toEqual({ memoryGiB: 4 });
  });

  it('names the file, row and column of bad content', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,memory_gb\na,1\na,2\n');
    const error = await loadInventory(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe(`${file}:3:1: duplicate id "a" (first on row 2)`);
  });

  it('says when the file is missing or is a directory', async () => {
    await expect(loadInventory(join(dir, 'none.csv'))).rejects.toThrow(
      new InputError(join(dir, 'none.csv'), 'not found'),
    );
    await expect(loadInventory(dir)).rejects.toThrow(`${dir}: is a directory, expected a file`);
  });
});
