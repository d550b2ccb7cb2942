import { z } from 'zod';
import {
  assetFieldPathSchema,
  assetFiltersSchema,
  assetRecordSchema,
  assetSchema,
  identityMatchRuleSchema,
} from './asset';
import { baselineGetSchema, baselineLatestSchema } from './baseline';
import {
  actorSchema,
  assetIdSchema,
  idSchema,
  isoDateTimeSchema,
  pageRequestShape,
  pageSchema,
  textSchema,
} from './common';
import { defineEvent, defineRequest } from './contract';
import { assetIdentitySchema } from './discovery';

const source = textSchema(200);

/**
 * What a revision changed: a field path, or `stale` (the record's staleness flag, set
 * when every probe source that saw the asset missed it for INVENTORY_STALE_AFTER_SCANS
 * completed scans, unset when it is seen again).
 */
export const assetChangePathSchema = z.union([assetFieldPathSchema, z.literal('stale')]);

/**
 * Query assets: every condition of `filters` must hold; pages in id order after the
 * opaque `after` cursor. A page holds at most `limit` records and at most
 * PAGE_BYTE_BUDGET bytes of them: read on while `next` is present.
 */
export const assetQuerySchema = z.strictObject({
  filters: assetFiltersSchema.default({}),
  ...pageRequestShape,
  /** Also count every match (one more query); default false. */
  withTotal: z.boolean().default(false),
});
export type AssetQuery = z.output<typeof assetQuerySchema>;
export type AssetQueryInput = z.input<typeof assetQuerySchema>;

export const assetPageSchema = pageSchema(assetRecordSchema).extend({
  total: z.number().int().nonnegative().optional(),
});
export type AssetPage = z.infer<typeof assetPageSchema>;

export const assetGetSchema = z.strictObject({ id: assetIdSchema });
export type AssetGet = z.infer<typeof assetGetSchema>;

/**
 * Create or replace an asset. Every attribute present is recorded with `source` and
 * `observedAt` as its provenance; with `expectedRevision`, a stale writer gets CONFLICT.
 */
export const assetUpsertSchema = z.strictObject({
  asset: assetSchema,
  source,
  /** When the source saw these values; default: the time of the write. */
  observedAt: isoDateTimeSchema.optional(),
  expectedRevision: z.number().int().nonnegative().optional(),
});
export type AssetUpsert = z.output<typeof assetUpsertSchema>;
export type AssetUpsertInput = z.input<typeof assetUpsertSchema>;

export const assetUpsertResultSchema = z.strictObject({
  record: assetRecordSchema,
  outcome: z.enum(['created', 'updated', 'unchanged']),
  /** Field paths whose value changed (all present fields on creation). */
  changed: z.array(assetFieldPathSchema),
});
export type AssetUpsertResult = z.infer<typeof assetUpsertResultSchema>;

export const assetDeleteSchema = z.strictObject({
  id: assetIdSchema,
  source,
  expectedRevision: z.number().int().positive().optional(),
});
export type AssetDelete = z.infer<typeof assetDeleteSchema>;

export const assetDeleteResultSchema = z.strictObject({
  id: assetIdSchema,
  /** False when there was no such asset. */
  deleted: z.boolean(),
  /** The revision the deletion made (absent when nothing was deleted). */
  revision: z.number().int().positive().optional(),
});
export type AssetDeleteResult = z.infer<typeof assetDeleteResultSchema>;

export const assetHistoryQuerySchema = z.strictObject({
  id: assetIdSchema,
  ...pageRequestShape,
});
export type AssetHistoryQuery = z.output<typeof assetHistoryQuerySchema>;

/** One field's change: its value before and after (absent = no value). */
export const fieldChangeSchema = z.strictObject({
  path: assetChangePathSchema,
  before: z.json().optional(),
  after: z.json().optional(),
});

/** One revision of an asset, newest first in a history page. */
export const assetRevisionSchema = z.strictObject({
  revision: z.number().int().positive(),
  kind: z.enum(['created', 'updated', 'deleted']),
  at: isoDateTimeSchema,
  source,
  /** Who made the change: the caller's name for HTTP writes (absent for events and NATS). */
  principal: actorSchema.optional(),
  /** The inventory import that made the change, if one did. */
  importId: idSchema.optional(),
  changes: z.array(fieldChangeSchema),
});
export type AssetRevision = z.infer<typeof assetRevisionSchema>;

export const assetHistoryPageSchema = pageSchema(assetRevisionSchema);
export type AssetHistoryPage = z.infer<typeof assetHistoryPageSchema>;

/**
 * One field that sources reported differently, every value kept with its provenance,
 * most trusted first by the source priority (`INVENTORY_SOURCE_PRIORITY`); `resolved` is
 * the first.
 */
export const fieldConflictSchema = z.strictObject({
  field: assetFieldPathSchema,
  values: z
    .array(z.strictObject({ value: z.json(), source, observedAt: isoDateTimeSchema }))
    .min(2),
  resolved: z.strictObject({ value: z.json(), source }),
});
export type FieldConflict = z.infer<typeof fieldConflictSchema>;

/** The conflicting fields of an asset (empty `items`: its sources agree). */
export const assetConflictsSchema = z.strictObject({
  id: assetIdSchema,
  items: z.array(fieldConflictSchema),
});
export type AssetConflicts = z.infer<typeof assetConflictsSchema>;

/** An asset was created, changed or deleted. */
export const assetChangedSchema = z.strictObject({
  assetId: assetIdSchema,
  kind: z.enum(['created', 'updated', 'deleted']),
  revision: z.number().int().positive(),
  /** Field paths whose value changed (`stale`: the staleness flag). */
  changed: z.array(assetChangePathSchema),
  source,
  site: textSchema(64).optional(),
});
export type AssetChanged = z.infer<typeof assetChangedSchema>;

/** An inventory file import finished (each asset's change was published on its own). */
export const importCompletedSchema = z.strictObject({
  importId: idSchema,
  /** The file as the user named it. */
  file: textSchema(512),
  /** `rvtools`: an RVTools `.xlsx` export (its vInfo VMs). */
  format: z.enum(['inventory-csv', 'rvtools']),
  source,
  rows: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
});
export type ImportCompleted = z.infer<typeof importCompletedSchema>;

/** Most identities one resolve request carries. */
export const MAX_RESOLVE_IDENTITIES = 500;

/**
 * Which assets identities belong to, by the same rule chain observations are reconciled
 * with (read-only: nothing is created or merged): for a collector that must key its
 * samples by asset id after its observations were published.
 */
export const identityResolveSchema = z.strictObject({
  identities: z.array(assetIdentitySchema).min(1).max(MAX_RESOLVE_IDENTITIES),
  /** Site the identities' names and addresses belong to (for the hostname and IP rules). */
  site: textSchema(64).optional(),
});
export type IdentityResolve = z.infer<typeof identityResolveSchema>;

export const identityResolvedSchema = z.strictObject({
  /** In request order: the asset and the rule that matched, or null when none matches yet. */
  matches: z.array(
    z
      .strictObject({
        assetId: assetIdSchema,
        rule: identityMatchRuleSchema,
        key: textSchema(2048),
      })
      .nullable(),
  ),
});
export type IdentityResolved = z.infer<typeof identityResolvedSchema>;

/** Subjects of the inventory service. */
export const INVENTORY = {
  queryAssets: defineRequest('vplan.inventory.assets.query.v1', assetQuerySchema, assetPageSchema),
  getAsset: defineRequest('vplan.inventory.asset.get.v1', assetGetSchema, assetRecordSchema),
  upsertAsset: defineRequest(
    'vplan.inventory.asset.upsert.v1',
    assetUpsertSchema,
    assetUpsertResultSchema,
  ),
  deleteAsset: defineRequest(
    'vplan.inventory.asset.delete.v1',
    assetDeleteSchema,
    assetDeleteResultSchema,
  ),
  assetHistory: defineRequest(
    'vplan.inventory.asset.history.v1',
    assetHistoryQuerySchema,
    assetHistoryPageSchema,
  ),
  /** The fields of an asset its sources disagree on, with every value's provenance. */
  assetConflicts: defineRequest(
    'vplan.inventory.asset.conflicts.v1',
    assetGetSchema,
    assetConflictsSchema,
  ),
  /** Today's estate of the latest RVTools import (of `source`, when given), or `latest: null`. */
  resolveIdentities: defineRequest(
    'vplan.inventory.identity.resolve.v1',
    identityResolveSchema,
    identityResolvedSchema,
  ),
  getBaseline: defineRequest(
    'vplan.inventory.baseline.get.v1',
    baselineGetSchema,
    baselineLatestSchema,
  ),
  assetChanged: defineEvent(
    'vplan.evt.inventory.asset.changed.v1',
    'VPLAN_EVT_INVENTORY',
    assetChangedSchema,
  ),
  importCompleted: defineEvent(
    'vplan.evt.inventory.import.completed.v1',
    'VPLAN_EVT_INVENTORY',
    importCompletedSchema,
  ),
} as const;
