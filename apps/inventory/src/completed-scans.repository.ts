import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MODELS, type CompletedScanDoc } from './inventory.schema';
import type { CompletedScan } from './staleness';

/** The scans that ended `succeeded`, by probe source (collection `completed_scans`). */
@Injectable()
export class CompletedScansRepository {
  constructor(@InjectModel(MODELS.completedScan) private readonly scans: Model<CompletedScanDoc>) {}

  /** Records a completed scan once: a redelivered event leaves the first record as it is. */
  async record(scan: CompletedScanDoc): Promise<void> {
    await this.scans.updateOne(
      { _id: scan._id },
      { $setOnInsert: { sources: scan.sources, completedAt: scan.completedAt } },
      { upsert: true },
    );
  }

  /** The latest `limit` completed scans of each source, newest first. */
  async latestBySource(
    sources: readonly string[],
    limit: number,
  ): Promise<Map<string, CompletedScan[]>> {
    const out = new Map<string, CompletedScan[]>();
    for (const source of sources) {
      const docs = await this.scans
        .find({ sources: source }, { _id: 1, completedAt: 1 })
        .sort({ completedAt: -1 })
        .limit(limit)
        .lean<Pick<CompletedScanDoc, '_id' | 'completedAt'>[]>();
      out.set(
        source,
        docs.map((d) => ({ id: d._id, completedAt: d.completedAt })),
      );
    }
    return out;
  }
}
