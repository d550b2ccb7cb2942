import { normalizeHeader } from './csv';
import { INVENTORY_COLUMNS, parseInventoryCsv } from './inventory-csv';

function parseOk(text: string, options = {}) {
  const result = parseInventoryCsv('inv.csv', text, options);
  if (!result.ok) throw result.error;
  return result.value;
}

function parseError(text: string): string {
  const result = parseInventoryCsv('inv.csv', text);
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

describe('parseInventoryCsv', () => {
  it('reads the documented columns into assets, in file order', () => {
    const assets = parseOk(
      [
        'id,hostname,site,cpu_mhz,cores,memory_gb,environment,owner,department,cost_center,application,role,anti_affinity_group,dr_group',
        'db1,db1.example.com,AMS,9600,4,32,prod,alice,finance,CC-7,ledger,db,ledger-db,dr-ledger',
        'web1,,,,,,test,,,,,,,',
      ].join('\n'),
    );
    expect(assets).toEqual([
      {
        id: 'db1',
        hostname: 'db1.example.com',
        site: 'AMS',
        capacity: { cpuMhz: 9600, cores: 4, memoryGiB: 32 },
        business: {
          environment: 'prod',
          owner: 'alice',
          department: 'finance',
          costCenter: 'CC-7',
          application: 'ledger',
          role: 'db',
          antiAffinityGroup: 'ledger-db',
          drGroup: 'dr-ledger',
        },
        custom: {},
      },
      { id: 'web1', capacity: {}, business: { environment: 'test' }, custom: {} },
    ]);
  });

  it('accepts aliases in any case and spacing, and cores × GHz and MB', () => {
    const [asset] = parseOk('Asset ID;Cores;CPU-GHz;RAM MB;Env\nvm-1;4;2.5;2048;prod\n');
    expect(asset?.id).toBe('vm-1');
    expect(asset?.capacity).toEqual({ cpuMhz: 10000, cores: 4, memoryGiB: 2 });
    expect(asset?.business.environment).toBe('prod');
  });

  it('prefers cpu_mhz over cores × cpu_ghz and memory_gb over memory_mb', () => {
    const [asset] = parseOk('id,cpu_mhz,cores,cpu_ghz,memory_gb,memory_mb\na,3000,2,2,16,1024\n');
    expect(asset?.capacity).toEqual({ cpuMhz: 3000, cores: 2, memoryGiB: 16 });
  });

  it('keeps unknown columns verbatim in custom, quoted commas included', () => {
    const [asset] = parseOk('id,Rack Unit,Notes\nx,R12-U4,"old, loud ""box"""\n');
    expect(asset?.custom).toEqual({ 'Rack Unit': 'R12-U4', Notes: 'old, loud "box"' });
  });

  it('reads CRLF files with a byte-order mark and skips blank lines', () => {
    const assets = parseOk('\uFEFFid,memory_gb\r\na,1\r\n\r\nb,2\r\n');
    expect(assets.map((a) => [a.id, a.capacity.memoryGiB])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('uses a given separator instead of guessing', () => {
    const [asset] = parseOk('id|x\na|b\n', { separator: '|' });
    expect(asset?.custom).toEqual({ x: 'b' });
  });

  it('reports a duplicate id with the row of its first occurrence', () => {
    expect(parseError('cores,id\n1,a\n2,b\n3,a\n')).toBe(
      'inv.csv:4:2: duplicate id "a" (first on row 2)',
    );
  });

  it('reports an empty id', () => {
    expect(parseError('id,cores\na,1\n  ,2\n')).toBe('inv.csv:3:1: id is empty');
  });

  it('reports a bad number with its column', () => {
    expect(parseError('id,cores,memory_gb\na,2,lots\n')).toBe(
      'inv.csv:2:3: memory_gb must be a non-negative number, found "lots"',
    );
    expect(parseError('id,cores\na,2.5\n')).toBe(
      'inv.csv:2:2: cores must be a non-negative integer, found "2.5"',
    );
    expect(parseError('id,cpu_mhz\na,-1\n')).toBe(
      'inv.csv:2:2: cpu_mhz must be a non-negative number, found "-1"',
    );
  });

  it('reports a row with a wrong field count', () => {
    expect(parseError('id,cores,site\na,1\n')).toBe('inv.csv:2:3: expected 3 fields, found 2');
    expect(parseError('id,cores\na,1,x\n')).toBe('inv.csv:2:3: expected 2 fields, found 3');
  });

  it('reports a missing id column and an empty file', () => {
    expect(parseError('hostname,cores\nh,1\n')).toMatch(
      /^inv\.csv:1:1: missing required column "id" \(or asset, /,
    );
    expect(parseError('\n\n')).toBe('inv.csv:1:1: empty file: expected a header line');
  });

  it('reports two columns for the same field and repeated unknown columns', () => {
    expect(parseError('id,memory_gb,RAM GB\na,1,1\n')).toBe(
      'inv.csv:1:3: column "RAM GB" repeats column 2 ("memory_gb")',
    );
    expect(parseError('id,note,note\na,1,1\n')).toBe('inv.csv:1:3: column "note" repeats column 2');
  });

  it('reports an unterminated quote', () => {
    expect(parseError('id,notes\na,"open\n')).toBe(
      'inv.csv:2:2: quoted field is not closed before the end of the file',
    );
  });
});

describe('INVENTORY_COLUMNS', () => {
  it('documents every column with a meaning, and no header name twice', () => {
    const names = INVENTORY_COLUMNS.flatMap((c) => [c.column, ...c.aliases].map(normalizeHeader));
    expect(new Set(names).size).toBe(names.length);
    for (const column of INVENTORY_COLUMNS) expect(column.meaning.length).toBeGreaterThan(5);
    expect(INVENTORY_COLUMNS.map((c) => c.column)).toEqual(
      expect.arrayContaining([
        'id',
        'hostname',
        'cpu_mhz',
        'cores',
        'cpu_ghz',
        'memory_gb',
        'memory_mb',
        'environment',
        'anti_affinity_group',
        'dr_group',
      ]),
    );
  });
});
