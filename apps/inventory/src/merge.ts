import { sameValue, type FieldMap } from './asset-fields';
import { sourceRank } from './source-priority';

/**
 * Who wrote a field, by precedence: `manual` (an operator's PUT or an API upsert) beats
 * `import` (an inventory file), which beats `discovery` (an observation). A write never
 * changes a field last written by a stronger kind; a manual write changes anything.
 */
export type WriteKind = 'manual' | 'import' | 'discovery';

export const PRECEDENCE: Readonly<Record<WriteKind, number>> = {
  discovery: 1,
  import: 2,
  manual: 3,
};

/** Where a field's current value came from: the last write that changed it. */
export interface FieldProvenance {
  readonly source: string;
  readonly kind: WriteKind;
  /** When the source saw the value (ISO). */
  readonly observedAt: string;
  readonly importId?: string;
}

/**
 * How a write treats the fields it does not carry:
 * - `replace`: they are removed (a PUT is the whole asset);
 * - `replace-own`: those the same source wrote before are removed (a file row is all that
 *   source now says about the asset; other sources' fields stay);
 * - `merge`: they stay (an observation is partial).
 */
export type WriteMode = 'replace' | 'replace-own' | 'merge';

export interface FieldWrite {
  readonly kind: WriteKind;
  readonly source: string;
  readonly observedAt: string;
  readonly importId?: string;
  readonly mode: WriteMode;
  /**
   * Source priority (most trusted first, `source-priority.ts`): between two discovery
   * sources, a less trusted one never overwrites a more trusted one's value, a more
   * trusted one always does; equal ones go by time. Absent: time alone.
   */
  readonly priority?: readonly string[];
}

export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface StoredFields {
  readonly fields: FieldMap;
  readonly provenance: ReadonlyMap<string, FieldProvenance>;
}

export interface MergeOutcome extends StoredFields {
  /** Empty when the write changes nothing. */
  readonly changes: readonly FieldChange[];
}

/**
 * Applies a write to an asset's fields (`current` undefined: a new asset), following the
 * precedence of {@link WriteKind}. Between discovery writes, the source priority decides
 * when one is given (`FieldWrite.priority`); otherwise, between writes of the same kind, an observation older
 * than the field's current provenance is ignored (events can arrive out of order). A
 * field whose value does not change keeps its provenance: provenance names the last write
 * that changed the value, so re-sending the same data is a no-op.
 */
export function mergeFields(
  current: StoredFields | undefined,
  incoming: FieldMap,
  write: FieldWrite,
): MergeOutcome {
  const fields: FieldMap = new Map(current?.fields);
  const provenance = new Map(current?.provenance);
  const changes: FieldChange[] = [];
  const stamp: FieldProvenance = {
    source: write.source,
    kind: write.kind,
    observedAt: write.observedAt,
    ...(write.importId === undefined ? {} : { importId: write.importId }),
  };

  for (const [path, value] of incoming) {
    const had = fields.has(path);
    const before = fields.get(path);
    if (had && sameValue(before, value)) continue;
    if (!mayOverwrite(provenance.get(path), write)) continue;
    fields.set(path, value);
    provenance.set(path, stamp);
    changes.push(had ? { path, before, after: value } : { path, after: value });
  }

  if (write.mode !== 'merge') {
    for (const [path, before] of current?.fields ?? []) {
      if (incoming.has(path)) continue;
      const prov = provenance.get(path);
      const own = prov?.source === write.source && prov.kind === write.kind;
      if (write.mode === 'replace' || own) {
        fields.delete(path);
        provenance.delete(path);
        changes.push({ path, before });
      }
    }
  }
  return { fields, provenance, changes };
}

function mayOverwrite(prov: FieldProvenance | undefined, write: FieldWrite): boolean {
  if (prov === undefined || write.kind === 'manual') return true;
  const rank = PRECEDENCE[prov.kind] ?? 0;
  if (rank > PRECEDENCE[write.kind]) return false;
  if (rank === PRECEDENCE[write.kind] && write.kind === 'discovery' && write.priority) {
    const theirs = sourceRank(write.priority, prov.source);
    const mine = sourceRank(write.priority, write.source);
    if (theirs !== mine) return mine < theirs;
  }
  return !(rank === PRECEDENCE[write.kind] && prov.observedAt > write.observedAt);
}
