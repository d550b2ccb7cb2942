import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MODELS, type BaselineDoc } from './inventory.schema';

/** Stored baselines: one document per RVTools import source, replaced whole. */
@Injectable()
export class BaselineRepository {
  constructor(@InjectModel(MODELS.baseline) private readonly baselines: Model<BaselineDoc>) {}

  /** Stores `doc` as its source's baseline, replacing the one before (a single-document write). */
  async replace(doc: BaselineDoc): Promise<void> {
    await this.baselines.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /** The baseline of `source`, or (no source) the one stored last. */
  async latest(source?: string): Promise<BaselineDoc | undefined> {
    if (source !== undefined)
      return (await this.baselines.findById(source).lean<BaselineDoc>()) ?? undefined;
    const [doc] = await this.baselines
      .find()
      .sort({ storedAt: -1, _id: 1 })
      .limit(1)
      .lean<BaselineDoc[]>();
    return doc;
  }
}
