import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Job, JobProgress, JobStatus, Page, ScenarioRef, WireError } from '@vplan/contracts';
import { pageFill } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import type { Model } from 'mongoose';
import { newSortableId } from '../ids';
import { JOBS, type JobDoc } from './job.schema';

/** Jobs: queued by a run, taken by one replica at a time (a lease), finished once. */
@Injectable()
export class JobRepository {
  constructor(@InjectModel(JOBS) private readonly jobs: Model<JobDoc>) {}

  async create(scenario: ScenarioRef): Promise<Job> {
    const doc: JobDoc = {
      _id: newSortableId('job'),
      scenario,
      status: 'queued',
      progress: { phase: 'queued', elapsedMs: 0 },
      attempts: 0,
      createdAt: new Date(),
    };
    await this.jobs.create(doc);
    return toJob(doc);
  }

  async find(id: string): Promise<Job | undefined> {
    const doc = await this.jobs.findById(id).lean();
    return doc ? toJob(doc) : undefined;
  }

  async get(id: string): Promise<Job> {
    const job = await this.find(id);
    if (!job) throw new AppError('NOT_FOUND', `no job ${id}`);
    return job;
  }

  /** Newest first, after the cursor (a job id). */
  async list(
    query: { scenario?: string; status?: JobStatus },
    limit: number,
    after?: string,
  ): Promise<Page<Job>> {
    const docs = await this.jobs
      .find({
        ...(query.scenario ? { 'scenario.name': query.scenario } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(after ? { _id: { $lt: after } } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean();
    const jobs = docs.map(toJob);
    const n = pageFill(jobs, limit);
    const items = jobs.slice(0, n);
    return jobs.length > n ? { items, next: items[n - 1]!.id } : { items };
  }

  /** Takes a job that is not finished for a delivery: running, attempts + 1, under `lease`. */
  async claim(id: string, lease: string): Promise<Job | undefined> {
    const doc = await this.jobs
      .findOneAndUpdate(
        { _id: id, status: { $in: ['queued', 'running'] } },
        {
          $set: {
            status: 'running',
            lease,
            startedAt: new Date(),
            progress: { phase: 'starting', elapsedMs: 0 },
          },
          $inc: { attempts: 1 },
          $unset: { error: 1 },
        },
        { new: true },
      )
      .lean();
    return doc ? toJob(doc) : undefined;
  }

  /** Records progress of the delivery holding `lease` (ignored once another took the job). */
  async progress(id: string, lease: string, progress: JobProgress): Promise<boolean> {
    const res = await this.jobs.updateOne(
      { _id: id, lease, status: 'running' },
      { $set: { progress } },
    );
    return res.matchedCount > 0;
  }

  /** Puts a job back in the queue (its delivery gave up for now; it comes back). */
  async requeue(id: string, lease: string, phase: string): Promise<void> {
    await this.jobs.updateOne(
      { _id: id, lease, status: 'running' },
      { $set: { status: 'queued', progress: { phase, elapsedMs: 0 } } },
    );
  }

  async succeed(id: string, planId: string, progress: JobProgress): Promise<void> {
    await this.jobs.updateOne(
      { _id: id, status: { $ne: 'succeeded' } },
      {
        $set: { status: 'succeeded', planId, progress, finishedAt: new Date() },
        $unset: { error: 1 },
      },
    );
  }

  async fail(id: string, error: WireError, progress: JobProgress): Promise<void> {
    await this.jobs.updateOne(
      { _id: id, status: { $nin: ['succeeded', 'failed'] } },
      { $set: { status: 'failed', error, progress, finishedAt: new Date() } },
    );
  }
}

function toJob(doc: JobDoc): Job {
  return {
    id: doc._id,
    scenario: { name: doc.scenario.name, revision: doc.scenario.revision },
    status: doc.status,
    progress: doc.progress,
    attempts: doc.attempts,
    createdAt: doc.createdAt.toISOString(),
    ...(doc.startedAt ? { startedAt: doc.startedAt.toISOString() } : {}),
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt.toISOString() } : {}),
    ...(doc.planId ? { planId: doc.planId } : {}),
    ...(doc.error ? { error: doc.error } : {}),
  };
}
