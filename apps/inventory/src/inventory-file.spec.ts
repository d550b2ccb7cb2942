import { parseInventoryCsv } from '@vplan/formats';
import { readInventoryFile } from './inventory-file';

describe('readInventoryFile', () => {
  it('reads a good file exactly as the formats reader does', () => {
    const text = 'id,hostname,cores,rack\na,a.example,4,r1\n\nb,,2,\n';
    const read = readInventoryFile('inv.csv', text);
    const reference = parseInventoryCsv('inv.csv', text);
    expect(read).toEqual({ ok: true, assets: reference.ok && reference.value });
  });

  it('reports every bad row, the first as the CLI would', () => {
    const text = [
      'id,cores,storage',
      'a,four,san',
      '"b',
      'multi",2,local',
      'c,2,tape',
      'a,1,san',
      'd,1',
    ].join('\n');
    const read = readInventoryFile('inv.csv', text);
    const first = parseInventoryCsv('inv.csv', text);
    expect(read.ok).toBe(false);
    const texts = !read.ok ? read.issues.map((i) => `${i.row}:${i.column}: ${i.message}`) : [];
    expect(`inv.csv:${texts[0]}`).toBe(!first.ok && first.error.message);
    expect(texts).toEqual([
      '2:2: cores must be a non-negative integer, found "four"',
      expect.stringMatching(/^5:3: storage must be local, san or nas/),
      '7:3: expected 3 fields, found 2',
    ]);
  });

  it('stops at a problem of the header', () => {
    const read = readInventoryFile('inv.csv', 'hostname\nx\n');
    expect(!read.ok && read.issues.map((i) => [i.row, i.column])).toEqual([[1, 1]]);
  });

  it('checks field lengths a stored asset must respect, at their row and column', () => {
    const read = readInventoryFile('inv.csv', `id,owner\na,ok\nb,${'x'.repeat(1100)}\n`);
    expect(!read.ok && read.issues.map((i) => [i.row, i.column, i.message.split(' ')[0]])).toEqual([
      [3, 2, 'owner'],
    ]);
  });
});
