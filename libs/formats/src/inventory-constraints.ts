import type { BusinessAttributes, TechnicalAttributes } from '@vplan/domain';
import { parseCidr } from './cidr';
import type { InventoryKey } from './inventory-columns';
import {
  osFamilyOf,
  parseAvailability,
  parseOsFamily,
  parseStorageKind,
  parseTags,
  parseTimeZone,
  parseVlans,
  parseYesNo,
} from './inventory-values';
import { parseWeeklyWindows, type ValueOutcome } from './weekly-window';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The constraint attributes of one inventory row (only those it gives). */
export interface ConstraintAttributes {
  readonly business: Partial<BusinessAttributes>;
  readonly technical?: TechnicalAttributes;
}

/**
 * Reads the constraint columns of one row. `cell(key)` is the trimmed cell or
 * `undefined` when empty or absent; `fail(key, message)` throws the located error.
 */
export function readConstraintAttributes(
  cell: (key: InventoryKey) => string | undefined,
  fail: (key: InventoryKey, message: string) => never,
): ConstraintAttributes {
  const value = <T>(key: InventoryKey, parse: (text: string) => ValueOutcome<T>): T | undefined => {
    const text = cell(key);
    if (text === undefined) return undefined;
    const outcome = parse(text);
    if (!outcome.ok) fail(key, outcome.message);
    return outcome.value;
  };

  const business: Mutable<BusinessAttributes> = {};
  const availability = value('availability', parseAvailability);
  if (availability !== undefined) business.availability = availability;
  const windows = value('maintenance_window', parseWeeklyWindows);
  if (windows !== undefined) business.maintenanceWindows = windows;
  const zone = value('timezone', parseTimeZone);
  if (zone !== undefined) business.maintenanceTimezone = zone;
  const compliance = value('compliance', ok(parseTags));
  if (compliance !== undefined && compliance.length > 0) business.compliance = compliance;

  const technical: Mutable<TechnicalAttributes> = {};
  const os = cell('os');
  const osVersion = cell('os_version') ?? os;
  const osFamily =
    value('os_family', parseOsFamily) ??
    (os === undefined ? undefined : (osFamilyOf(os) ?? 'other')) ??
    (osVersion === undefined ? undefined : osFamilyOf(osVersion));
  if (osFamily !== undefined) technical.osFamily = osFamily;
  if (osVersion !== undefined) technical.osVersion = osVersion;
  const vlans = value('vlans', parseVlans);
  if (vlans !== undefined && vlans.length > 0) technical.vlans = vlans;
  const subnet = value('subnet', parseCidr);
  if (subnet !== undefined) technical.subnet = subnet;
  const storage = value('storage', parseStorageKind);
  if (storage !== undefined) technical.storage = storage;
  const peripherals = value('peripherals', ok(parseTags));
  if (peripherals !== undefined && peripherals.length > 0) technical.peripherals = peripherals;
  const ups = value('ups_required', parseYesNo);
  if (ups !== undefined) technical.upsRequired = ups;

  return Object.keys(technical).length > 0 ? { business, technical } : { business };
}

function ok<T>(parse: (text: string) => T): (text: string) => ValueOutcome<T> {
  return (text) => ({ ok: true, value: parse(text) });
}
