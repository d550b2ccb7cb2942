import { Schema } from 'mongoose';
import type { JobProgress, JobStatus, ScenarioRef, WireError } from '@vplan/contracts';

/** `jobs`: one document per run of a scenario revision. */
export const JOBS = 'jobs';
export interface JobDoc {
  /** `job-<time><random>`: sorts by creation time. */
  _id: string;
  scenario: ScenarioRef;
  status: JobStatus;
  progress: JobProgress;
  attempts: number;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  planId?: string;
  error?: WireError;
  /** Which replica and delivery runs it now: progress of an older delivery is ignored. */
  lease?: string;
}
export const jobSchema = new Schema<JobDoc>(
  {
    _id: { type: String, required: true },
    scenario: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    progress: { type: Schema.Types.Mixed, required: true },
    attempts: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date },
    finishedAt: { type: Date },
    planId: { type: String },
    error: { type: Schema.Types.Mixed },
    lease: { type: String },
  },
  { collection: JOBS, versionKey: false, minimize: false },
);
jobSchema.index({ 'scenario.name': 1 });
jobSchema.index({ status: 1 });
