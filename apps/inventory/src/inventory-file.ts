import { assetSchema, ASSET_ATTRIBUTE_PATHS, type AssetPayload } from '@vplan/contracts';
import {
  csvRecordsOfText,
  detectSeparator,
  FormatError,
  formatIssue,
  INVENTORY_COLUMNS,
  normalizeHeader,
  parseInventoryCsv,
  splitLines,
  type FormatIssue,
} from '@vplan/formats';

/** Most problems one bad file reports (the first is always the CLI's own message). */
export const MAX_FILE_ISSUES = 100;

export type InventoryFileOutcome =
  | { readonly ok: true; readonly assets: AssetPayload[] }
  | { readonly ok: false; readonly issues: FormatIssue[] };

/**
 * Reads an inventory CSV exactly as the CLI's `--inventory` does (`parseInventoryCsv` of
 * @vplan/formats, `file` naming it in messages), then checks every asset against the
 * contracts' `assetSchema` (field lengths a stored asset must respect).
 *
 * The formats reader stops at the first problem; to report every bad row at once, the
 * row at fault is blanked (blank lines keep the numbering and are skipped) and the file
 * read again, up to {@link MAX_FILE_ISSUES} problems. A problem of the header or of the
 * file as a whole ends the search.
 */
export function readInventoryFile(file: string, text: string): InventoryFileOutcome {
  const lines = splitLines(text);
  const issues: FormatIssue[] = [];
  let records: { row: number }[] | undefined;
  for (;;) {
    const result = parseInventoryCsv(file, issues.length === 0 ? text : lines.join('\n'));
    if (result.ok) {
      if (issues.length > 0) return { ok: false, issues };
      return checkAssets(file, text, result.value);
    }
    const issue = result.error.issue;
    issues.push(issue);
    records ??= recordStarts(file, text);
    const at = records?.findIndex((r) => r.row === issue.row) ?? -1;
    if (at <= 0 || issues.length >= MAX_FILE_ISSUES) return { ok: false, issues };
    const end = records?.[at + 1]?.row ?? lines.length + 1;
    for (let line = issue.row; line < end; line++) lines[line - 1] = '';
  }
}

/** Where each record starts (the header first); undefined when the file cannot be split. */
function recordStarts(file: string, text: string): { row: number }[] | undefined {
  try {
    const firstLine = splitLines(text).find((line) => line.trim() !== '') ?? '';
    return [...csvRecordsOfText(text, { file, separator: detectSeparator(firstLine) })];
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

/** Checks parsed assets against the contract; problems point at their row and column. */
function checkAssets(file: string, text: string, assets: readonly unknown[]): InventoryFileOutcome {
  const checked: AssetPayload[] = [];
  const issues: FormatIssue[] = [];
  let rows: { row: number; fields: string[] }[] | undefined;
  assets.forEach((asset, i) => {
    const result = assetSchema.safeParse(asset);
    if (result.success) {
      checked.push(result.data);
      return;
    }
    const firstLine = splitLines(text).find((line) => line.trim() !== '') ?? '';
    rows ??= [...csvRecordsOfText(text, { file, separator: detectSeparator(firstLine) })];
    const header = rows[0]?.fields ?? [];
    for (const problem of result.error.issues) {
      if (issues.length >= MAX_FILE_ISSUES) break;
      const path = problem.path.map(String);
      issues.push({
        file,
        row: rows[i + 1]?.row ?? 1,
        column: columnOf(header, path),
        message: `${describePath(path)} ${problem.message}`,
      });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, assets: checked };
}

/** The 1-based field number of the column an asset path came from (1 when unknown). */
function columnOf(header: readonly string[], path: readonly string[]): number {
  if (path[0] === 'custom' && path[1] !== undefined) {
    const i = header.findIndex((h) => h.trim() === path[1]);
    return i + 1 || 1;
  }
  const dotted = path.length > 1 ? `${path[0]}.${path[1]}` : (path[0] ?? '');
  const name = Object.entries(ASSET_ATTRIBUTE_PATHS).find(([, p]) => p === dotted)?.[0];
  const column = INVENTORY_COLUMNS.find((c) => c.column === name);
  if (!column) return 1;
  const names = new Set([column.column, ...column.aliases].map(normalizeHeader));
  const i = header.findIndex((h) => names.has(normalizeHeader(h)));
  return i + 1 || 1;
}

function describePath(path: readonly string[]): string {
  if (path[0] === 'custom' && path[1] !== undefined) return `column "${path[1]}"`;
  const dotted = path.length > 1 ? `${path[0]}.${path[1]}` : (path[0] ?? 'row');
  const name = Object.entries(ASSET_ATTRIBUTE_PATHS).find(([, p]) => p === dotted)?.[0];
  return name ?? dotted;
}

/** Issues as `file:row:column: message` texts. */
export function issueTexts(issues: readonly FormatIssue[]): string[] {
  return issues.map(formatIssue);
}
