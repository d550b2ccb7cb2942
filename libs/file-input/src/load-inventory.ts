import type { Asset } from '@vplan/domain';
import { parseInventoryCsv, unwrapFormatResult } from '@vplan/formats';
import { toInputError } from './input-error';
import { readText } from './read-lines';

/** Options of {@link loadInventory}. */
export interface LoadInventoryOptions {
  /** Field separator; default: guessed from the header (`,`, `;` or TAB). */
  readonly separator?: string;
}

/**
 * Reads an inventory CSV (plain or `.gz`; columns: `INVENTORY_COLUMNS` of
 * `@vplan/formats`) into assets, in file order. Throws `InputError` when the file cannot
 * be read and `FormatError` (`file:row:column: …`) when its content is wrong.
 */
export async function loadInventory(
  path: string,
  options: LoadInventoryOptions = {},
): Promise<Asset[]> {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    throw toInputError(path, error);
  }
  return unwrapFormatResult(parseInventoryCsv(path, text, options));
}
