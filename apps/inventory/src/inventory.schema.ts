import type { EstateBaselinePayload, IdentityMatch } from '@vplan/contracts';
import { Schema } from 'mongoose';
import type { QueryValue } from './asset-query';
import type { FieldChange, WriteKind } from './merge';
import type { StoredConflict } from './source-priority';
import type { Sighting } from './staleness';

/**
 * The inventory's MongoDB collections (mongoose schemas). Nothing here needs what
 * FerretDB 1.24 lacks: writes are single-document (conditional on `revision`) or
 * bulkWrite, reads are plain finds; no key holds a dot (custom columns and provenance are
 * lists of `{ key, value }` / `{ path, … }`).
 */

/** Custom columns as stored: header names may hold dots or `$`, which keys may not. */
export interface StoredCustom {
  key: string;
  value: string;
}

/** An asset as stored: the contract's asset with `custom` as a list. */
export interface StoredAsset {
  id: string;
  hostname?: string;
  site?: string;
  capacity: Record<string, unknown>;
  business: Record<string, unknown>;
  technical?: Record<string, unknown>;
  custom: StoredCustom[];
}

export interface StoredProvenance {
  path: string;
  source: string;
  kind: WriteKind;
  observedAt: string;
  importId?: string;
}

/** One revision of an asset (history collection; also the asset's `last`). */
export interface HistoryDoc {
  /** `<assetId>#<revision>`: a retried write cannot add a second entry. */
  _id: string;
  assetId: string;
  revision: number;
  kind: 'created' | 'updated' | 'deleted';
  at: string;
  source: string;
  writeKind: WriteKind;
  principal?: string;
  importId?: string;
  changes: FieldChange[];
}

export interface AssetDoc {
  /** The asset id. */
  _id: string;
  /** Creation order (monotonic): pages follow it, so assets come back in import order. */
  seq: number;
  revision: number;
  asset: StoredAsset;
  provenance: StoredProvenance[];
  /** Queryable attributes by filter name (see asset-query.ts). */
  attrs: Record<string, QueryValue>;
  /** Identity keys for reconciliation (identity.ts). */
  keys: string[];
  /** Identity keys observations brought (kept across attribute changes). */
  observedKeys: string[];
  firstSeen: string;
  /** The newest observation or import of it (ISO). */
  lastSeen: string;
  updatedAt: string;
  /** The observations merged into it: rule, key, source and time; the last 20, oldest first. */
  matchedBy?: IdentityMatch[];
  /** Fields its sources disagree on, every source's value with provenance (source-priority.ts). */
  conflicts?: StoredConflict[];
  /** Each observation source's last sighting (staleness.ts). */
  seenBy?: Sighting[];
  /** Missed by the last scans of every probe source that saw it (staleness.ts); never deleted for it. */
  stale?: boolean;
  /** The change that made this revision (written with it; copied to the history). */
  last: HistoryDoc;
  /** Identifies the write that made this revision (its outbox entry). */
  writeToken: string;
}

/** A deleted asset's last revision: a re-created asset continues its numbering. */
export interface TombstoneDoc {
  _id: string;
  revision: number;
}

export interface ImportDoc {
  _id: string;
  source: string;
  format: 'inventory-csv' | 'rvtools';
  rows: number;
  /** RVTools: VMs the export lists but the import left out (powered off, templates …). */
  skipped?: number;
  created: number;
  updated: number;
  unchanged: number;
  at: string;
  principal?: string;
}

/**
 * A write in progress: created before the asset documents are written, deleted once
 * their history entries and events are out. One left behind (a crash) is flushed again
 * at the next start: the history entries and events of the assets still carrying its
 * token (both idempotent).
 */
export interface OutboxDoc {
  _id: string;
  ids: string[];
  at: string;
}

/**
 * Today's estate of an RVTools import (`EstateBaseline`), one per import source (`_id`):
 * the next import of that source replaces it. Bounded to fit one document
 * (baseline-bounds.ts).
 */
export interface BaselineDoc {
  /** The import source (`?source=`). */
  _id: string;
  importId: string;
  storedAt: string;
  baseline: EstateBaselinePayload;
}

/**
 * A scan that ended `succeeded` (DISCOVERY.scanUpdated): `_id` = scan id, `sources` = its
 * probes (the observation source names it published under), `completedAt` = its finishedAt.
 * Staleness counts them per source (staleness.ts).
 */
export interface CompletedScanDoc {
  _id: string;
  sources: string[];
  completedAt: string;
}

export interface CounterDoc {
  _id: string;
  value: number;
}

const options = { versionKey: false, minimize: false, strict: false } as const;

export const AssetSchema = new Schema<AssetDoc>(
  {
    _id: String,
    seq: Number,
    revision: Number,
    asset: Schema.Types.Mixed,
    provenance: Schema.Types.Mixed,
    attrs: Schema.Types.Mixed,
    keys: [String],
    observedKeys: [String],
    firstSeen: String,
    lastSeen: String,
    updatedAt: String,
    matchedBy: Schema.Types.Mixed,
    conflicts: Schema.Types.Mixed,
    seenBy: Schema.Types.Mixed,
    stale: Boolean,
    last: Schema.Types.Mixed,
    writeToken: String,
  },
  { ...options, collection: 'assets' },
);
AssetSchema.index({ seq: 1 }, { unique: true });
AssetSchema.index({ keys: 1 });
AssetSchema.index({ writeToken: 1 });

export const HistorySchema = new Schema<HistoryDoc>(
  {
    _id: String,
    assetId: String,
    revision: Number,
    kind: String,
    at: String,
    source: String,
    writeKind: String,
    principal: String,
    importId: String,
    changes: Schema.Types.Mixed,
  },
  { ...options, collection: 'asset_history' },
);
HistorySchema.index({ assetId: 1, revision: -1 });

export const TombstoneSchema = new Schema<TombstoneDoc>(
  { _id: String, revision: Number },
  { ...options, collection: 'deleted_assets' },
);

export const ImportSchema = new Schema<ImportDoc>(
  {
    _id: String,
    source: String,
    format: String,
    rows: Number,
    skipped: Number,
    created: Number,
    updated: Number,
    unchanged: Number,
    at: String,
    principal: String,
  },
  { ...options, collection: 'imports' },
);

export const BaselineSchema = new Schema<BaselineDoc>(
  { _id: String, importId: String, storedAt: String, baseline: Schema.Types.Mixed },
  { ...options, collection: 'baselines' },
);
BaselineSchema.index({ storedAt: -1 });

export const CounterSchema = new Schema<CounterDoc>(
  { _id: String, value: Number },
  { ...options, collection: 'counters' },
);

export const OutboxSchema = new Schema<OutboxDoc>(
  { _id: String, ids: [String], at: String },
  { ...options, collection: 'outbox' },
);

export const CompletedScanSchema = new Schema<CompletedScanDoc>(
  { _id: String, sources: [String], completedAt: String },
  { ...options, collection: 'completed_scans' },
);
CompletedScanSchema.index({ sources: 1, completedAt: -1 });

export const MODELS = {
  asset: 'Asset',
  history: 'AssetHistory',
  tombstone: 'DeletedAsset',
  import: 'Import',
  counter: 'Counter',
  outbox: 'Outbox',
  baseline: 'Baseline',
  completedScan: 'CompletedScan',
} as const;

export const MODEL_DEFINITIONS = [
  { name: MODELS.asset, schema: AssetSchema },
  { name: MODELS.history, schema: HistorySchema },
  { name: MODELS.tombstone, schema: TombstoneSchema },
  { name: MODELS.import, schema: ImportSchema },
  { name: MODELS.counter, schema: CounterSchema },
  { name: MODELS.outbox, schema: OutboxSchema },
  { name: MODELS.baseline, schema: BaselineSchema },
  { name: MODELS.completedScan, schema: CompletedScanSchema },
];
