import { FormatError } from '../format-error';
import {
  columnLetter,
  mapRvtoolsHeader,
  RVTOOLS_REQUIRED,
  type RvtoolsSheetName,
} from './rvtools-columns';

/** A cell as read from a workbook or CSV: text, number, boolean or nothing. */
export type RvtoolsCell = string | number | boolean | undefined;

/** One sheet's header and data rows (rows whose first cell is empty are dropped on reading). */
export interface RvtoolsSheet {
  readonly name: RvtoolsSheetName;
  /** 1-based row number of the header. */
  readonly headerRow: number;
  readonly header: readonly string[];
  readonly rows: readonly { readonly row: number; readonly cells: readonly RvtoolsCell[] }[];
}

/** True for a row to skip: its first cell is empty. */
export function isEmptyRow(cells: readonly RvtoolsCell[]): boolean {
  const first = cells[0];
  return first === undefined || (typeof first === 'string' && first.trim() === '');
}

/** Reads typed values out of a row, throwing `file:sheet:row:column` errors. */
export class RowReader {
  constructor(
    private readonly file: string,
    private readonly sheet: RvtoolsSheet,
    private readonly index: Readonly<Record<string, number>>,
    readonly row: number,
    readonly cells: readonly RvtoolsCell[],
  ) {}

  text(field: string): string | undefined {
    const i = this.index[field];
    if (i === undefined) return undefined;
    const v = this.cells[i];
    if (v === undefined) return undefined;
    const s = String(v).trim();
    return s === '' ? undefined : s;
  }

  number(field: string): number | undefined {
    const i = this.index[field];
    if (i === undefined) return undefined;
    const v = this.cells[i];
    if (typeof v === 'number') return v;
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
    const n = Number(String(v).trim().replace(/%$/, '').replace(/,/g, ''));
    if (!Number.isFinite(n)) throw this.error(i, `expected a number, found "${String(v)}"`);
    return n;
  }

  /**
   * A boolean cell, or text `True`/`False` in any case; unless `strict` (vCluster settings),
   * also `yes`/`no` and `1`/`0`. Anything else is an error naming the cell.
   */
  bool(field: string, strict = false): boolean | undefined {
    const i = this.index[field];
    if (i === undefined) return undefined;
    const v = this.cells[i];
    if (typeof v === 'boolean') return v;
    const s = v === undefined ? '' : String(v).trim().toLowerCase();
    if (s === '') return undefined;
    if (s === 'true' || (!strict && (s === 'yes' || s === '1'))) return true;
    if (s === 'false' || (!strict && (s === 'no' || s === '0'))) return false;
    throw this.error(i, `expected True or False, found "${String(v)}"`);
  }

  error(index: number, message: string): FormatError {
    const name = this.sheet.header[index] ?? '';
    return new FormatError({
      file: `${this.file}:${this.sheet.name}`,
      row: this.row,
      column: index + 1,
      message: `column ${columnLetter(index)} (${name.trim()}): ${message}`,
    });
  }
}

/** A sheet with its header mapped to canonical fields. */
export interface MappedSheet {
  readonly sheet: RvtoolsSheet;
  readonly index: Record<string, number>;
  readonly unmapped: { index: number; name: string }[];
}

/** Maps a sheet's header; a missing required column is an error naming the header row. */
export function mapSheet(file: string, sheet: RvtoolsSheet): MappedSheet {
  const { index, unmapped } = mapRvtoolsHeader(sheet.name, sheet.header);
  for (const field of RVTOOLS_REQUIRED[sheet.name])
    if (index[field] === undefined)
      throw new FormatError({
        file: `${file}:${sheet.name}`,
        row: sheet.headerRow,
        column: 1,
        message: `header row ${sheet.headerRow} has no column for "${field}" (found: ${sheet.header.filter((h) => h.trim() !== '').join(', ')})`,
      });
  return { sheet, index, unmapped };
}

/** The data rows of a mapped sheet, as readers. */
export function* sheetRows(file: string, m: MappedSheet): Generator<RowReader> {
  for (const r of m.sheet.rows) yield new RowReader(file, m.sheet, m.index, r.row, r.cells);
}
