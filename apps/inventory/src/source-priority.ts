// Conflicting field values: every source's value kept with its provenance, one chosen by
// the configured source priority (INVENTORY_SOURCE_PRIORITY, ARCHITECTURE.md §10).
import type { FieldConflict } from '@vplan/contracts';
import { resolveConflicts } from '@vplan/identity';
import { sameValue, type FieldMap } from './asset-fields';

/** Source priority when INVENTORY_SOURCE_PRIORITY is unset: most trusted first. */
export const DEFAULT_SOURCE_PRIORITY: readonly string[] = ['vsphere', 'ssh', 'snmp', 'import'];

/** One source's latest value of a field. */
export interface SourcedFieldValue {
  value: unknown;
  /** The provenance source (`discovery:ssh`, `import:cmdb.csv`, `api:alice`). */
  source: string;
  observedAt: string;
}

/** A field sources disagree on (stored on the asset while they do). */
export interface StoredConflict {
  path: string;
  values: SourcedFieldValue[];
}

/**
 * The name a provenance source has in the priority list: the probe or file source of a
 * discovery write (`discovery:vsphere:x` → `vsphere`), `import` for every file import,
 * `api` for operators, else the source itself (NATS upserts name their own).
 */
export function priorityName(source: string): string {
  if (source.startsWith('discovery:')) return source.split(':')[1] ?? source;
  if (source.startsWith('import:')) return 'import';
  if (source.startsWith('api:')) return 'api';
  return source;
}

/** Position of a source in `priority` (0 = most trusted); unlisted sources rank after all. */
export function sourceRank(priority: readonly string[], source: string): number {
  const at = priority.indexOf(priorityName(source));
  return at < 0 ? priority.length : at;
}

/** `values` with `v` as its source's value, unless that source already has a newer one. */
function withValue(values: SourcedFieldValue[], v: SourcedFieldValue): SourcedFieldValue[] {
  const own = values.find((x) => x.source === v.source);
  if (own && own.observedAt > v.observedAt) return values;
  return [...values.filter((x) => x.source !== v.source), v];
}

/**
 * The conflicts of an asset after a write: a field whose incoming value differs from the
 * stored one keeps both (the stored value with its provenance, the incoming one with the
 * write's source), whether the write won or was refused by precedence; a tracked field
 * takes each source's latest value and is dropped once every source agrees.
 */
export function trackConflicts(
  existing: readonly StoredConflict[] | undefined,
  before:
    | {
        readonly fields: FieldMap;
        readonly provenance: ReadonlyMap<string, { source: string; observedAt: string }>;
      }
    | undefined,
  incoming: FieldMap,
  write: { readonly source: string; readonly observedAt: string },
): StoredConflict[] {
  const byPath = new Map((existing ?? []).map((c) => [c.path, c.values]));
  for (const [path, value] of incoming) {
    let values = byPath.get(path);
    if (values === undefined) {
      if (!before?.fields.has(path) || sameValue(before.fields.get(path), value)) continue;
      const prov = before.provenance.get(path);
      values = [
        {
          value: before.fields.get(path),
          source: prov?.source ?? 'unknown',
          observedAt: prov?.observedAt ?? write.observedAt,
        },
      ];
    }
    values = withValue(values, { value, source: write.source, observedAt: write.observedAt });
    const first = values[0];
    if (values.every((v) => sameValue(v.value, first?.value))) byPath.delete(path);
    else byPath.set(path, values);
  }
  return [...byPath].map(([path, values]) => ({ path, values }));
}

/**
 * The conflicts as the API lists them: each field's values most trusted first, the
 * choice of `resolveConflicts` (priority, then newest, then source name) as `resolved`.
 */
export function listConflicts(
  stored: readonly StoredConflict[] | undefined,
  priority: readonly string[],
): FieldConflict[] {
  return (stored ?? []).map(({ path, values }) => {
    const ranked = values
      .map((v, at) => ({ v, at, rank: sourceRank(priority, v.source) }))
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          (a.v.observedAt < b.v.observedAt ? 1 : a.v.observedAt > b.v.observedAt ? -1 : 0),
      );
    // The lib decides which value wins (priority, newest, source name), over indices.
    const chosen = resolveConflicts(
      values.map((v, at) => ({
        source: priorityName(v.source),
        value: at,
        observedAt: v.observedAt,
      })),
      priority,
    );
    const pick = chosen === undefined ? ranked[0]?.at : chosen.value;
    const ordered = [
      ...ranked.filter((r) => r.at === pick),
      ...ranked.filter((r) => r.at !== pick),
    ].map(({ v }) => ({ value: v.value as never, source: v.source, observedAt: v.observedAt }));
    const best = ordered[0] as { value: never; source: string };
    return { field: path, values: ordered, resolved: { value: best.value, source: best.source } };
  });
}
