import { Injectable } from '@nestjs/common';
import { PLANNING, type Job } from '@vplan/contracts';
import { AppError, JetStreamService } from '@vplan/platform';
import { ScenarioRepository } from '../scenarios/scenario.repository';
import { JobRepository } from './job.repository';

/**
 * Runs a scenario: a job document (queued) for its revision, then the work on the
 * VPLAN_PLANNING_JOBS stream with the job id as Nats-Msg-Id; one replica takes it.
 */
@Injectable()
export class RunsService {
  constructor(
    private readonly scenarios: ScenarioRepository,
    private readonly jobs: JobRepository,
    private readonly jetstream: JetStreamService,
  ) {}

  async run(name: string, revision?: number): Promise<Job> {
    const { record } = await this.scenarios.get(name, revision);
    const scenario = { name: record.name, revision: record.revision };
    const job = await this.jobs.create(scenario);
    try {
      await this.jetstream.publishWork(
        PLANNING.runJob,
        { jobId: job.id, scenario },
        { id: job.id },
      );
    } catch (err) {
      const error = {
        code: 'UNAVAILABLE' as const,
        message: `job ${job.id} could not be queued: ${err instanceof Error ? err.message : String(err)}`,
      };
      await this.jobs.fail(job.id, error, { phase: 'not queued', elapsedMs: 0 });
      throw new AppError(error.code, error.message);
    }
    return job;
  }
}
