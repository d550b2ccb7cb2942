import {
  csvRecordsOfText,
  CsvTokenizer,
  detectSeparator,
  formatCsvField,
  formatCsvRow,
  mapHeader,
  normalizeHeader,
  parseDecimal,
  readCsvRecords,
  splitLines,
} from './csv';
import { linesOf } from './lines.fixture';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('CsvTokenizer', () => {
  it('splits plain fields, keeping empty ones', () => {
    expect(new CsvTokenizer().push('a,,c,')).toEqual(['a', '', 'c', '']);
  });

  it('reads quoted fields with separators and doubled quotes', () => {
    expect(new CsvTokenizer().push('"a,b","say ""hi""",""')).toEqual(['a,b', 'say "hi"', '']);
  });

  it('uses the configured separator', () => {
    expect(new CsvTokenizer(';').push('a;"b;c";d,e')).toEqual(['a', 'b;c', 'd,e']);
  });

  it('drops spaces before an opening quote and keeps a stray quote literally', () => {
    expect(new CsvTokenizer().push('a, "b,c",5" disk')).toEqual(['a', 'b,c', '5" disk']);
  });

  it('continues a quoted field over a line break', () => {
    const tokenizer = new CsvTokenizer();
    expect(tokenizer.push('1,"two')).toBeUndefined();
    expect(tokenizer.pending).toBe(true);
    expect(tokenizer.push('lines",3')).toEqual(['1', 'two\nlines', '3']);
    expect(tokenizer.pending).toBe(false);
  });

  it('refuses a separator longer than one character', () => {
    expect(() => new CsvTokenizer(';\t')).toThrow('one character');
  });
});

describe('readCsvRecords', () => {
  it('numbers records by the line they start on and skips blank lines', async () => {
    const records = await collect(
      readCsvRecords(linesOf('h1,h2\n\n"a\nb",c\nd,e\n'), { file: 'f' }),
    );
    expect(records).toEqual([
      { row: 1, fields: ['h1', 'h2'] },
      { row: 3, fields: ['a\nb', 'c'] },
      { row: 5, fields: ['d', 'e'] },
    ]);
  });

  it('reports a quote left open at the end with file:row:column', async () => {
    await expect(
      collect(readCsvRecords(linesOf('h1,h2\nx,"open\nmore\n'), { file: 'f.csv' })),
    ).rejects.toThrow('f.csv:2:2: quoted field is not closed before the end of the file');
  });
});

describe('csvRecordsOfText', () => {
  it('reads CRLF text with a byte-order mark', () => {
    const records = [...csvRecordsOfText('\uFEFFid,x\r\n1,"a,b"\r\n', { file: 'f' })];
    expect(records).toEqual([
      { row: 1, fields: ['id', 'x'] },
      { row: 2, fields: ['1', 'a,b'] },
    ]);
  });

  it('reports an unterminated quote at the record start', () => {
    expect(() => [...csvRecordsOfText('id\n\n"x\n', { file: 'inv.csv' })]).toThrow(
      'inv.csv:3:1: quoted field',
    );
  });
});

describe('splitLines', () => {
  it('drops CR before LF and the empty string after the last newline', () => {
    expect(splitLines('a\r\nb\n\nc\n')).toEqual(['a', 'b', '', 'c']);
    expect(splitLines('a')).toEqual(['a']);
  });
});

describe('detectSeparator', () => {
  it('picks the most frequent of comma, semicolon and tab outside quotes', () => {
    expect(detectSeparator('id;name;"a,b,c,d"')).toBe(';');
    expect(detectSeparator('id\tname\tcores')).toBe('\t');
    expect(detectSeparator('id,name')).toBe(',');
    expect(detectSeparator('id')).toBe(',');
  });
});

describe('normalizeHeader', () => {
  it('trims, lower-cases and turns runs of spaces and dashes into one underscore', () => {
    expect(normalizeHeader('  CPU  usage [MHZ] ')).toBe('cpu_usage_[mhz]');
    expect(normalizeHeader('Cost-Center')).toBe('cost_center');
    expect(normalizeHeader('\uFEFFAsset ID')).toBe('asset_id');
    expect(normalizeHeader('Memory\t-GB')).toBe('memory_gb');
  });
});

describe('mapHeader', () => {
  const spec = { id: ['id', 'asset'], memory: ['memory_gb', 'ram_gb'] } as const;

  it('finds columns by any alias, in any case, and lists the others', () => {
    const map = mapHeader('f', { row: 1, fields: ['Notes', 'RAM GB', 'Asset'] }, spec, ['id']);
    expect(map.index).toEqual({ id: 2, memory: 1 });
    expect(map.unmapped).toEqual([{ index: 0, name: 'Notes' }]);
  });

  it('refuses two header fields that give the same column', () => {
    expect(() =>
      mapHeader('f.csv', { row: 1, fields: ['id', 'memory_gb', 'ram_gb'] }, spec),
    ).toThrow('f.csv:1:3: column "ram_gb" repeats column 2 ("memory")');
  });

  it('names a missing required column and its aliases', () => {
    expect(() => mapHeader('f.csv', { row: 2, fields: ['memory_gb'] }, spec, ['id'])).toThrow(
      'f.csv:2:1: missing required column "id" (or asset)',
    );
  });
});

describe('parseDecimal', () => {
  it('reads plain decimals and refuses everything else', () => {
    expect(parseDecimal(' 12 ')).toBe(12);
    expect(parseDecimal('-3.5')).toBe(-3.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1e3')).toBe(1000);
    for (const bad of ['', ' ', '0x10', 'Infinity', '1,5', '12abc', 'NaN']) {
      expect(parseDecimal(bad)).toBeNaN();
    }
  });
});

describe('formatCsvField', () => {
  it('quotes only fields that need it and doubles inner quotes', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField(' padded')).toBe('" padded"');
    expect(formatCsvField('a;b', ';')).toBe('"a;b"');
  });

  it('round-trips through the tokenizer', () => {
    const fields = ['a,b', 'say "hi"', '', 'x'];
    expect(new CsvTokenizer().push(formatCsvRow(fields))).toEqual(fields);
  });
});
