import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AssetCapacity } from '@vplan/domain';

/** Where an asset's series came from first: an uploaded file's format, or collector samples. */
export type AssetOrigin = 'bitbrains' | 'planetlab' | 'csv' | 'ingest';

/**
 * An asset workloads holds series of (collection `assets`, `_id` = asset id): its
 * capacity as the trace gave it and the name of the file it came from, which orders the
 * estate as `loadWorkloads` orders files ('' for assets known only from collector samples,
 * so they come first).
 */
@Schema({ collection: 'assets', versionKey: false, minimize: false })
export class WorkloadAsset {
  @Prop({ type: String, required: true })
  _id!: string;

  /** The file name of the upload (byte order of names orders the estate); '' for ingest-only assets. */
  // Not `required`: mongoose's required check refuses the empty string.
  @Prop({ type: String, default: '' })
  file!: string;

  @Prop({ type: String, required: true })
  origin!: AssetOrigin;

  /** Provisioned capacity the trace gives (Bitbrains); PlanetLab sizes are set when read. */
  @Prop({ type: Object, required: true, default: {} })
  capacity!: AssetCapacity;

  /** PlanetLab: the day folder of the upload (dates the trace). */
  @Prop({ type: String })
  folder?: string;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const WorkloadAssetSchema = SchemaFactory.createForClass(WorkloadAsset);
export const WORKLOAD_ASSET_MODEL = 'WorkloadAsset';
