import type { ResourceName } from '@vplan/domain';
import { WORKLOAD_METRICS } from '@vplan/formats';
import { z } from 'zod';
import { assetCapacitySchema } from './asset';
import {
  assetIdSchema,
  idSchema,
  instantSchema,
  isoDateTimeSchema,
  objectRefSchema,
  pageRequestShape,
  pageSchema,
  timeWindowSchema,
  textSchema,
} from './common';
import { defineEvent, defineQueue, defineRequest } from './contract';
import {
  demandGrid,
  MAX_DEMAND_PAGE_ASSETS,
  MAX_DEMAND_PAGE_VALUES,
  MAX_DEMAND_WINDOW_SLOTS,
  maxDemandPageAssets,
} from './demand';

type MetricName = (typeof WORKLOAD_METRICS)[number]['metric'];

/** Metric names of samples: those of the long workload CSV (`cpu_mhz`, `cpu_pct`, `memory_gb` …). */
export const workloadMetricSchema = z.enum(
  WORKLOAD_METRICS.map((m) => m.metric) as [MetricName, ...MetricName[]],
);
export type WorkloadMetric = z.infer<typeof workloadMetricSchema>;

/** A resource, in its fixed unit: cpu MHz, memory GiB, disk IOPS, network Mbit/s. */
export const resourceSchema = z.enum([
  'cpu',
  'memory',
  'disk',
  'network',
]) satisfies z.ZodType<ResourceName>;

const resourcesSchema = z
  .array(resourceSchema)
  .min(1)
  .refine((r) => new Set(r).size === r.length, { message: 'lists a resource twice' });

/** One measurement: `value` of `metric` (in the metric's unit) at `ts` (epoch ms or ISO). */
export const sampleSchema = z.strictObject({
  assetId: assetIdSchema,
  metric: workloadMetricSchema,
  ts: instantSchema,
  value: z.number().nonnegative(),
});
export type Sample = z.infer<typeof sampleSchema>;

/**
 * Most samples of one ingest message: at the longest ids (128 three-byte characters),
 * timestamps and numbers a batch stays near 500 KB (workloads.spec.ts measures it), half
 * of NATS's 1 MiB max payload; typical batches (short ids, epoch ms) weigh about 80 KB.
 */
export const MAX_INGEST_SAMPLES = 1000;

/**
 * A batch of samples from a collector. `batchId` is unique per batch and is also sent as
 * the `Nats-Msg-Id` header: a batch re-sent within the stream's duplicate window is
 * dropped by JetStream, and workloads stores each batch once.
 */
export const sampleBatchSchema = z.strictObject({
  batchId: idSchema,
  /** The collector, for provenance. */
  source: textSchema(200).optional(),
  samples: z.array(sampleSchema).min(1).max(MAX_INGEST_SAMPLES),
});
export type SampleBatch = z.infer<typeof sampleBatchSchema>;

/** A batch was stored (duplicates of already stored samples are counted, not stored twice). */
export const samplesStoredSchema = z.strictObject({
  batchId: idSchema,
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Distinct assets of the batch. */
  assetIds: z.array(assetIdSchema).max(MAX_INGEST_SAMPLES),
  resources: z.array(resourceSchema),
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
});
export type SamplesStored = z.infer<typeof samplesStoredSchema>;

/** Most points of one series response (≈ 240 KB of JSON numbers). */
export const MAX_SERIES_POINTS = 10_000;

/** Default step of series and demand: vplan's 5-minute grid. */
const STEP = z
  .number()
  .int()
  .min(60)
  .max(7 * 24 * 3600)
  .default(300);

/**
 * One resource of one asset over a window, downsampled to `stepSeconds` by `aggregate`
 * of the 5-minute slots in each step (`max` keeps peaks; default).
 */
export const seriesQuerySchema = z
  .strictObject({
    assetId: assetIdSchema,
    resource: resourceSchema,
    window: timeWindowSchema,
    stepSeconds: STEP,
    aggregate: z.enum(['max', 'mean']).default('max'),
  })
  .superRefine((q, ctx) => {
    const { slots } = demandGrid(q.window, q.stepSeconds);
    if (slots > MAX_SERIES_POINTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['stepSeconds'],
        message: `the window holds ${slots} steps of ${q.stepSeconds} s, at most ${MAX_SERIES_POINTS}: use a larger step`,
      });
    }
  });
export type SeriesQuery = z.output<typeof seriesQuerySchema>;
export type SeriesQueryInput = z.input<typeof seriesQuerySchema>;

/** `values[i]` is the demand in the step starting at `start + i × stepSeconds`; null: no sample. */
export const seriesSchema = z.strictObject({
  assetId: assetIdSchema,
  resource: resourceSchema,
  stepSeconds: z.number().int().positive(),
  start: isoDateTimeSchema,
  values: z.array(z.number().nullable()).max(MAX_SERIES_POINTS),
});
export type Series = z.infer<typeof seriesSchema>;

/** Statistics of one resource of an asset over a window (default: everything stored). */
export const profileQuerySchema = z.strictObject({
  assetId: assetIdSchema,
  resource: resourceSchema,
  window: timeWindowSchema.optional(),
  /** Percentile of each hour of the week's samples, 1–100; default 95. */
  percentile: z.number().min(1).max(100).default(95),
});
export type ProfileQuery = z.output<typeof profileQuerySchema>;

export const profileSchema = z.strictObject({
  assetId: assetIdSchema,
  resource: resourceSchema,
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  /** 5-minute slots with a sample. */
  samples: z.number().int().nonnegative(),
  /** Share of the window's slots with a sample, 0–1. */
  coverage: z.number().min(0).max(1),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  percentile: z.number(),
  /** 168 values, Monday 00:00 UTC first: each hour of the week's `percentile`; null: no sample. */
  hourOfWeek: z.array(z.number().nullable()).length(168),
});
export type Profile = z.infer<typeof profileSchema>;

/** What is stored for some assets (or all): the time span and the resources measured. */
export const coverageQuerySchema = z.strictObject({
  assetIds: z.array(assetIdSchema).min(1).max(2000).optional(),
});
export const coverageSchema = z.strictObject({
  /** Assets with at least one sample. */
  assets: z.number().int().nonnegative(),
  resources: z.array(resourceSchema),
  /** Start of the first and end of the last stored slot; absent when nothing is stored. */
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  stepSeconds: z.number().int().positive(),
  /** Stored 5-minute slots with a sample, every asset and resource counted (one per slot). */
  samples: z.number().int().nonnegative().optional(),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;
export type Coverage = z.infer<typeof coverageSchema>;

/**
 * Aligned demand of a page of assets on one grid (see demand.ts for the page size
 * rule). `inline` answers in the reply; `object-store` puts the same inline page as JSON
 * into the Object Store and answers with its reference.
 */
export const demandPageQuerySchema = z
  .strictObject({
    assetIds: z.array(assetIdSchema).min(1).max(MAX_DEMAND_PAGE_ASSETS),
    resources: resourcesSchema,
    window: timeWindowSchema,
    stepSeconds: STEP,
    delivery: z.enum(['inline', 'object-store']).default('inline'),
  })
  .superRefine((q, ctx) => {
    const { slots } = demandGrid(q.window, q.stepSeconds);
    if (slots > MAX_DEMAND_WINDOW_SLOTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `the window holds ${slots} slots, at most ${MAX_DEMAND_WINDOW_SLOTS}`,
      });
      return;
    }
    const most = maxDemandPageAssets(slots, q.resources.length);
    if (q.delivery === 'inline' && q.assetIds.length > most) {
      ctx.addIssue({
        code: 'custom',
        path: ['assetIds'],
        message: `${q.assetIds.length} assets × ${q.resources.length} resources × ${slots} slots pass the page limit of ${MAX_DEMAND_PAGE_VALUES} values: ask for at most ${most} assets per page, or delivery object-store`,
      });
    }
  });
export type DemandPageQuery = z.output<typeof demandPageQuerySchema>;
export type DemandPageQueryInput = z.input<typeof demandPageQuerySchema>;

const gridSchema = z.strictObject({
  stepSeconds: z.number().int().positive(),
  /** Absolute slot number of the first slot: floor(epoch seconds / stepSeconds). */
  origin: z.number().int(),
  slots: z.number().int().nonnegative(),
});

/**
 * One asset's demand: per resource, `grid.slots` Float32 values (base64, little-endian;
 * see encodeFloat32) in the resource's unit; NaN marks a slot without a sample. A
 * resource without any sample in the window is left out (planning then sizes it at the
 * asset's provisioned capacity).
 */
export const assetDemandSchema = z.strictObject({
  assetId: assetIdSchema,
  series: z.partialRecord(resourceSchema, z.base64()),
});
export type AssetDemandPayload = z.infer<typeof assetDemandSchema>;

export const inlineDemandPageSchema = z.strictObject({
  delivery: z.literal('inline'),
  grid: gridSchema,
  resources: z.array(resourceSchema),
  assets: z.array(assetDemandSchema),
});
export type InlineDemandPage = z.infer<typeof inlineDemandPageSchema>;

export const demandPageSchema = z.discriminatedUnion('delivery', [
  inlineDemandPageSchema,
  z.strictObject({
    delivery: z.literal('object-store'),
    grid: gridSchema,
    resources: z.array(resourceSchema),
    /** An object holding an `inline` page as JSON. */
    object: objectRefSchema,
  }),
]);
export type DemandPage = z.infer<typeof demandPageSchema>;

/**
 * Most bytes of JSON one estate page item (an asset with all its series) may weigh: an
 * asset holding more (e.g. 4 resources × 42,000 slots, about 146 days at 5 minutes) is
 * refused with BAD_REQUEST rather than sent above NATS's 1 MiB max payload.
 */
export const MAX_ESTATE_ITEM_BYTES = 900_000;

/**
 * One stored series of an asset: `values[i]` is the demand in slot `start + i` of
 * `stepSeconds` (an absolute slot number, epoch seconds / stepSeconds), in the resource's
 * unit, as base64 Float32 (see encodeFloat32); NaN marks a slot without a sample. Built
 * from the same parsers as `vplan plan --workloads`, so the values are bit-identical.
 */
export const estateSeriesSchema = z.strictObject({
  metric: resourceSchema,
  stepSeconds: z.number().int().positive(),
  start: z.number().int(),
  values: z.base64(),
});
export type EstateSeriesPayload = z.infer<typeof estateSeriesSchema>;

/** An asset as its traces describe it: provisioned capacity (or a sizing) and its series. */
export const estateAssetSchema = z.strictObject({
  id: assetIdSchema,
  capacity: assetCapacitySchema,
  series: z.array(estateSeriesSchema),
});
export type EstateAssetPayload = z.infer<typeof estateAssetSchema>;

/**
 * A page of every asset workloads holds, in trace order: by the name of the file it was
 * uploaded from in byte order (the order `loadWorkloads` reads files), then by id; assets
 * known only from collector samples come first, by id. A page stops at `limit` assets or
 * when its items pass PAGE_BYTE_BUDGET bytes (at least one asset), so read on while `next`
 * is present.
 */
export const estatePageQuerySchema = z.strictObject({
  ...pageRequestShape,
  /** Only these assets (still in trace order; unknown ids are left out); absent: all. */
  assetIds: z.array(assetIdSchema).min(1).max(2000).optional(),
});
export type EstatePageQuery = z.output<typeof estatePageQuerySchema>;
export type EstatePageQueryInput = z.input<typeof estatePageQuerySchema>;
export const estatePageSchema = pageSchema(estateAssetSchema);
export type EstatePage = z.infer<typeof estatePageSchema>;

/** Subjects of the workloads service. */
export const WORKLOADS = {
  ingestSamples: defineQueue('vplan.ingest.samples.v1', 'VPLAN_INGEST', sampleBatchSchema),
  getSeries: defineRequest('vplan.workloads.series.get.v1', seriesQuerySchema, seriesSchema),
  getProfile: defineRequest('vplan.workloads.profile.get.v1', profileQuerySchema, profileSchema),
  getCoverage: defineRequest(
    'vplan.workloads.coverage.get.v1',
    coverageQuerySchema,
    coverageSchema,
  ),
  getDemandPage: defineRequest(
    'vplan.workloads.demand.page.v1',
    demandPageQuerySchema,
    demandPageSchema,
  ),
  getEstatePage: defineRequest(
    'vplan.workloads.estate.page.v1',
    estatePageQuerySchema,
    estatePageSchema,
  ),
  samplesStored: defineEvent(
    'vplan.evt.workloads.samples.stored.v1',
    'VPLAN_EVT_WORKLOADS',
    samplesStoredSchema,
  ),
} as const;
