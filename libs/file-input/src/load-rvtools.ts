import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readRvtoolsCsvTexts,
  readRvtoolsWorkbook,
  rvtoolsSheetOf,
  unwrapFormatResult,
  type RvtoolsImport,
} from '@vplan/formats';
import { toInputError } from './input-error';

/** Options of {@link loadRvtools}. */
export interface LoadRvtoolsOptions {
  /** Plan powered-off and suspended VMs too; default false. */
  readonly includePoweredOff?: boolean;
  /** Plan templates too; default false. */
  readonly includeTemplates?: boolean;
}

/**
 * Whether `path` is an RVTools export: an `.xlsx` file, or a folder holding a vInfo CSV
 * (`vInfo.csv`, `RVTools_tabvInfo.csv`).
 */
export async function isRvtoolsInventory(path: string): Promise<boolean> {
  if (/\.xlsx$/i.test(path)) return true;
  try {
    if (!(await stat(path)).isDirectory()) return false;
    return (await readdir(path)).some((name) => rvtoolsSheetOf(name) === 'vInfo');
  } catch {
    return false;
  }
}

/**
 * Reads an RVTools `.xlsx` workbook (streamed) or a folder of its per-tab CSVs into an
 * estate with today's baseline. Throws `InputError` when it cannot be read and
 * `FormatError` (`file:sheet:row:column: …`) when its content is wrong.
 */
export async function loadRvtools(
  path: string,
  options: LoadRvtoolsOptions = {},
): Promise<RvtoolsImport> {
  const file = path.split(/[\\/]/).filter(Boolean).pop() ?? path;
  const readOptions = { ...options, file };
  if (/\.xlsx$/i.test(path)) {
    try {
      await stat(path);
    } catch (error) {
      throw toInputError(path, error);
    }
    return unwrapFormatResult(await readRvtoolsWorkbook(path, readOptions));
  }
  const texts = new Map<string, string>();
  try {
    for (const name of await readdir(path))
      if (rvtoolsSheetOf(name) !== undefined)
        texts.set(name, await readFile(join(path, name), 'utf8'));
  } catch (error) {
    throw toInputError(path, error);
  }
  return unwrapFormatResult(await readRvtoolsCsvTexts(texts, readOptions));
}
