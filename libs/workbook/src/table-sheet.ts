import type { Workbook, Worksheet } from 'exceljs';
import { neutralizeFormula } from '@vplan/formats';

/** A cell of a table sheet; `undefined`/`null` leave the cell empty. */
export type TableCell = string | number | boolean | null | undefined;

/**
 * How a column's numbers are shown: `integer` `#,##0`, `decimal` `#,##0.00`, `percent`
 * `0.0 %` (the value is a 0..1 share), `text` (default) the general format.
 */
export type ColumnFormat = 'integer' | 'decimal' | 'percent' | 'text';

/** One column of a table sheet. */
export interface TableColumn {
  header: string;
  /** Number format of the column's numeric cells (default `text`: general). */
  format?: ColumnFormat;
  /** Width in characters (default: the longest of header and cells, 8..60). */
  width?: number;
}

export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string | undefined>> = {
  integer: '#,##0',
  decimal: '#,##0.00',
  percent: '0.0 %',
  text: undefined,
};

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** A cell value as exceljs stores it: text made inert, numbers and booleans as they are. */
export function cellValue(value: TableCell): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? neutralizeFormula(value) : value;
}

function shownLength(value: TableCell): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number'
    ? String(Number(value.toFixed(2))).length + 2
    : String(value).length;
}

/**
 * Adds a sheet `name` holding one table: a bold header row (frozen), then one row per
 * entry of `rows` (cells in column order; missing cells are empty). Every text cell goes
 * through `neutralizeFormula`, numbers stay number cells in their column's format, and
 * the table gets an autofilter over its header and rows. Returns the sheet, so that a
 * caller may add notes below the table. `name` must be a valid, unused sheet name
 * (≤ 31 characters, none of `[]:*?/\`); exceljs throws otherwise.
 */
export function addTableSheet(
  workbook: Workbook,
  name: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly TableCell[])[],
): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, i) => ({
    header: neutralizeFormula(column.header),
    width:
      column.width ??
      Math.min(
        MAX_WIDTH,
        Math.max(MIN_WIDTH, column.header.length + 2, ...rows.map((r) => shownLength(r[i]) + 1)),
      ),
    style: NUMBER_FORMATS[column.format ?? 'text']
      ? { numFmt: NUMBER_FORMATS[column.format ?? 'text'] }
      : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((_, i) => cellValue(row[i])));
  if (columns.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: rows.length + 1, column: columns.length },
    };
  }
  return sheet;
}
