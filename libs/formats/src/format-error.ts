/**
 * Where and why an input file is wrong. `row` and `column` are 1-based:
 * - in CSV-like files (inventory, workload CSV, Bitbrains) `row` is the physical line
 *   number (the header is row 1) and `column` is the **field number** (1 = first field);
 *   a problem with a whole line (wrong field count) points at the first missing or extra
 *   field, a problem with the whole file (missing column, no data) at `row 1, column 1`
 *   or at the header row;
 * - in line files without fields (PlanetLab) `column` is 1;
 * - in JSON (`plan.json`) `row`/`column` are the line and the **character column** of
 *   the offending value.
 */
export interface FormatIssue {
  /** The file as the user named it (a path or a bare name). */
  readonly file: string;
  readonly row: number;
  readonly column: number;
  /** What is wrong, one sentence without a trailing period. */
  readonly message: string;
}

/** Renders an issue as `file:row:column: message`, the form editors and CI logs link to. */
export function formatIssue(issue: FormatIssue): string {
  return `${issue.file}:${issue.row}:${issue.column}: ${issue.message}`;
}

/**
 * Bad input, located. Its `message` is exactly `file:row:column: what is wrong` and is
 * meant to be shown to the user as is (never with a stack trace).
 */
export class FormatError extends Error {
  readonly issue: FormatIssue;

  constructor(issue: FormatIssue) {
    super(formatIssue(issue));
    this.name = 'FormatError';
    this.issue = issue;
  }

  get file(): string {
    return this.issue.file;
  }

  get row(): number {
    return this.issue.row;
  }

  get column(): number {
    return this.issue.column;
  }
}

/** The outcome of a parser: a value, or the first problem found in the input. */
export type FormatResult<T> = { readonly ok: true; readonly value: T } | FormatFailure;

export interface FormatFailure {
  readonly ok: false;
  readonly error: FormatError;
}

/** Shorthand for a failed outcome. */
export function formatFailure(
  file: string,
  row: number,
  column: number,
  message: string,
): FormatFailure {
  return { ok: false, error: new FormatError({ file, row, column, message }) };
}

/**
 * Runs a parser body that signals bad input by throwing `FormatError` and turns that
 * into a failed outcome; any other exception is a bug and propagates.
 */
export async function catchFormatError<T>(body: () => Promise<T>): Promise<FormatResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, error };
    throw error;
  }
}

/** Synchronous twin of {@link catchFormatError}. */
export function catchFormatErrorSync<T>(body: () => T): FormatResult<T> {
  try {
    return { ok: true, value: body() };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, error };
    throw error;
  }
}

/** Unwraps an outcome, throwing its `FormatError` (for the I/O edges that report and exit). */
export function unwrapFormatResult<T>(result: FormatResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
