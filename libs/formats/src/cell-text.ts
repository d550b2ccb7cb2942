/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A negative decimal number, e.g. `-2`, `-0.5`, `-1e-3`: data, not a formula. */
const NEGATIVE_NUMBER = /^-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell made inert for spreadsheets: text starting with `=`, `+`, `-`, `@`, tab or
 * carriage return is prefixed with `'`, as the OWASP "CSV Injection" guidance advises, so
 * Excel, LibreOffice and Sheets show it instead of evaluating it. A negative number written
 * as text (`-2`, `-0.5`) is left alone: it is data, not a formula. Used by plan.csv and by
 * every text cell of the workbooks (`@vplan/workbook`).
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}
