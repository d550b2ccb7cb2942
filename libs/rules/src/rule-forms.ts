import type { Node } from 'yaml';
import { normalizeHeader } from '@vplan/formats';
import { TARGET_ATTRIBUTES } from './attributes';
import type {
  CandidateRule,
  FitRequirement,
  LimitRule,
  PairRequirement,
  WhenFilter,
} from './rule-model';
import type { MapEntry, SyntaxReader } from './rule-set-syntax';
import { describe, list, scalarOf, textOf } from './rule-set-syntax';

/** The forms of `require` in a pair rule. */
export const PAIR_FORMS = ['same', 'different', 'intersect', 'overlap'] as const;
/** The forms of `require` in a fit rule. */
export const FIT_FORMS = ['in', 'implies'] as const;
/** The only attribute holding maintenance windows (what `overlap` reads). */
export const WINDOW_ATTRIBUTE = 'maintenance_window';

/** Reads an attribute name (normalized like an inventory header), reporting bad ones. */
export function readAttribute(
  r: SyntaxReader,
  node: Node | null,
  label: string,
  what: string,
): string | undefined {
  const text = textOf(node);
  const name = text === undefined ? '' : normalizeHeader(text);
  if (name === '' || typeof scalarOf(node) !== 'string') {
    r.complain(node, label, `${what} must be an attribute name, got ${describe(node)}`);
    return undefined;
  }
  return name;
}

/** Reads a map-valued key, reporting a value that is not a map. */
function readMap(
  r: SyntaxReader,
  entry: MapEntry,
  label: string,
  what: string,
  example: string,
): Map<string, MapEntry> | undefined {
  const entries = r.entries(entry.value, label);
  if (entries === undefined)
    r.complain(
      entry.value ?? entry.key,
      label,
      `${what} must be a map such as ${example}, got ${describe(entry.value)}`,
    );
  return entries;
}

/** Exactly one of `forms` among the keys; reports none, unknown and several. */
function oneForm(
  r: SyntaxReader,
  entry: MapEntry,
  entries: ReadonlyMap<string, MapEntry>,
  forms: readonly string[],
  extra: readonly string[],
  label: string,
): string | undefined {
  let ok = true;
  for (const [name, e] of entries) {
    if (forms.includes(name) || extra.includes(name)) continue;
    r.complain(e.key, label, `unknown require form '${name}' (expected ${list(forms)})`);
    ok = false;
  }
  const found = forms.filter((f) => entries.has(f));
  if (found.length > 1) {
    r.complain(
      entries.get(found[1] as string)?.key,
      label,
      `require has more than one form (${found.join(', ')}): write one rule each`,
    );
    return undefined;
  }
  if (found.length === 0) {
    if (ok) r.complain(entry.value, label, `require has no form (expected ${list(forms)})`);
    return undefined;
  }
  return ok ? found[0] : undefined;
}

/** `require:` of a pair rule. */
export function readPairRequirement(
  r: SyntaxReader,
  entry: MapEntry,
  label: string,
): PairRequirement | undefined {
  const entries = readMap(r, entry, label, 'require', '{ same: environment }');
  if (!entries) return undefined;
  const form = oneForm(r, entry, entries, PAIR_FORMS, ['min_minutes'], label);
  if (form === undefined) return undefined;
  const minutes = entries.get('min_minutes');
  if (minutes && form !== 'overlap') {
    r.complain(minutes.key, label, 'min_minutes belongs to overlap only');
    return undefined;
  }
  const node = (entries.get(form) as MapEntry).value;
  const attribute = readAttribute(r, node, label, form);
  if (attribute === undefined) return undefined;
  if (form === 'overlap') {
    if (attribute !== WINDOW_ATTRIBUTE) {
      r.complain(
        node,
        label,
        `overlap reads maintenance windows: use ${WINDOW_ATTRIBUTE}, not '${attribute}'`,
      );
      return undefined;
    }
    let minMinutes = 1;
    if (minutes) {
      const value = scalarOf(minutes.value);
      if (typeof value !== 'number' || value <= 0) {
        r.complain(
          minutes.value ?? minutes.key,
          label,
          `min_minutes must be a positive number of minutes, got ${describe(minutes.value)}`,
        );
        return undefined;
      }
      minMinutes = value;
    }
    return { overlap: attribute, minMinutes };
  }
  return { [form]: attribute } as PairRequirement;
}

/** `limit:` of a pair rule. */
export function readLimit(
  r: SyntaxReader,
  entry: MapEntry,
  label: string,
): LimitRule['limit'] | undefined {
  const entries = readMap(
    r,
    entry,
    label,
    'limit',
    '{ attribute: role, value: dc, max_per_host: 1 }',
  );
  if (!entries) return undefined;
  if (!r.onlyKeys(entries, ['attribute', 'value', 'max_per_host'], label, 'in limit'))
    return undefined;
  const missing = ['attribute', 'value', 'max_per_host'].filter((k) => !entries.has(k));
  if (missing.length > 0) {
    r.complain(entry.value, label, `limit needs ${list(missing)}`);
    return undefined;
  }
  const attribute = readAttribute(r, entries.get('attribute')!.value, label, 'limit attribute');
  const valueNode = entries.get('value')!.value;
  const value = textOf(valueNode);
  if (value === undefined || value.trim() === '')
    r.complain(
      valueNode ?? entry.value,
      label,
      `limit value must be text, got ${describe(valueNode)}`,
    );
  const maxNode = entries.get('max_per_host')!.value;
  const max = scalarOf(maxNode);
  const maxOk = typeof max === 'number' && Number.isInteger(max) && max > 0;
  if (!maxOk)
    r.complain(
      maxNode ?? entry.value,
      label,
      `max_per_host must be a positive integer, got ${describe(maxNode)}`,
    );
  if (attribute === undefined || value === undefined || value.trim() === '' || !maxOk)
    return undefined;
  return { attribute, value, maxPerHost: max as number };
}

/** `forbid:` of a candidate rule. */
export function readForbid(
  r: SyntaxReader,
  entry: MapEntry,
  label: string,
): CandidateRule['forbid'] | undefined {
  const entries = readMap(r, entry, label, 'forbid', '{ any_of: peripherals, in: [fax] }');
  if (!entries) return undefined;
  if (!r.onlyKeys(entries, ['any_of', 'in'], label, 'in forbid')) return undefined;
  const anyOf = entries.get('any_of');
  const values = entries.get('in');
  if (!anyOf || !values) {
    r.complain(
      entry.value,
      label,
      'forbid needs any_of (an attribute) and in (the forbidden values)',
    );
    return undefined;
  }
  const attribute = readAttribute(r, anyOf.value, label, 'any_of');
  const items = r.items(values.value);
  const texts = (items ?? []).map(textOf);
  if (
    items === undefined ||
    texts.length === 0 ||
    texts.some((t) => t === undefined || t.trim() === '')
  ) {
    r.complain(
      values.value ?? values.key,
      label,
      `in must be a non-empty list of values, got ${describe(values.value)}`,
    );
    return undefined;
  }
  return attribute === undefined ? undefined : { anyOf: attribute, in: texts as string[] };
}

/** `require:` of a fit rule. */
export function readFitRequirement(
  r: SyntaxReader,
  entry: MapEntry,
  label: string,
): FitRequirement | undefined {
  const entries = readMap(
    r,
    entry,
    label,
    'require',
    '{ in: { asset: os_family, target: supported_os } }',
  );
  if (!entries) return undefined;
  const form = oneForm(r, entry, entries, FIT_FORMS, [], label);
  if (form === undefined) return undefined;
  const formEntry = entries.get(form) as MapEntry;
  const sides = readMap(r, formEntry, label, form, '{ asset: os_family, target: supported_os }');
  if (!sides) return undefined;
  if (!r.onlyKeys(sides, ['asset', 'target'], label, `in ${form}`)) return undefined;
  const assetNode = sides.get('asset');
  const targetNode = sides.get('target');
  if (!assetNode || !targetNode) {
    r.complain(
      formEntry.value,
      label,
      `${form} needs asset (an asset attribute) and target (a target attribute)`,
    );
    return undefined;
  }
  const asset = readAttribute(r, assetNode.value, label, 'asset');
  const target = readAttribute(r, targetNode.value, label, 'target');
  if (target !== undefined && !(TARGET_ATTRIBUTES as readonly string[]).includes(target)) {
    r.complain(
      targetNode.value,
      label,
      `unknown target attribute '${target}' (expected ${list(TARGET_ATTRIBUTES)})`,
    );
    return undefined;
  }
  if (asset === undefined || target === undefined) return undefined;
  return { [form]: { asset, target } } as FitRequirement;
}

/** `when:` of any rule: attribute → a value or a non-empty list of values. */
export function readWhen(
  r: SyntaxReader,
  entry: MapEntry | undefined,
  label: string,
): WhenFilter | undefined {
  if (!entry) return undefined;
  const entries = r.entries(entry.value, label);
  if (entries === undefined) {
    r.complain(
      entry.value ?? entry.key,
      label,
      `when must be a map of attribute: value, got ${describe(entry.value)}`,
    );
    return undefined;
  }
  const filter: Record<string, WhenFilter[string]> = {};
  for (const [key, { key: keyNode, value }] of entries) {
    const attribute = readAttribute(r, keyNode, label, 'a when key');
    const items = r.items(value);
    const scalars = items === undefined ? [scalarOf(value)] : items.map(scalarOf);
    const bad =
      scalars.length === 0 ||
      scalars.some((s) => s === undefined || (items !== undefined && typeof s === 'boolean'));
    if (bad) {
      r.complain(
        value ?? keyNode,
        label,
        `when ${key} must be a value or a non-empty list of values, got ${describe(value)}`,
      );
      continue;
    }
    if (attribute !== undefined)
      filter[attribute] =
        items === undefined
          ? (scalars[0] as string | number | boolean)
          : (scalars as (string | number)[]);
  }
  return filter;
}
