import type { Job, JobProgress, JobStatus, ScenarioRef } from '@vplan/contracts';

/** A job as the HTTP API shows it (what `vplan plan --api` polls): `error` is the message. */
export interface JobView {
  readonly jobId: string;
  readonly scenario: ScenarioRef;
  readonly status: JobStatus;
  readonly progress: JobProgress;
  readonly attempts: number;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly planId?: string;
  readonly error?: string;
  readonly errorCode?: string;
}

export function jobView(job: Job): JobView {
  const { id, error, ...rest } = job;
  return {
    jobId: id,
    ...rest,
    ...(error ? { error: error.message, errorCode: error.code } : {}),
  };
}
