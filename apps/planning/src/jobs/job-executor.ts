import { Injectable } from '@nestjs/common';
import type { Job, PlanningWork, WireError } from '@vplan/contracts';
import { AppError, PlatformContext, type Logger } from '@vplan/platform';
import { planningSettings } from '../config';
import { planIdOf } from '../ids';
import { PlanRepository } from '../plans/plan.repository';
import { runPlanWorker, type RunningPlan } from '../worker/run-plan-worker';
import { JobEvents } from './job-events';
import { JobInputs } from './job-inputs';
import { JobProgressReporter } from './job-progress';
import { JobRepository } from './job.repository';

/** One delivery of a job's work message. */
export interface JobDelivery {
  /** `<replica>:<stream seq>:<delivery count>`: progress of older deliveries is ignored. */
  readonly lease: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
}

/** What to do with the work message: ack it, or nak it for another delivery after `delayMs`. */
export type JobOutcome = { readonly ack: true } | { readonly ack: false; readonly delayMs: number };

const ACK: JobOutcome = { ack: true };
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Runs one delivered job, idempotent by job id: a job already finished (or whose plan is
 * already stored) is only acknowledged; otherwise the replica takes it (a lease), gathers
 * the inputs over NATS, plans in a worker thread, stores the plan and finishes the job.
 * Unavailable inputs are retried on a later delivery, up to PLANNING_JOB_MAX_ATTEMPTS.
 */
@Injectable()
export class JobExecutor {
  private readonly running = new Set<RunningPlan>();
  private stopping = false;

  constructor(
    private readonly jobs: JobRepository,
    private readonly plans: PlanRepository,
    private readonly inputs: JobInputs,
    private readonly events: JobEvents,
    private readonly ctx: PlatformContext,
  ) {}

  private get log(): Logger {
    return this.ctx.logger;
  }

  async run(work: PlanningWork, delivery: JobDelivery): Promise<JobOutcome> {
    const job = await this.jobs.find(work.jobId);
    if (!job) {
      this.log.warn({ jobId: work.jobId }, 'planning work for an unknown job dropped');
      return ACK;
    }
    if (job.status === 'succeeded' || job.status === 'failed') {
      await this.events.completed(job);
      return ACK;
    }
    const stored = await this.plans.findByJob(job.id);
    if (stored) {
      await this.jobs.succeed(job.id, stored.id, job.progress);
      await this.events.completed(await this.jobs.get(job.id));
      return ACK;
    }
    const claimed = await this.jobs.claim(job.id, delivery.lease);
    if (!claimed) return ACK;
    this.log.info(
      { jobId: job.id, scenario: job.scenario, attempt: claimed.attempts },
      'planning job started',
    );
    const reporter = new JobProgressReporter({
      save: (progress) => this.jobs.progress(job.id, delivery.lease, progress),
      publish: (progress) => this.events.progressed(claimed, progress),
    });
    try {
      const task = await this.inputs.task(job.scenario, (phase) => reporter.phase(phase));
      reporter.phase(`planning ${task.assets.length} assets`);
      const plan = runPlanWorker(task, (p) => reporter.worker(p));
      this.running.add(plan);
      const artifacts = await plan.result.finally(() => this.running.delete(plan));
      const meta = await this.plans.save(planIdOf(job.id), job.id, job.scenario, artifacts);
      await reporter.flush();
      await this.jobs.succeed(job.id, meta.id, {
        ...reporter.progress,
        phase: 'done',
        hosts: meta.summary.hosts,
        lowerBound: meta.summary.lowerBound,
      });
      await this.events.planCreated(meta);
      await this.events.completed(await this.jobs.get(job.id));
      this.log.info(
        { jobId: job.id, planId: meta.id, hosts: meta.summary.hosts },
        'planning job done',
      );
      return ACK;
    } catch (err) {
      await reporter.flush();
      return this.failed(claimed, delivery, err, reporter);
    }
  }

  /** Stops the plans in hand (shutdown): their jobs go back to the queue. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running].map((p) => p.cancel()));
  }

  private async failed(
    job: Job,
    delivery: JobDelivery,
    err: unknown,
    reporter: JobProgressReporter,
  ): Promise<JobOutcome> {
    if (this.stopping) {
      await this.jobs.requeue(job.id, delivery.lease, 'queued again: its replica stopped');
      return { ack: false, delayMs: 0 };
    }
    const error = wireError(err);
    const { jobMaxAttempts } = planningSettings(this.ctx.config);
    const transient = error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT';
    if (transient && delivery.deliveryCount < jobMaxAttempts) {
      const delayMs = Math.min(1000 * 2 ** (delivery.deliveryCount - 1), MAX_RETRY_DELAY_MS);
      this.log.warn({ jobId: job.id, err, retryInMs: delayMs }, 'planning job input unavailable');
      await this.jobs.requeue(job.id, delivery.lease, `waiting to retry: ${error.message}`);
      return { ack: false, delayMs };
    }
    if (error.code === 'INTERNAL') this.log.error({ jobId: job.id, err }, 'planning job failed');
    else this.log.warn({ jobId: job.id, error }, 'planning job failed');
    await this.jobs.fail(job.id, error, reporter.progress);
    await this.events.completed(await this.jobs.get(job.id));
    return ACK;
  }
}

function wireError(err: unknown): WireError {
  if (err instanceof AppError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: [...err.details] } : {}),
    };
  }
  return {
    code: 'INTERNAL',
    message: `planning failed: ${err instanceof Error ? err.message : String(err)}`,
  };
}
