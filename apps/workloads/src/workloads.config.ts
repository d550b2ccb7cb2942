import { PlatformContext, loadConfig, type ServiceConfig } from '@vplan/platform';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('true')
  .transform((v) => v === 'true' || v === '1');

/** The workloads service's own environment variables (README.md). */
export const workloadsConfigShape = {
  /** Durable pull loops on the ingest stream (several batches in flight); 0 = no ingest. */
  WORKLOADS_INGEST_CONSUMERS: z.coerce.number().int().min(0).max(64).default(16),
  /** Messages each loop pulls at once. */
  WORKLOADS_INGEST_PULL_BATCH: z.coerce.number().int().min(1).max(1000).default(16),
  /** JetStream ack wait of the ingest consumer (ms): how soon a batch of a dead replica is redelivered. */
  WORKLOADS_INGEST_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Length of an ingest generation (ms): chunks land in one collection per generation, compacted after it closed. */
  WORKLOADS_INGEST_GENERATION_MS: z.coerce.number().int().min(200).max(600_000).default(10_000),
  /**
   * Ingest chunks written per insert at most (several batches in one write; FerretDB 1.24
   * on SQLite never answers a write of 100 or more statements, hence the cap).
   */
  WORKLOADS_INGEST_WRITE_BATCH: z.coerce.number().int().min(1).max(96).default(64),
  /** Publish `samples.stored` per ingested batch. */
  WORKLOADS_INGEST_EVENTS: flag,
  /** Chargeback unit cost of one GHz·hour of CPU demand. */
  WORKLOADS_COST_PER_GHZ_HOUR: z.coerce.number().nonnegative().default(0.01),
  /** Chargeback unit cost of one GiB·hour of memory demand. */
  WORKLOADS_COST_PER_GIB_HOUR: z.coerce.number().nonnegative().default(0.005),
  /** Currency of the chargeback figures. */
  WORKLOADS_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .default('EUR'),
};

export type WorkloadsConfig = ServiceConfig<typeof workloadsConfigShape>;
export type WorkloadsSettings = WorkloadsConfig['extra'];

/** The workloads configuration from the environment (fails listing every bad variable). */
export function loadWorkloadsConfig(
  env?: Readonly<Record<string, string | undefined>>,
): WorkloadsConfig {
  return env ? loadConfig(workloadsConfigShape, env) : loadConfig(workloadsConfigShape);
}

/** The service's own settings, from the platform context (defaults when booted without them). */
export function settingsOf(ctx: PlatformContext): WorkloadsSettings {
  const extra = (ctx.config.extra ?? {}) as Partial<WorkloadsSettings>;
  const defaults = z.object(workloadsConfigShape).parse({});
  return { ...defaults, ...extra };
}
