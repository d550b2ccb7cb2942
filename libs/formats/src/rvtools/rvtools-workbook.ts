import type ExcelJS from 'exceljs';
import { catchFormatError, type FormatResult } from '../format-error';
import { csvRecordsOfText, detectSeparator, splitLines } from '../csv';
import {
  normalizeRvtoolsHeader,
  RVTOOLS_COLUMN_ALIASES,
  type RvtoolsSheetName,
} from './rvtools-columns';
import { buildRvtoolsEstate, type RvtoolsImport, type RvtoolsOptions } from './rvtools-estate';
import { isEmptyRow, type RvtoolsCell, type RvtoolsSheet } from './rvtools-sheet';

const SHEETS = Object.keys(RVTOOLS_COLUMN_ALIASES) as RvtoolsSheetName[];

/** The sheet name an RVTools sheet or per-tab CSV name stands for (`RVTools_tabvInfo.csv` → vInfo). */
export function rvtoolsSheetOf(name: string): RvtoolsSheetName | undefined {
  const base = name
    .replace(/\.csv$/i, '')
    .replace(/^rvtools_tab/i, '')
    .toLowerCase();
  return SHEETS.find((s) => s.toLowerCase() === base);
}

/** The sheet a header row belongs to, for sheets without a usable name. */
export function sheetOfHeader(header: readonly string[]): RvtoolsSheetName | undefined {
  const names = new Set(header.map(normalizeRvtoolsHeader));
  const has = (...n: string[]) => n.some((x) => names.has(x));
  if (has('vm') && has('powerstate') && has('cpus')) return 'vInfo';
  if (
    has('name', 'cluster') &&
    has('haenabled', 'numhosts', 'drsenabled', 'failoverlevel', 'totalcpu', 'numcpucores') &&
    !has('vm', 'host')
  )
    return 'vCluster';
  if (has('host') && has('cores', 'corespercpu') && !has('vm')) return 'vHost';
  if (has('vm') && has('overall')) return 'vCPU';
  // vPartition (VM, Disk, Capacity, Consumed, Free) looks like vMemory and vDisk but for Free.
  const partition = has('free', 'freemb', 'freemib', 'freegb', 'freegib');
  if (has('vm') && has('consumed', 'consumedmb', 'consumedmib', 'active', 'activemb') && !partition)
    return 'vMemory';
  if (has('vm') && has('network', 'portgroup') && !has('powerstate')) return 'vNetwork';
  if (
    has('vm') &&
    has('disk') &&
    has('capacitymb', 'capacitymib', 'capacitygb', 'capacitygib') &&
    !partition
  )
    return 'vDisk';
  return undefined;
}

/** A cell value of exceljs as text/number/boolean: formulas give their result, dates a serial-free ISO text. */
function cellOf(value: ExcelJS.CellValue): RvtoolsCell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
  }
  return undefined;
}

/**
 * Reads an RVTools `.xlsx` (a path or a stream) with exceljs's streaming reader, keeping
 * only the sheets it reads (vInfo, vHost, vCPU, vMemory, vNetwork, vDisk, vCluster) and rows
 * whose first cell is not empty.
 */
export async function readRvtoolsWorkbook(
  input: string | NodeJS.ReadableStream,
  options: RvtoolsOptions,
): Promise<FormatResult<RvtoolsImport>> {
  const sheets = new Map<RvtoolsSheetName, RvtoolsSheet>();
  // Loaded on first use: exceljs is large, and most runs of the CLI never read a workbook.
  const { stream } = (await import('exceljs')).default;
  const reader = new stream.xlsx.WorkbookReader(input as never, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const ws of reader) {
    const wsName = (ws as unknown as { name: string }).name;
    // A workbook whose workbook.xml comes after its sheets gives them no names while
    // streaming (`Sheet1`…): such a sheet is recognized by its header.
    const unnamed = /^Sheet\d+$/.test(wsName);
    let name = rvtoolsSheetOf(wsName);
    if (!unnamed && (name === undefined || sheets.has(name))) {
      for await (const row of ws) void row;
      continue;
    }
    let header: string[] | undefined;
    let headerRow = 1;
    let skip = false;
    const rows: { row: number; cells: RvtoolsCell[] }[] = [];
    for await (const row of ws) {
      if (skip) continue;
      const values = row.values as ExcelJS.CellValue[];
      const cells = values.slice(1).map(cellOf);
      if (isEmptyRow(cells)) continue;
      if (header === undefined) {
        header = cells.map((c) => (c === undefined ? '' : String(c)));
        headerRow = row.number;
        name ??= sheetOfHeader(header);
        skip = name === undefined || sheets.has(name);
      } else rows.push({ row: row.number, cells });
    }
    if (name !== undefined && !skip)
      sheets.set(name, { name, headerRow, header: header ?? [], rows });
  }
  return catchFormatError(async () => buildRvtoolsEstate(sheets, options));
}

/**
 * Builds an estate from RVTools per-tab CSV texts, keyed by file name (`vInfo.csv`,
 * `RVTools_tabvHost.csv`); files that are not a known tab are ignored.
 */
export async function readRvtoolsCsvTexts(
  texts: ReadonlyMap<string, string>,
  options: RvtoolsOptions,
): Promise<FormatResult<RvtoolsImport>> {
  return catchFormatError(async () => {
    const sheets = new Map<RvtoolsSheetName, RvtoolsSheet>();
    for (const [fileName, text] of texts) {
      const name = rvtoolsSheetOf(fileName);
      if (name === undefined) continue;
      const separator = detectSeparator(splitLines(text)[0] ?? '');
      let header: string[] | undefined;
      let headerRow = 1;
      const rows: { row: number; cells: RvtoolsCell[] }[] = [];
      for (const rec of csvRecordsOfText(text, {
        file: `${options.file}/${fileName}`,
        separator,
      })) {
        const cells = rec.fields.map((f) => (f === '' ? undefined : f));
        if (isEmptyRow(cells)) continue;
        if (header === undefined) {
          header = rec.fields;
          headerRow = rec.row;
        } else rows.push({ row: rec.row, cells });
      }
      sheets.set(name, { name, headerRow, header: header ?? [], rows });
    }
    return buildRvtoolsEstate(sheets, options);
  });
}

export {
  RVTOOLS_COLUMN_ALIASES,
  normalizeRvtoolsHeader,
  type RvtoolsSheetName,
} from './rvtools-columns';
export { joinHostNames } from './host-join';
export type { RvtoolsImport, RvtoolsOptions } from './rvtools-estate';
