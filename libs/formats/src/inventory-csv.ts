import type { Asset, AssetCapacity, BusinessAttributes } from '@vplan/domain';
import { coresToMhz, makeAsset, MIB_PER_GIB } from '@vplan/domain';
import {
  csvRecordsOfText,
  detectSeparator,
  mapHeader,
  normalizeHeader,
  parseDecimal,
  splitLines,
  type CsvRecord,
  type HeaderSpec,
} from './csv';
import { catchFormatErrorSync, FormatError, type FormatResult } from './format-error';
import { INVENTORY_COLUMNS, type InventoryKey } from './inventory-columns';
import { readConstraintAttributes } from './inventory-constraints';

export { INVENTORY_COLUMNS, type InventoryColumn, type InventoryKey } from './inventory-columns';

type Key = InventoryKey;

const SPEC = Object.fromEntries(
  INVENTORY_COLUMNS.map((c) => [c.column, [c.column, ...c.aliases].map(normalizeHeader)]),
) as unknown as HeaderSpec<Key>;

/** Business attributes held as plain text. */
type TextBusinessField = {
  [K in keyof BusinessAttributes]-?: NonNullable<BusinessAttributes[K]> extends string ? K : never;
}[keyof BusinessAttributes];

const BUSINESS: readonly (readonly [Key, TextBusinessField])[] = [
  ['environment', 'environment'],
  ['owner', 'owner'],
  ['department', 'department'],
  ['cost_center', 'costCenter'],
  ['application', 'application'],
  ['role', 'role'],
  ['anti_affinity_group', 'antiAffinityGroup'],
  ['dr_group', 'drGroup'],
  ['affinity_group', 'affinityGroup'],
];

/** Options of {@link parseInventoryCsv}. */
export interface InventoryCsvOptions {
  /** Field separator; default: guessed from the header (`,`, `;` or TAB). */
  readonly separator?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Parses the generic inventory CSV (header required; see {@link INVENTORY_COLUMNS}) into
 * assets, in file order. Text values are trimmed; empty cells mean "unknown". Columns
 * not in the table are kept verbatim in `asset.custom` under their header name. An
 * empty or duplicate id, a bad number or a wrong field count fails with `file:row:column`.
 */
export function parseInventoryCsv(
  file: string,
  text: string,
  options: InventoryCsvOptions = {},
): FormatResult<Asset[]> {
  return catchFormatErrorSync(() => readInventory(file, text, options));
}

function readInventory(file: string, text: string, options: InventoryCsvOptions): Asset[] {
  const firstLine = splitLines(text).find((line) => line.trim() !== '') ?? '';
  const separator = options.separator ?? detectSeparator(firstLine);
  const records = csvRecordsOfText(text, { file, separator });
  const first = records.next();
  if (first.done) {
    throw new FormatError({
      file,
      row: 1,
      column: 1,
      message: 'empty file: expected a header line',
    });
  }
  const header = first.value;
  const map = mapHeader(file, header, SPEC, ['id']);
  const seenCustom = new Map<string, number>();
  for (const { index, name } of map.unmapped) {
    const before = seenCustom.get(name);
    if (before !== undefined) {
      throw new FormatError({
        file,
        row: header.row,
        column: index + 1,
        message: `column "${name}" repeats column ${before + 1}`,
      });
    }
    seenCustom.set(name, index);
  }

  const assets: Asset[] = [];
  const firstRowOf = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      const column = Math.min(record.fields.length, header.fields.length) + 1;
      throw new FormatError({
        file,
        row: record.row,
        column,
        message: `expected ${header.fields.length} fields, found ${record.fields.length}`,
      });
    }
    const asset = readRow(file, record, map.index, map.unmapped);
    const previous = firstRowOf.get(asset.id);
    if (previous !== undefined) {
      throw new FormatError({
        file,
        row: record.row,
        column: (map.index.id as number) + 1,
        message: `duplicate id "${asset.id}" (first on row ${previous})`,
      });
    }
    firstRowOf.set(asset.id, record.row);
    assets.push(asset);
  }
  return assets;
}

function readRow(
  file: string,
  record: CsvRecord,
  index: Readonly<Partial<Record<Key, number>>>,
  unmapped: readonly { readonly index: number; readonly name: string }[],
): Asset {
  const text = (key: Key): string | undefined => {
    const i = index[key];
    const value = i === undefined ? undefined : record.fields[i]?.trim();
    return value === '' ? undefined : value;
  };
  const fail = (key: Key, message: string): never => {
    throw new FormatError({
      file,
      row: record.row,
      column: (index[key] as number) + 1,
      message: `${key} ${message}`,
    });
  };
  const number = (key: Key, integer = false): number | undefined => {
    const raw = text(key);
    if (raw === undefined) return undefined;
    const value = parseDecimal(raw);
    if (!(value >= 0) || (integer && !Number.isInteger(value))) {
      const what = integer ? 'a non-negative integer' : 'a non-negative number';
      fail(key, `must be ${what}, found "${raw}"`);
    }
    return value;
  };

  const id = text('id');
  if (id === undefined) {
    throw new FormatError({
      file,
      row: record.row,
      column: (index.id as number) + 1,
      message: 'id is empty',
    });
  }
  const capacity = readCapacity(text, number, fail);

  const constraints = readConstraintAttributes(text, fail);
  const business: Mutable<BusinessAttributes> = {};
  for (const [key, field] of BUSINESS) {
    const value = text(key);
    if (value !== undefined) business[field] = value;
  }
  Object.assign(business, constraints.business);
  const custom: Record<string, string> = {};
  for (const column of unmapped) {
    const value = record.fields[column.index] ?? '';
    if (value.trim() !== '') custom[column.name] = value;
  }
  const hostname = text('hostname');
  const site = text('site');
  return makeAsset(id, {
    ...(hostname === undefined ? {} : { hostname }),
    ...(site === undefined ? {} : { site }),
    capacity,
    business,
    ...(constraints.technical === undefined ? {} : { technical: constraints.technical }),
    custom,
  });
}

/** Provisioned CPU and memory, and the CPU's model and rating. */
function readCapacity(
  text: (key: Key) => string | undefined,
  number: (key: Key, integer?: boolean) => number | undefined,
  fail: (key: Key, message: string) => never,
): AssetCapacity {
  const capacity: Mutable<AssetCapacity> = {};
  const cores = number('cores', true);
  const ghz = number('cpu_ghz');
  const cpuMhz =
    number('cpu_mhz') ??
    (cores !== undefined && ghz !== undefined ? coresToMhz(cores, ghz) : undefined);
  if (cpuMhz !== undefined) capacity.cpuMhz = cpuMhz;
  if (cores !== undefined) capacity.cores = cores;
  const memoryMb = number('memory_mb');
  const memoryGiB =
    number('memory_gb') ?? (memoryMb === undefined ? undefined : memoryMb / MIB_PER_GIB);
  if (memoryGiB !== undefined) capacity.memoryGiB = memoryGiB;
  const cpuModel = text('cpu_model');
  if (cpuModel !== undefined) capacity.cpuModel = cpuModel;
  const rating = text('cpu_rating');
  if (rating !== undefined) {
    const value = parseDecimal(rating);
    if (!(value > 0) || !Number.isFinite(value)) {
      fail('cpu_rating', `must be a positive number, found "${rating}"`);
    }
    capacity.cpuRating = value;
  }
  return capacity;
}
