import { Schema } from 'mongoose';
import type { PlanSummary, ScenarioRef } from '@vplan/contracts';

/** The files of a stored plan: plan.json, plan.csv and report.html. */
export const PLAN_FILES = ['json', 'csv', 'report'] as const;
export type PlanFileName = (typeof PLAN_FILES)[number];

/** `plans`: a stored plan's identity and summary; written after all its file chunks. */
export const PLANS = 'plans';
export interface PlanDoc {
  _id: string;
  jobId: string;
  scenario: ScenarioRef;
  createdAt: Date;
  summary: PlanSummary;
  /** Per file: gzip chunks stored and the file's size in bytes (uncompressed). */
  files: Record<PlanFileName, { chunks: number; bytes: number }>;
}
export const planSchema = new Schema<PlanDoc>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    scenario: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    summary: { type: Schema.Types.Mixed, required: true },
    files: { type: Schema.Types.Mixed, required: true },
  },
  { collection: PLANS, versionKey: false, minimize: false },
);
planSchema.index({ jobId: 1 }, { unique: true });
planSchema.index({ 'scenario.name': 1 });

/**
 * `plan_chunks`: the files of a plan, gzip-compressed and cut into chunks of at most
 * PLAN_CHUNK_BYTES (FerretDB and MongoDB cap a document at 16 MB; a large estate's
 * report or plan.json can pass that). `_id` is `<planId>/<file>/<n>`, so a rewrite after
 * a crash replaces the same chunks.
 */
export const PLAN_CHUNKS = 'plan_chunks';
export const PLAN_CHUNK_BYTES = 4 * 1024 * 1024;
export interface PlanChunkDoc {
  _id: string;
  planId: string;
  file: PlanFileName;
  n: number;
  data: Buffer;
}
export const planChunkSchema = new Schema<PlanChunkDoc>(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    file: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: PLAN_CHUNKS, versionKey: false },
);
planChunkSchema.index({ planId: 1, file: 1, n: 1 });
