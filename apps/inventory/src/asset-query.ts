import {
  assetFiltersSchema,
  parseOrError,
  type AssetFilters,
  type AssetPayload,
  type ErrorDetail,
  type FilterCondition,
} from '@vplan/contracts';
import { formatWeeklyWindows, parseDecimal, parseYesNo } from '@vplan/formats';
import { attributesOf, canonicalSet, canonicalText } from '@vplan/rules';
import type { WeeklyWindow } from '@vplan/domain';

/**
 * Filtering on any attribute. Each stored asset carries `attrs`: its attributes by the
 * names filters and rules use (`attributesOf` of @vplan/rules: the inventory's columns and
 * the normalized custom column names), texts in their canonical form (trimmed, lower
 * case), lists as canonical sets, maintenance windows as their text, numbers and booleans
 * as such. A filter becomes an exact-match query on those values.
 */

/** Attributes held as numbers (ranges apply to them). */
export const NUMERIC_ATTRIBUTES: ReadonlySet<string> = new Set(['cpu_mhz', 'cores', 'memory_gb']);
/** Attributes held as booleans. */
export const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(['ups_required']);

const ATTRIBUTE_NAME = /^[a-z0-9_]{1,64}$/;

export type QueryValue = string | number | boolean | string[];

/** The queryable attributes of an asset (`attrs` of the stored document). */
export function queryAttributesOf(asset: AssetPayload): Record<string, QueryValue> {
  const attrs: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(attributesOf(asset))) {
    if (!ATTRIBUTE_NAME.test(name) || value === undefined) continue;
    if (name === 'maintenance_window') {
      attrs[name] = formatWeeklyWindows(value as readonly WeeklyWindow[]).toLowerCase();
    } else if (Array.isArray(value)) {
      attrs[name] = [...canonicalSet(value)];
    } else if (typeof value === 'string') {
      attrs[name] = canonicalText(value);
    } else {
      attrs[name] = value as number | boolean;
    }
  }
  return attrs;
}

export type QueryOutcome =
  { ok: true; query: Record<string, unknown> } | { ok: false; details: ErrorDetail[] };

/** A MongoDB query on `attrs.*` for every condition of `filters` (all must hold). */
export function filtersToQuery(filters: AssetFilters): QueryOutcome {
  const query: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  for (const [name, condition] of Object.entries(filters)) {
    if (name === STALE_FILTER) {
      const stale = staleCondition(condition);
      if (stale === undefined)
        details.push({ path: 'filters.stale', message: 'must be true or false' });
      else query['stale'] = stale ? true : { $ne: true };
      continue;
    }
    const translated = conditionToQuery(name, condition);
    if (typeof translated === 'string')
      details.push({ path: `filters.${name}`, message: translated });
    else query[`attrs.${name}`] = translated.value;
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, query };
}

/**
 * `stale`: the record's staleness flag (staleness.ts), not an asset attribute (a custom
 * column of that name is not filterable): `true` stale only, `false` live only.
 */
export const STALE_FILTER = 'stale';

function staleCondition(condition: FilterCondition): boolean | undefined {
  if (typeof condition === 'boolean') return condition;
  if (typeof condition !== 'string') return undefined;
  const parsed = parseYesNo(condition);
  return parsed.ok ? parsed.value : undefined;
}

function conditionToQuery(name: string, condition: FilterCondition): { value: unknown } | string {
  if (Array.isArray(condition)) {
    const values: unknown[] = [];
    for (const item of condition) {
      const v = valueFor(name, item);
      if (typeof v === 'object') return v.error;
      values.push(v);
    }
    return { value: { $in: values } };
  }
  if (typeof condition === 'object') {
    if ('exists' in condition) return { value: { $exists: condition.exists } };
    if (!NUMERIC_ATTRIBUTES.has(name)) {
      return `a range needs a numeric attribute (${[...NUMERIC_ATTRIBUTES].join(', ')})`;
    }
    const range: Record<string, number> = {};
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      const bound = condition[op];
      if (bound !== undefined) range[`$${op}`] = bound;
    }
    return { value: range };
  }
  const v = valueFor(name, condition);
  return typeof v === 'object' ? v.error : { value: v };
}

/** One filter value in the form `attrs` holds for that attribute. */
function valueFor(
  name: string,
  value: string | number | boolean,
): QueryValueScalar | { error: string } {
  if (NUMERIC_ATTRIBUTES.has(name)) {
    const n = typeof value === 'number' ? value : parseDecimal(String(value));
    return Number.isFinite(n) ? n : { error: `must be a number, found "${String(value)}"` };
  }
  if (BOOLEAN_ATTRIBUTES.has(name)) {
    if (typeof value === 'boolean') return value;
    const parsed = parseYesNo(String(value));
    return parsed.ok ? parsed.value : { error: parsed.message };
  }
  return canonicalText(value);
}
type QueryValueScalar = string | number | boolean;

/** Query parameters of `GET /assets` that are not filters. */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set([
  'limit',
  'after',
  'withTotal',
  'filters',
]);

const RANGE = /^(>=|<=|>|<)(.+)$/;

/**
 * The filters of an HTTP query string: `?environment=prod&site=ams` (equal, all must
 * hold), a repeated name (`?site=ams&site=fra`: any of them), `>`, `>=`, `<`, `<=` before
 * a number (`?cores=>=8`), and `?filters=<JSON>` for anything the contracts' filter
 * language says (`{"cores":{"gte":4,"lt":16},"owner":{"exists":false}}`). Checked with
 * the contracts' `assetFiltersSchema`.
 */
export function filtersOfQueryString(
  params: Readonly<Record<string, unknown>>,
): { ok: true; filters: AssetFilters } | { ok: false; message: string; details: ErrorDetail[] } {
  const raw: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  const json = params['filters'];
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(String(json));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      Object.assign(raw, parsed);
    } catch {
      details.push({ path: 'filters', message: 'must be a JSON object of attribute conditions' });
    }
  }
  for (const [name, value] of Object.entries(params)) {
    if (RESERVED_PARAMS.has(name)) continue;
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (!NUMERIC_ATTRIBUTES.has(name)) {
      raw[name] = values.length === 1 ? values[0] : values;
      continue;
    }
    const range: Record<string, number> = {};
    const exact: (string | number)[] = [];
    for (const v of values) {
      const m = RANGE.exec(v);
      const n = parseDecimal(m ? (m[2] as string) : v);
      if (!Number.isFinite(n)) {
        details.push({ path: `filters.${name}`, message: `must be a number, found "${v}"` });
      } else if (m) {
        range[{ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[m[1] as '>']] = n;
      } else exact.push(n);
    }
    if (exact.length > 0 && Object.keys(range).length > 0) {
      details.push({ path: `filters.${name}`, message: 'give either values or bounds, not both' });
    }
    raw[name] = exact.length === 0 ? range : exact.length === 1 ? exact[0] : exact;
  }
  if (details.length > 0) return { ok: false, message: 'invalid query: filters', details };
  const checked = parseOrError(assetFiltersSchema, raw, 'query');
  if (!checked.ok) {
    const problems = (checked.error.error.details ?? []).map((d) => ({
      path: d.path === '(root)' ? 'filters' : `filters.${d.path}`,
      message: d.message,
    }));
    return { ok: false, message: checked.error.error.message, details: problems };
  }
  return { ok: true, filters: checked.value };
}
