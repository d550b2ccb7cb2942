import type { Asset } from '@vplan/domain';
import { parseInventoryCsv, unwrapFormatResult } from '@vplan/formats';
import { toInputError } from './input-error';
import { isRvtoolsInventory, loadRvtools } from './load-rvtools';
import { readText } from './read-lines';

/** Options of {@link loadInventory}. */
export interface LoadInventoryOptions {
  /** Field separator; default: guessed from the header (`,`, `;` or TAB). */
  readonly separator?: string;
}

/**
 * Reads an inventory CSV (plain or `.gz`; columns: `INVENTORY_COLUMNS` of
 * `@vplan/formats`) into assets, in file order. Throws `InputError` when the file cannot
 * be read and `FormatError` (`file:row:column: …`) when its content is wrong. An RVTools
 * export (`.xlsx`, or a folder of per-tab CSVs) gives its powered-on VMs; use
 * {@link loadRvtools} for today's hosts and the skipped VMs too.
 */
export async function loadInventory(
  path: string,
  options: LoadInventoryOptions = {},
): Promise<Asset[]> {
  if (await isRvtoolsInventory(path)) return [...(await loadRvtools(path)).estate.assets];
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    throw toInputError(path, error);
  }
  return unwrapFormatResult(parseInventoryCsv(path, text, options));
}
