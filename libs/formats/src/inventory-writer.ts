import type { Asset } from '@vplan/domain';
import { formatCsvRow, normalizeHeader } from './csv';
import { INVENTORY_COLUMNS, type InventoryKey } from './inventory-columns';
import { formatWeeklyWindows } from './weekly-window';

/**
 * The canonical columns {@link inventoryToCsv} writes, in order: every attribute once
 * (`cpu_ghz`, `memory_mb` and `os` are input conveniences the others replace).
 */
export const INVENTORY_CSV_HEADER: readonly InventoryKey[] = [
  'id',
  'hostname',
  'site',
  'cpu_mhz',
  'cores',
  'memory_gb',
  'cpu_model',
  'cpu_rating',
  'environment',
  'owner',
  'department',
  'cost_center',
  'application',
  'role',
  'availability',
  'maintenance_window',
  'timezone',
  'compliance',
  'os_family',
  'os_version',
  'vlans',
  'subnet',
  'storage',
  'peripherals',
  'ups_required',
  'affinity_group',
  'anti_affinity_group',
  'dr_group',
];

const KNOWN_HEADERS = new Set(
  INVENTORY_COLUMNS.flatMap((c) => [c.column, ...c.aliases].map(normalizeHeader)),
);

/**
 * Writes assets as the generic inventory CSV: the canonical columns
 * ({@link INVENTORY_CSV_HEADER}), then every custom column in order of first
 * appearance; `,`-separated, RFC 4180 quoting, `\n` line ends. Lists are joined with
 * `;`, windows as `Sun 02:00-06:00; Wed 22:00-23:30`. `parseInventoryCsv` reads the
 * result back into equal assets.
 *
 * @throws RangeError when a custom column's name is an inventory column or alias (it
 * would be read back as that column), or two custom names differ only by spaces.
 */
export function inventoryToCsv(assets: readonly Asset[]): string {
  const custom: string[] = [];
  const seen = new Set<string>();
  for (const asset of assets) {
    for (const name of Object.keys(asset.custom)) {
      if (seen.has(name)) continue;
      if (KNOWN_HEADERS.has(normalizeHeader(name)) || name.trim() !== name || name === '') {
        throw new RangeError(
          `inventoryToCsv: custom column "${name}" cannot be written (it reads back as an inventory column, or is blank or padded)`,
        );
      }
      seen.add(name);
      custom.push(name);
    }
  }
  const lines = [formatCsvRow([...INVENTORY_CSV_HEADER, ...custom])];
  for (const asset of assets) {
    const fields = INVENTORY_CSV_HEADER.map((key) => cellOf(asset, key));
    for (const name of custom) fields.push(asset.custom[name] ?? '');
    lines.push(formatCsvRow(fields));
  }
  return `${lines.join('\n')}\n`;
}

function cellOf(asset: Asset, key: InventoryKey): string {
  const b = asset.business;
  const t = asset.technical ?? {};
  const text = (value: string | number | undefined): string =>
    value === undefined ? '' : String(value);
  const list = (values: readonly string[] | undefined): string => (values ?? []).join(';');
  switch (key) {
    case 'id':
      return asset.id;
    case 'hostname':
      return text(asset.hostname);
    case 'site':
      return text(asset.site);
    case 'cpu_mhz':
      return text(asset.capacity.cpuMhz);
    case 'cores':
      return text(asset.capacity.cores);
    case 'memory_gb':
      return text(asset.capacity.memoryGiB);
    case 'cpu_model':
      return text(asset.capacity.cpuModel);
    case 'cpu_rating':
      return text(asset.capacity.cpuRating);
    case 'environment':
      return text(b.environment);
    case 'owner':
      return text(b.owner);
    case 'department':
      return text(b.department);
    case 'cost_center':
      return text(b.costCenter);
    case 'application':
      return text(b.application);
    case 'role':
      return text(b.role);
    case 'availability':
      return text(b.availability);
    case 'maintenance_window':
      return b.maintenanceWindows === undefined ? '' : formatWeeklyWindows(b.maintenanceWindows);
    case 'timezone':
      return text(b.maintenanceTimezone);
    case 'compliance':
      return list(b.compliance);
    case 'os_family':
      return text(t.osFamily);
    case 'os_version':
      return text(t.osVersion);
    case 'vlans':
      return list(t.vlans);
    case 'subnet':
      return text(t.subnet);
    case 'storage':
      return text(t.storage);
    case 'peripherals':
      return list(t.peripherals);
    case 'ups_required':
      return t.upsRequired === undefined ? '' : t.upsRequired ? 'yes' : 'no';
    case 'affinity_group':
      return text(b.affinityGroup);
    case 'anti_affinity_group':
      return text(b.antiAffinityGroup);
    case 'dr_group':
      return text(b.drGroup);
    default:
      return '';
  }
}
