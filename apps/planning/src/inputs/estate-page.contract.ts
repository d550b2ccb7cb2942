// The paged estate read planning needs from workloads. Written against the name and
// shape agreed with the workloads helper (WORKLOADS.getEstatePage,
// vplan.workloads.estate.page.v1); when libs/contracts carries it, this file goes and
// the import points there.
import {
  assetCapacitySchema,
  assetIdSchema,
  defineRequest,
  pageRequestShape,
  pageSchema,
  resourceSchema,
} from '@vplan/contracts';
import { z } from 'zod';

/** One stored series of an asset: `values[i]` is slot `start + i` of `stepSeconds` (base64 Float32, NaN = no sample). */
export const estateSeriesSchema = z.strictObject({
  metric: resourceSchema,
  stepSeconds: z.number().int().positive(),
  /** Absolute slot number of the first value: epoch seconds / stepSeconds. */
  start: z.number().int(),
  values: z.base64(),
});

/** An asset as its traces describe it: provisioned capacity and its series. */
export const estateAssetSchema = z.strictObject({
  id: assetIdSchema,
  capacity: assetCapacitySchema,
  series: z.array(estateSeriesSchema),
});
export type EstateAssetPayload = z.infer<typeof estateAssetSchema>;

/** Pages of every asset with series, in trace order (the order `loadWorkloads` reads files). */
export const getEstatePage = defineRequest(
  'vplan.workloads.estate.page.v1',
  z.strictObject({
    ...pageRequestShape,
    /** Only these assets (still in trace order); absent: all. */
    assetIds: z.array(assetIdSchema).min(1).max(2000).optional(),
  }),
  pageSchema(estateAssetSchema),
);
