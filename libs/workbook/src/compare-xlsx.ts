import type { Workbook as WorkbookType } from 'exceljs';
import { addTableSheet } from './table-sheet';

/** compare.xlsx: sheet Plans (figures side by side) and sheet Differences (plan, sentence). */
export async function comparisonToXlsx(input: {
  readonly table: readonly (readonly string[])[];
  readonly differences: readonly { readonly name: string; readonly lines: readonly string[] }[];
}): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and the CLI's start should not pay for it.
  const { Workbook } = (await import('exceljs')).default;
  const workbook: WorkbookType = new Workbook();
  const [head = [], ...rows] = input.table;
  addTableSheet(
    workbook,
    'Plans',
    head.map((h) => ({ header: h === '' ? 'figure' : h })),
    rows,
  );
  addTableSheet(
    workbook,
    'Differences',
    [{ header: 'plan' }, { header: 'difference against the first plan' }],
    input.differences.flatMap((d) => d.lines.map((line) => [d.name, line])),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
