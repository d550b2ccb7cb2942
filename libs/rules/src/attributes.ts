import type { Asset, TargetModel } from '@vplan/domain';
import { INVENTORY_CSV_HEADER, normalizeHeader } from '@vplan/formats';
import type { AttributeBag, AttributeValue } from './rule-model';

/**
 * The attributes rules can read on an asset, by the inventory's snake_case names:
 * `id`, `hostname`, `site`, `environment`, `owner`, `department`, `cost_center`,
 * `application`, `role`, `availability`, `maintenance_window` (WeeklyWindow[]),
 * `timezone`, `compliance`, `vlans`, `subnet`, `storage`, `peripherals`, `ups_required`
 * (boolean), `os_family`, `os_version`, `dr_group`, `anti_affinity_group`,
 * `affinity_group`, `cpu_mhz`, `memory_gb` (GiB), `cores`, and every custom column under
 * its normalized header name (trimmed, lower case, spaces/dashes/dots as `_`). A
 * custom column never shadows a named attribute. Absent values are left out.
 */
export function attributesOf(asset: Asset): AttributeBag {
  const bag: Record<string, AttributeValue | undefined> = {};
  for (const name of Object.keys(asset.custom)) bag[normalizeHeader(name)] = undefined;
  for (const name of ASSET_ATTRIBUTES) bag[name] = undefined;
  for (const name of Object.keys(bag)) {
    const value = attributeOf(asset, name);
    if (value === undefined) delete bag[name];
    else bag[name] = value;
  }
  return bag;
}

/**
 * Names of the asset attributes taken from the Asset model (see {@link attributesOf}):
 * the inventory's canonical columns, one list for the reader, the writer and the rules.
 */
export const ASSET_ATTRIBUTES: readonly string[] = INVENTORY_CSV_HEADER;

/**
 * One attribute of an asset, as {@link attributesOf} would give it, without building the
 * whole bag (what the evaluator reads for large estates). Undefined when absent.
 */
export function attributeOf(asset: Asset, name: string): AttributeValue | undefined {
  const b = asset.business;
  const t = asset.technical;
  const named = namedAttribute(asset, b, t, name);
  if (named !== undefined) return named;
  for (const key of Object.keys(asset.custom)) {
    if (normalizeHeader(key) === name) return asset.custom[key];
  }
  return undefined;
}

function namedAttribute(
  asset: Asset,
  b: Asset['business'],
  t: Asset['technical'],
  name: string,
): AttributeValue | undefined {
  switch (name) {
    case 'id':
      return asset.id;
    case 'hostname':
      return asset.hostname;
    case 'site':
      return asset.site;
    case 'environment':
      return b.environment;
    case 'owner':
      return b.owner;
    case 'department':
      return b.department;
    case 'cost_center':
      return b.costCenter;
    case 'application':
      return b.application;
    case 'role':
      return b.role;
    case 'availability':
      return b.availability;
    case 'maintenance_window':
      return b.maintenanceWindows;
    case 'timezone':
      return b.maintenanceTimezone;
    case 'compliance':
      return b.compliance;
    case 'vlans':
      return t?.vlans;
    case 'subnet':
      return t?.subnet;
    case 'storage':
      return t?.storage;
    case 'peripherals':
      return t?.peripherals;
    case 'ups_required':
      return t?.upsRequired;
    case 'os_family':
      return t?.osFamily;
    case 'os_version':
      return t?.osVersion;
    case 'dr_group':
      return b.drGroup;
    case 'anti_affinity_group':
      return b.antiAffinityGroup;
    case 'affinity_group':
      return b.affinityGroup;
    case 'cpu_mhz':
      return asset.capacity.cpuMhz;
    case 'memory_gb':
      return asset.capacity.memoryGiB;
    case 'cores':
      return asset.capacity.cores;
    default:
      return undefined;
  }
}

/** Names of the target attributes fit rules may read (see {@link targetAttributesOf}). */
/**
 * Attributes that hold a set of tags. For `same`, their empty set is a value like any
 * other: a server with no compliance tag may not join a PCI host (set equality), while
 * a scalar attribute that is absent (no environment given) constrains nothing.
 */
export const LIST_ATTRIBUTES: ReadonlySet<string> = new Set(['compliance', 'vlans', 'peripherals']);

export const TARGET_ATTRIBUTES = [
  'name',
  'supported_os',
  'vlans',
  'storage',
  'passthrough',
  'ups_backed',
  'max_vms',
  'cpu_mhz',
  'memory_gb',
] as const;

/**
 * The attributes fit rules can read on a target model: `name`, `supported_os`, `vlans`,
 * `storage`, `passthrough`, `ups_backed`, `max_vms`, `cpu_mhz` (capacity, MHz) and
 * `memory_gb` (capacity, GiB). Absent values are left out.
 */
export function targetAttributesOf(target: TargetModel): AttributeBag {
  const named: Record<(typeof TARGET_ATTRIBUTES)[number], AttributeValue | undefined> = {
    name: target.name,
    supported_os: target.supportedOs,
    vlans: target.vlans,
    storage: target.storage,
    passthrough: target.passthrough,
    ups_backed: target.upsBacked,
    max_vms: target.maxVms,
    cpu_mhz: target.capacity.cpu,
    memory_gb: target.capacity.memory,
  };
  const bag: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(named)) if (value !== undefined) bag[name] = value;
  return bag;
}

/** Text as rules compare it: trimmed, lower case. */
export function canonicalText(value: string | number | boolean): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : String(value);
}

/**
 * A value as a canonical set: the distinct canonical texts of its elements, sorted (a
 * scalar is a one-element set). Empty for an absent value, an empty text or list, and
 * for maintenance windows (compared by `overlap` only).
 */
export function canonicalSet(value: AttributeValue | undefined): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'number' && Number.isNaN(value)) return [];
  if (!Array.isArray(value)) {
    const text = canonicalText(value as string | number | boolean);
    return text === '' ? [] : [text];
  }
  const set = new Set<string>();
  for (const element of value as readonly unknown[]) {
    if (typeof element !== 'string' && typeof element !== 'number') return [];
    const text = canonicalText(element);
    if (text !== '') set.add(text);
  }
  return [...set].sort();
}

const FALSY = new Set(['false', 'no', 'n', 'off', '0', 'none']);

/**
 * Whether a value counts as true for `implies`: it has a canonical value other than
 * `false`/`no`/`n`/`off`/`0`/`none` (so `true`, a non-zero number, `yes`, any other
 * text, a list with such a value). Absent, empty and false values are false.
 */
export function isTruthy(value: AttributeValue | undefined): boolean {
  return canonicalSet(value).some((v) => !FALSY.has(v));
}

/** The canonical set of a value as one text (`;`-joined), `''` when absent. */
export function canonicalKey(value: AttributeValue | undefined): string {
  if (typeof value === 'string') return value.trim().toLowerCase();
  const set = canonicalSet(value);
  return set.length === 1 ? (set[0] as string) : set.join(';');
}
