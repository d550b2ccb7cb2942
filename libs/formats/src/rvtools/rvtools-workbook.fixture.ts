import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readRvtoolsWorkbook, type RvtoolsImport } from './rvtools-workbook';

/** A row of a generated sheet: cells as exceljs takes them (`null` = empty). */
export type Row = (string | number | boolean | ExcelJS.CellFormulaValue | null)[];

/** An RVTools-like `.xlsx` stream with the given sheets, ending in empty formatted rows. */
export async function workbook(sheets: Record<string, Row[]>): Promise<Readable> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
    ws.addRow([]); // formatted empty rows at the end, as RVTools writes
    ws.getCell(`A${rows.length + 5}`).value = null;
  }
  return Readable.from(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Reads generated sheets as `x.xlsx`, throwing its error when it cannot be read. */
export async function read(sheets: Record<string, Row[]>, options = {}): Promise<RvtoolsImport> {
  const result = await readRvtoolsWorkbook(await workbook(sheets), { file: 'x.xlsx', ...options });
  if (!result.ok) throw result.error;
  return result.value;
}

/** The error message of reading generated sheets as `x.xlsx` (undefined when it reads). */
export async function readError(sheets: Record<string, Row[]>): Promise<string | undefined> {
  const result = await readRvtoolsWorkbook(await workbook(sheets), { file: 'x.xlsx' });
  return result.ok ? undefined : result.error.message;
}
