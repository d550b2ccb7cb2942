import { FormatError } from './format-error';

/** One CSV record: its fields and the 1-based line number where it starts. */
export interface CsvRecord {
  readonly row: number;
  readonly fields: string[];
}

/** Options of the record readers. */
export interface CsvReadOptions {
  /** File name used in error messages. */
  readonly file: string;
  /** Field separator, one character. Default `,`. */
  readonly separator?: string;
}

const QUOTE = 34; // "

/**
 * RFC 4180 tokenizer fed one physical line at a time (without its line break). A quoted
 * field may hold separators, doubled quotes (`""` → `"`) and line breaks; a quote inside
 * an unquoted field is kept literally, and spaces before an opening quote are dropped.
 */
export class CsvTokenizer {
  private fields: string[] = [];
  private current = '';
  private inQuotes = false;
  private readonly sep: number;

  /** @param separator one character; default `,`. */
  constructor(readonly separator: string = ',') {
    if (separator.length !== 1) throw new Error(`CSV separator must be one character`);
    this.sep = separator.charCodeAt(0);
  }

  /** True while a quoted field continues on the next line. */
  get pending(): boolean {
    return this.inQuotes;
  }

  /** Field number (1-based) being read, for error messages. */
  get fieldNumber(): number {
    return this.fields.length + 1;
  }

  /**
   * Feeds one line. Returns the record's fields when the line completes a record, or
   * `undefined` when a quoted field continues on the next line.
   */
  push(line: string): string[] | undefined {
    if (!this.inQuotes && line.indexOf('"') < 0) {
      // Fast path: no quoting at all on this line.
      return line.split(this.separator);
    }
    if (this.inQuotes) this.current += '\n';
    this.scan(line);
    if (this.inQuotes) return undefined;
    const fields = this.fields;
    fields.push(this.current);
    this.fields = [];
    this.current = '';
    return fields;
  }

  private scan(line: string): void {
    const n = line.length;
    let i = 0;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (this.inQuotes) {
        if (c !== QUOTE) {
          this.current += line[i];
        } else if (line.charCodeAt(i + 1) === QUOTE) {
          this.current += '"';
          i++;
        } else {
          this.inQuotes = false;
        }
      } else if (c === this.sep) {
        this.fields.push(this.current);
        this.current = '';
      } else if (c === QUOTE && this.current.trim() === '') {
        this.current = '';
        this.inQuotes = true;
      } else {
        this.current += line[i];
      }
      i++;
    }
  }
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function unterminated(file: string, row: number, field: number): FormatError {
  return new FormatError({
    file,
    row,
    column: field,
    message: 'quoted field is not closed before the end of the file',
  });
}

/**
 * Reads CSV records from a stream of lines, joining lines inside quoted fields. Blank
 * lines between records are skipped. Throws `FormatError` on a quote left open at the end.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<string>,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord> {
  const tokenizer = new CsvTokenizer(options.separator ?? ',');
  let lineNo = 0;
  let start = 0;
  for await (const line of lines) {
    lineNo++;
    if (!tokenizer.pending) {
      if (isBlank(line)) continue;
      start = lineNo;
    }
    const fields = tokenizer.push(line);
    if (fields) yield { row: start, fields };
  }
  if (tokenizer.pending) throw unterminated(options.file, start, tokenizer.fieldNumber);
}

/** Synchronous twin of {@link readCsvRecords} over a whole text (`\n` or `\r\n` lines). */
export function* csvRecordsOfText(text: string, options: CsvReadOptions): Generator<CsvRecord> {
  const tokenizer = new CsvTokenizer(options.separator ?? ',');
  const lines = splitLines(text);
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!tokenizer.pending) {
      if (isBlank(line)) continue;
      start = i + 1;
    }
    const fields = tokenizer.push(line);
    if (fields) yield { row: start, fields };
  }
  if (tokenizer.pending) throw unterminated(options.file, start, tokenizer.fieldNumber);
}

/** Splits a text into lines, dropping `\r` before `\n` and a leading byte-order mark. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Guesses the separator of a header line: whichever of `,` `;` and TAB occurs most
 * often outside quotes; `,` when none does.
 */
export function detectSeparator(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const [ch, count] of counts) if (count > (counts.get(best) as number)) best = ch;
  return best;
}

/**
 * Canonical form of a header name for matching: trimmed, lower-case, runs of spaces,
 * tabs, dashes and dots replaced by one underscore (`CPU  usage [MHZ]` → `cpu_usage_[mhz]`,
 * `Cost-Center` → `cost_center`). A leading byte-order mark is dropped.
 */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

/** For each logical column, the header names that give it (already normalized). */
export type HeaderSpec<K extends string> = Readonly<Record<K, readonly string[]>>;

/** Where each logical column sits (0-based field index), and the columns nobody claimed. */
export interface HeaderMap<K extends string> {
  readonly index: Readonly<Partial<Record<K, number>>>;
  readonly unmapped: readonly { readonly index: number; readonly name: string }[];
}

/**
 * Maps a header record onto logical columns by name (case-insensitive, aliases, see
 * {@link normalizeHeader}). Throws `FormatError` when two header fields give the same
 * column or when a `required` column is missing (pointing at the header row).
 */
export function mapHeader<K extends string>(
  file: string,
  header: CsvRecord,
  spec: HeaderSpec<K>,
  required: readonly K[] = [],
): HeaderMap<K> {
  const byName = new Map<string, K>();
  for (const key of Object.keys(spec) as K[]) {
    for (const name of spec[key]) byName.set(name, key);
  }
  const index: Partial<Record<K, number>> = {};
  const unmapped: { index: number; name: string }[] = [];
  header.fields.forEach((raw, i) => {
    const key = byName.get(normalizeHeader(raw));
    if (key === undefined) {
      unmapped.push({ index: i, name: raw.replace(/^\uFEFF/, '').trim() });
      return;
    }
    const previous = index[key];
    if (previous !== undefined) {
      throw new FormatError({
        file,
        row: header.row,
        column: i + 1,
        message: `column "${raw.trim()}" repeats column ${previous + 1} ("${key}")`,
      });
    }
    index[key] = i;
  });
  for (const key of required) {
    if (index[key] === undefined) {
      const names = spec[key];
      const also = names.length > 1 ? ` (or ${names.slice(1).join(', ')})` : '';
      throw new FormatError({
        file,
        row: header.row,
        column: 1,
        message: `missing required column "${names[0] ?? key}"${also}`,
      });
    }
  }
  return { index, unmapped };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number (`12`, `-3.5`, `1e3`; surrounding spaces allowed).
 * Returns `NaN` for anything else, including empty text, hex and `Infinity`.
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * Quotes a field when needed (it holds the separator, a quote, a line break, or leading
 * or trailing spaces), doubling inner quotes.
 */
export function formatCsvField(value: string, separator: string = ','): string {
  const needs =
    value.includes(separator) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    value !== value.trim();
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (no line break) from fields. */
export function formatCsvRow(fields: readonly string[], separator: string = ','): string {
  return fields.map((field) => formatCsvField(field, separator)).join(separator);
}
