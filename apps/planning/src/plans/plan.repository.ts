import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Page, PlanMeta, ScenarioRef } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import type { Model } from 'mongoose';
import type { PlanArtifacts } from '../worker/plan-task';
import {
  PLAN_CHUNK_BYTES,
  PLAN_CHUNKS,
  PLAN_FILES,
  PLANS,
  type PlanChunkDoc,
  type PlanDoc,
  type PlanFileName,
} from './plan.schema';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const DUPLICATE_KEY = 11000;

/**
 * Stored plans: the rendered `plan.json`, `plan.csv` and `report.html` (the report is
 * rendered when the plan is made, with the demand it needs, so nothing has to be
 * recomputed later), gzip-compressed in chunks, then the plan's metadata. A plan whose
 * metadata exists is complete; writing the same plan again (a redelivered job) is a
 * no-op.
 */
@Injectable()
export class PlanRepository {
  constructor(
    @InjectModel(PLANS) private readonly plans: Model<PlanDoc>,
    @InjectModel(PLAN_CHUNKS) private readonly chunks: Model<PlanChunkDoc>,
  ) {}

  async save(
    planId: string,
    jobId: string,
    scenario: ScenarioRef,
    artifacts: PlanArtifacts,
  ): Promise<PlanMeta> {
    const texts: Record<PlanFileName, string> = {
      json: artifacts.planJson,
      csv: artifacts.planCsv,
      report: artifacts.reportHtml,
    };
    const files = {} as PlanDoc['files'];
    for (const file of PLAN_FILES) {
      const raw = Buffer.from(texts[file], 'utf8');
      const packed = await gzipAsync(raw);
      const count = Math.max(1, Math.ceil(packed.length / PLAN_CHUNK_BYTES));
      await this.chunks.bulkWrite(
        Array.from({ length: count }, (_, n) => ({
          replaceOne: {
            filter: { _id: `${planId}/${file}/${n}` },
            replacement: {
              _id: `${planId}/${file}/${n}`,
              planId,
              file,
              n,
              data: packed.subarray(n * PLAN_CHUNK_BYTES, (n + 1) * PLAN_CHUNK_BYTES),
            },
            upsert: true,
          },
        })),
        { ordered: true },
      );
      files[file] = { chunks: count, bytes: raw.length };
    }
    const doc: PlanDoc = {
      _id: planId,
      jobId,
      scenario,
      createdAt: new Date(),
      summary: JSON.parse(JSON.stringify(artifacts.summary)) as PlanDoc['summary'],
      files,
    };
    try {
      await this.plans.create(doc);
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      return this.meta(planId);
    }
    return toMeta(doc);
  }

  async findByJob(jobId: string): Promise<PlanMeta | undefined> {
    const doc = await this.plans.findOne({ jobId }).lean();
    return doc ? toMeta(doc) : undefined;
  }

  async meta(planId: string): Promise<PlanMeta> {
    const doc = await this.plans.findById(planId).lean();
    if (!doc) throw new AppError('NOT_FOUND', `no plan ${planId}`);
    return toMeta(doc);
  }

  /** One file of a plan, as text. */
  async file(planId: string, file: PlanFileName): Promise<string> {
    const doc = await this.plans.findById(planId).lean();
    if (!doc) throw new AppError('NOT_FOUND', `no plan ${planId}`);
    const chunks = await this.chunks.find({ planId, file }).sort({ n: 1 }).lean();
    const expected = doc.files[file].chunks;
    if (chunks.length !== expected) {
      throw new AppError(
        'INTERNAL',
        `plan ${planId}: ${file} has ${chunks.length} of ${expected} chunks`,
      );
    }
    const packed = Buffer.concat(chunks.map((c) => asBuffer(c.data)));
    return (await gunzipAsync(packed)).toString('utf8');
  }

  /** Newest first, after the cursor (a plan id). */
  async list(query: { scenario?: string }, limit: number, after?: string): Promise<Page<PlanMeta>> {
    const docs = await this.plans
      .find({
        ...(query.scenario ? { 'scenario.name': query.scenario } : {}),
        ...(after ? { _id: { $lt: after } } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean();
    const items = docs.slice(0, limit).map(toMeta);
    return docs.length > limit ? { items, next: items[items.length - 1]!.id } : { items };
  }
}

/** Binary data read back lean may be a BSON Binary rather than a Buffer. */
function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (binary.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new Error('plan chunk is not binary data');
}

function toMeta(doc: PlanDoc): PlanMeta {
  return {
    id: doc._id,
    jobId: doc.jobId,
    scenario: { name: doc.scenario.name, revision: doc.scenario.revision },
    createdAt: doc.createdAt.toISOString(),
    summary: doc.summary,
  };
}
