import type { AssetAttributes, AssetPayload } from '@vplan/contracts';

/**
 * An asset as a flat map of field paths (`hostname`, `capacity.cpuMhz`,
 * `business.environment`, `technical.vlans`, `custom.rack`) to their values: the unit of
 * provenance, history and precedence. `id` is not a field (it names the asset).
 */
export type FieldMap = Map<string, unknown>;

/** Groups stored field by field (`usage`: the inventory's one usage snapshot, e.g. RVTools). */
const GROUPS = ['capacity', 'business', 'technical', 'usage'] as const;

/** The fields of an asset or of a partial observation, in a stable order. */
export function fieldsOf(asset: AssetPayload | AssetAttributes): FieldMap {
  const fields: FieldMap = new Map();
  if (asset.hostname !== undefined) fields.set('hostname', asset.hostname);
  if (asset.site !== undefined) fields.set('site', asset.site);
  for (const group of GROUPS) {
    const values = asset[group] as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value !== undefined) fields.set(`${group}.${key}`, value);
    }
  }
  for (const [key, value] of Object.entries(asset.custom ?? {})) fields.set(`custom.${key}`, value);
  return fields;
}

/** Rebuilds the asset `id` whose fields are `fields` (the inverse of {@link fieldsOf}). */
export function assetOf(id: string, fields: FieldMap): AssetPayload {
  const capacity: Record<string, unknown> = {};
  const business: Record<string, unknown> = {};
  const technical: Record<string, unknown> = {};
  const usage: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  let hostname: string | undefined;
  let site: string | undefined;
  for (const [path, value] of fields) {
    if (path === 'hostname') hostname = value as string;
    else if (path === 'site') site = value as string;
    else if (path.startsWith('custom.')) custom[path.slice('custom.'.length)] = value as string;
    else {
      const dot = path.indexOf('.');
      const group = path.slice(0, dot);
      const key = path.slice(dot + 1);
      if (group === 'capacity') capacity[key] = value;
      else if (group === 'business') business[key] = value;
      else if (group === 'technical') technical[key] = value;
      else if (group === 'usage') usage[key] = value;
    }
  }
  return {
    id,
    ...(hostname === undefined ? {} : { hostname }),
    ...(site === undefined ? {} : { site }),
    capacity,
    business,
    ...(Object.keys(technical).length > 0 ? { technical } : {}),
    custom,
    // A snapshot is whole only with its source (the contract requires it).
    ...(usage['source'] !== undefined ? { usage } : {}),
  } as AssetPayload;
}

/** Whether two field values are the same (deep, order of list elements included). */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
