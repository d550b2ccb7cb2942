import type { AssetPayload, AssetRecord, AssetRevision } from '@vplan/contracts';
import { fieldsOf, type FieldMap } from './asset-fields';
import type { FieldProvenance, StoredFields } from './merge';
import type { AssetDoc, HistoryDoc, StoredAsset, StoredProvenance } from './inventory.schema';

/** The asset as stored (custom columns as a list: their names may hold dots). */
export function toStoredAsset(asset: AssetPayload): StoredAsset {
  return {
    ...asset,
    custom: Object.entries(asset.custom).map(([key, value]) => ({ key, value })),
  } as StoredAsset;
}

/** The asset of a stored document. */
export function fromStoredAsset(stored: StoredAsset): AssetPayload {
  return {
    ...stored,
    capacity: stored.capacity ?? {},
    business: stored.business ?? {},
    custom: Object.fromEntries((stored.custom ?? []).map((c) => [c.key, c.value])),
  } as AssetPayload;
}

export function toStoredProvenance(
  provenance: ReadonlyMap<string, FieldProvenance>,
): StoredProvenance[] {
  return [...provenance].map(([path, p]) => ({ path, ...p }));
}

/** Fields and provenance of a stored asset, as the merge takes them. */
export function storedFieldsOf(doc: AssetDoc): StoredFields & { fields: FieldMap } {
  return {
    fields: fieldsOf(fromStoredAsset(doc.asset)),
    provenance: new Map(
      (doc.provenance ?? []).map(({ path, ...p }) => [path, p as FieldProvenance]),
    ),
  };
}

/** The contract's record of a stored asset (provenance as `{ source, observedAt }`). */
export function toRecord(doc: AssetDoc): AssetRecord {
  return {
    asset: fromStoredAsset(doc.asset),
    revision: doc.revision,
    provenance: Object.fromEntries(
      (doc.provenance ?? []).map((p) => [p.path, { source: p.source, observedAt: p.observedAt }]),
    ),
    firstSeen: doc.firstSeen,
    lastSeen: doc.lastSeen,
    updatedAt: doc.updatedAt,
    ...(doc.matchedBy?.length ? { identity: { matchedBy: doc.matchedBy } } : {}),
    ...(doc.stale ? { stale: true } : {}),
  };
}

/** The contract's revision of a history entry. */
export function toRevision(doc: HistoryDoc): AssetRevision {
  return {
    revision: doc.revision,
    kind: doc.kind,
    at: doc.at,
    source: doc.source,
    ...(doc.principal ? { principal: doc.principal } : {}),
    ...(doc.importId ? { importId: doc.importId } : {}),
    changes: doc.changes.map((c) => ({
      path: c.path,
      ...(c.before === undefined || c.before === null ? {} : { before: c.before as never }),
      ...(c.after === undefined || c.after === null ? {} : { after: c.after as never }),
    })),
  };
}
