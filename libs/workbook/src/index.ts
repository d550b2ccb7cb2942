export {
  addTableSheet,
  cellValue,
  NUMBER_FORMATS,
  type ColumnFormat,
  type TableCell,
  type TableColumn,
} from './table-sheet';
export { planToXlsx, summaryTable, todayTable } from './plan-workbook';
export { assetsTable, hostsTable, rulesTable, unplacedTable, type SheetTable } from './plan-sheets';
export { comparisonToXlsx } from './compare-xlsx';
