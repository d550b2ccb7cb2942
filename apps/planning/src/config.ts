import type { PlatformConfig } from '@vplan/platform';
import { z } from 'zod';

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
      }
      return n;
    });

/** The planning service's own environment variables (validated with the platform's). */
export const planningConfigShape = {
  /**
   * How long JetStream waits for a job's ack or heartbeat before giving the job to
   * another replica (ms, default 30 000): a replica that dies mid-job loses it to
   * another after this long. A live replica sends heartbeats every third of it.
   */
  PLANNING_JOB_ACK_WAIT_MS: integer(1000, 3_600_000, 30_000),
  /** Deliveries of a job whose inputs are unavailable before it fails (default 5). */
  PLANNING_JOB_MAX_ATTEMPTS: integer(1, 100, 5),
};

export interface PlanningSettings {
  readonly jobAckWaitMs: number;
  readonly jobMaxAttempts: number;
}

/** The planning settings of a loaded config (defaults when it was loaded without them). */
export function planningSettings(config: PlatformConfig & { extra?: unknown }): PlanningSettings {
  const extra = (config.extra ?? {}) as Partial<Record<keyof typeof planningConfigShape, number>>;
  return {
    jobAckWaitMs: extra.PLANNING_JOB_ACK_WAIT_MS ?? 30_000,
    jobMaxAttempts: extra.PLANNING_JOB_MAX_ATTEMPTS ?? 5,
  };
}
