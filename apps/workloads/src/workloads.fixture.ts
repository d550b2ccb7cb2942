// Boots the workloads service in-process against the real NATS and MongoDB-wire server,
// under its own prefix and database, for the integration specs.
import { resolve } from 'node:path';
import type { ServiceApp, ServiceClient } from '@vplan/platform';
import { TEST_TOKENS, startTestService } from '@vplan/service-testing';
import type { NatsConnection } from 'nats';
import { loadWorkloadsConfig } from './workloads.config';
import { WorkloadsModule } from './workloads.module';

/** The repository root and the shared data sets beside it (VPLAN_DATASETS overrides). */
export const REPO = resolve(__dirname, '../../..');
export const DATASETS = process.env['VPLAN_DATASETS'] ?? resolve(REPO, '../shared/datasets');

export const TOKENS = TEST_TOKENS;
export type TokenRole = keyof typeof TOKENS;

export interface WorkloadsHarness {
  readonly prefix: string;
  readonly service: ServiceApp;
  readonly base: string;
  readonly nc: NatsConnection;
  readonly client: ServiceClient;
  readonly mongoUri: string;
  readonly natsUrl: string;
  readonly database: string;
  http(
    path: string,
    init?: RequestInit & { token?: TokenRole; contentType?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the service with `env` added to the test environment (e.g. short ingest generations). */
export async function startWorkloads(
  label: string,
  env: Record<string, string> = {},
): Promise<WorkloadsHarness> {
  const h = await startTestService({
    name: 'workloads',
    module: WorkloadsModule,
    label,
    config: (vars) => loadWorkloadsConfig(vars),
    env,
    logLevel: process.env['VPLAN_TEST_LOGS'] ? 'info' : 'warn',
    // VPLAN_TEST_LOGS=1 shows the service's logs on stderr.
    ...(process.env['VPLAN_TEST_LOGS']
      ? { echoLogs: (chunk: Buffer) => process.stderr.write(chunk) }
      : {}),
    timeoutMs: 60_000,
  });
  return {
    ...h,
    mongoUri: h.peers.mongoUri,
    natsUrl: h.peers.natsUrl,
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
      if (init.contentType) headers.set('content-type', init.contentType);
      return fetch(`${h.base}${path}`, { ...init, headers });
    },
  };
}
