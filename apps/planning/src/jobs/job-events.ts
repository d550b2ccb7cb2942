import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PLANNING, type Job, type JobProgress, type PlanMeta } from '@vplan/contracts';
import { InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import { stableUuid } from '../ids';

/**
 * The planning events. Completion and plan events have ids derived from the job and
 * plan, so a replica that publishes them again after a crash is de-duplicated by
 * JetStream; progress events are best effort (a failed publish is logged, not retried).
 */
@Injectable()
export class JobEvents {
  constructor(
    private readonly jetstream: JetStreamService,
    @InjectLogger() private readonly log: Logger,
  ) {}

  progressed(job: Pick<Job, 'id' | 'scenario'>, progress: JobProgress): Promise<void> {
    return this.safely('jobProgressed', () =>
      this.jetstream.publish(
        PLANNING.jobProgressed,
        { jobId: job.id, scenario: job.scenario, status: 'running', progress },
        { id: randomUUID() },
      ),
    );
  }

  completed(job: Job): Promise<void> {
    if (job.status !== 'succeeded' && job.status !== 'failed') return Promise.resolve();
    const status = job.status;
    return this.safely('jobCompleted', () =>
      this.jetstream.publish(
        PLANNING.jobCompleted,
        {
          jobId: job.id,
          scenario: job.scenario,
          status,
          ...(job.planId ? { planId: job.planId } : {}),
          ...(job.error ? { error: job.error } : {}),
        },
        { id: stableUuid(`${job.id}:completed:${status}`) },
      ),
    );
  }

  planCreated(meta: PlanMeta): Promise<void> {
    return this.safely('planCreated', () =>
      this.jetstream.publish(PLANNING.planCreated, meta, { id: stableUuid(`${meta.id}:created`) }),
    );
  }

  private async safely(what: string, publish: () => Promise<unknown>): Promise<void> {
    try {
      await publish();
    } catch (err) {
      this.log.warn({ err, event: what }, 'planning event not published');
    }
  }
}
