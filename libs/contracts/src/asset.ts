import { z } from 'zod';
import { assetIdSchema, isoDateTimeSchema, textSchema } from './common';

/**
 * zod schemas of the domain's Asset (`@vplan/domain`), field for field: a parsed asset is
 * a domain Asset the engine takes as is (asset.spec.ts checks both directions).
 */

const MINUTES_PER_WEEK = 7 * 1440;

/** Most custom columns of one asset, and the longest custom key and value (characters). */
export const CUSTOM_MAX_ENTRIES = 100;
export const CUSTOM_KEY_MAX = 128;
export const CUSTOM_VALUE_MAX = 1024;

const text = textSchema();
const tags = z.array(textSchema(64)).max(256);
const nonNegative = z.number().nonnegative();

export const weeklyWindowSchema = z.strictObject({
  /** Start, minutes from Monday 00:00 (0 ≤ start < 10,080). */
  start: z.number().int().min(0).lt(MINUTES_PER_WEEK),
  /** Length in minutes (1 … 10,080); may wrap past Sunday 24:00. */
  minutes: z.number().int().min(1).max(MINUTES_PER_WEEK),
});

export const storageKindSchema = z.enum(['local', 'san', 'nas']);

export const assetCapacitySchema = z.strictObject({
  /** Provisioned CPU, MHz. */
  cpuMhz: nonNegative.optional(),
  cores: z.number().int().nonnegative().optional(),
  /** Provisioned memory, GiB. */
  memoryGiB: nonNegative.optional(),
  /** Processor model as written; keys the CPU rating table. */
  cpuModel: textSchema(255).optional(),
  /** SPECrate2017_int_base per core, overriding the table's rating of cpuModel. */
  cpuRating: z.number().positive().optional(),
});

export const businessAttributesSchema = z.strictObject({
  environment: text.optional(),
  owner: text.optional(),
  department: text.optional(),
  costCenter: text.optional(),
  application: text.optional(),
  role: text.optional(),
  antiAffinityGroup: text.optional(),
  drGroup: text.optional(),
  affinityGroup: text.optional(),
  availability: text.optional(),
  maintenanceWindows: z.array(weeklyWindowSchema).max(64).optional(),
  maintenanceTimezone: textSchema(64).optional(),
  compliance: tags.optional(),
  licences: tags.optional(),
});

/** One usage snapshot of the inventory (domain `UsageSnapshot`). */
export const usageSnapshotSchema = z.strictObject({
  cpuMhz: nonNegative.optional(),
  memoryGiB: nonNegative.optional(),
  source: textSchema(200),
});

export const technicalAttributesSchema = z.strictObject({
  osFamily: textSchema(64).optional(),
  osVersion: text.optional(),
  vlans: tags.optional(),
  subnet: textSchema(64).optional(),
  storage: storageKindSchema.optional(),
  peripherals: tags.optional(),
  upsRequired: z.boolean().optional(),
});

export const customAttributesSchema = z
  .record(z.string().min(1).max(CUSTOM_KEY_MAX), z.string().min(1).max(CUSTOM_VALUE_MAX))
  .refine((v) => Object.keys(v).length <= CUSTOM_MAX_ENTRIES, {
    message: `at most ${CUSTOM_MAX_ENTRIES} custom attributes`,
  });

/** A source server, as the domain's `Asset`. `capacity`, `business`, `custom` default to `{}`. */
export const assetSchema = z.strictObject({
  id: assetIdSchema,
  hostname: textSchema(255).optional(),
  site: textSchema(64).optional(),
  capacity: assetCapacitySchema.default({}),
  business: businessAttributesSchema.default({}),
  technical: technicalAttributesSchema.optional(),
  custom: customAttributesSchema.default({}),
  usage: usageSnapshotSchema.optional(),
});
export type AssetPayload = z.output<typeof assetSchema>;
export type AssetInput = z.input<typeof assetSchema>;

/**
 * What one source observed of an asset: any of its attributes, each part optional (used by
 * discovery observations; inventory merges them field by field).
 */
export const assetAttributesSchema = z.strictObject({
  hostname: textSchema(255).optional(),
  site: textSchema(64).optional(),
  capacity: assetCapacitySchema.optional(),
  business: businessAttributesSchema.optional(),
  technical: technicalAttributesSchema.optional(),
  custom: customAttributesSchema.optional(),
  usage: usageSnapshotSchema.optional(),
});
export type AssetAttributes = z.infer<typeof assetAttributesSchema>;

/**
 * Where a field's value came from: `source` names the import, probe or caller
 * (`import:inventory.csv`, `discovery:ssh`, `api:<user>`), `observedAt` when.
 */
export const provenanceSchema = z.strictObject({
  source: textSchema(200),
  observedAt: isoDateTimeSchema,
});
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * Field path of an asset attribute: the dotted path in the Asset (`hostname`,
 * `capacity.cpuMhz`, `business.environment`, `usage.cpuMhz`, `custom.rack`).
 */
export const assetFieldPathSchema = z
  .string()
  .min(1)
  .max(CUSTOM_KEY_MAX + 16)
  .regex(
    /^(?:id|hostname|site|(?:capacity|business|technical|usage)\.[A-Za-z]+|custom\..+)$/,
    'must be a field path such as business.environment or custom.rack',
  );

/**
 * A rule of inventory's identity chain (strongest first after `asset-id`, the observation's
 * explicit asset id): the identity lib's chain, then a bare host name within a site.
 */
export const identityMatchRuleSchema = z.enum([
  'asset-id',
  'bios-uuid',
  'vm-uuid',
  'serial',
  'ssh-host-key',
  'mac',
  'fqdn',
  'hostname-ip',
  'hostname',
]);
export type IdentityMatchRule = z.infer<typeof identityMatchRuleSchema>;

/** One observation merged into the asset: the first rule of the chain that matched, on which key. */
export const identityMatchSchema = z.strictObject({
  rule: identityMatchRuleSchema,
  /** The normalised key (`hostname-ip`: `site|host|ip`, `hostname`: `site|host`). */
  key: textSchema(2048),
  /** The observation's provenance source (`discovery:ssh`). */
  source: textSchema(200),
  /** When the source saw it (ISO). */
  at: isoDateTimeSchema,
});
export type IdentityMatch = z.infer<typeof identityMatchSchema>;

/** A stored asset: the asset, its revision, per-field provenance and when it was seen. */
export const assetRecordSchema = z.strictObject({
  asset: assetSchema,
  /** 1 on creation, +1 on every change. */
  revision: z.number().int().positive(),
  /** Field path → where its current value came from. */
  provenance: z.record(assetFieldPathSchema, provenanceSchema),
  firstSeen: isoDateTimeSchema,
  lastSeen: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  /** How observations were matched to it: the last 20 merges, oldest first (absent before any). */
  identity: z.strictObject({ matchedBy: z.array(identityMatchSchema).max(20) }).optional(),
  /** Not seen by the last N completed scans of the probe sources that saw it (never deleted for it). */
  stale: z.boolean().optional(),
});
export type AssetRecord = z.infer<typeof assetRecordSchema>;

/**
 * Where each named attribute (the inventory CSV's canonical columns, the names rules and
 * filters use) lives in an Asset. Any other attribute name is a custom column whose
 * normalized header (lower case, spaces, dashes and dots as `_`) equals the name.
 */
export const ASSET_ATTRIBUTE_PATHS = {
  id: 'id',
  hostname: 'hostname',
  site: 'site',
  cpu_mhz: 'capacity.cpuMhz',
  cores: 'capacity.cores',
  memory_gb: 'capacity.memoryGiB',
  environment: 'business.environment',
  owner: 'business.owner',
  department: 'business.department',
  cost_center: 'business.costCenter',
  application: 'business.application',
  role: 'business.role',
  availability: 'business.availability',
  maintenance_window: 'business.maintenanceWindows',
  timezone: 'business.maintenanceTimezone',
  compliance: 'business.compliance',
  os_family: 'technical.osFamily',
  os_version: 'technical.osVersion',
  vlans: 'technical.vlans',
  subnet: 'technical.subnet',
  storage: 'technical.storage',
  peripherals: 'technical.peripherals',
  ups_required: 'technical.upsRequired',
  affinity_group: 'business.affinityGroup',
  anti_affinity_group: 'business.antiAffinityGroup',
  dr_group: 'business.drGroup',
} as const;
export type NamedAttribute = keyof typeof ASSET_ATTRIBUTE_PATHS;

const scalar = z.union([z.string().min(1).max(1024), z.number(), z.boolean()]);

/**
 * One filter condition on an attribute:
 * - a value: equal (text compared case-insensitively; a list attribute such as `vlans`
 *   matches when it contains the value),
 * - a list: any of its values,
 * - `{ gt, gte, lt, lte }`: a numeric range (at least one bound),
 * - `{ exists: true | false }`: the attribute has a value or not.
 */
export const filterConditionSchema = z.union([
  scalar,
  z
    .array(z.union([z.string().min(1).max(1024), z.number()]))
    .min(1)
    .max(1000),
  z
    .strictObject({
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
    })
    .refine((r) => Object.values(r).some((v) => v !== undefined), {
      message: 'give at least one of gt, gte, lt, lte',
    }),
  z.strictObject({ exists: z.boolean() }),
]);
export type FilterCondition = z.infer<typeof filterConditionSchema>;

/** Most conditions of one filter. */
export const MAX_FILTER_CONDITIONS = 32;

/**
 * Asset filter: attribute name → condition, all must hold. Names are the inventory's
 * snake_case attribute names (see {@link ASSET_ATTRIBUTE_PATHS}) or custom column names
 * (normalized), the same names rule `when` filters use. `{}` matches every asset.
 */
export const assetFiltersSchema = z
  .record(
    z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be an attribute name: lower case, digits and _'),
    filterConditionSchema,
  )
  .refine((f) => Object.keys(f).length <= MAX_FILTER_CONDITIONS, {
    message: `at most ${MAX_FILTER_CONDITIONS} conditions`,
  });
export type AssetFilters = z.infer<typeof assetFiltersSchema>;

/** Most asset ids a scope lists (≈ 262 KB at the longest ids); larger scopes use filters. */
export const MAX_SCOPE_IDS = 2000;

/** Which assets: explicit ids, or a filter (`{ filters: {} }` is every asset). */
export const assetScopeSchema = z.union([
  z.strictObject({ assetIds: z.array(assetIdSchema).min(1).max(MAX_SCOPE_IDS) }),
  z.strictObject({ filters: assetFiltersSchema }),
]);
export type AssetScope = z.infer<typeof assetScopeSchema>;
