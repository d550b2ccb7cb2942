// Boots the workloads service in-process against the real NATS and MongoDB-wire server,
// under its own prefix and database, for the integration specs.
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createServiceApp, databaseName, ServiceClient, type ServiceApp } from '@vplan/platform';
import { deleteStreams, dropDatabase, ensurePeers, uniquePrefix } from '@vplan/testing';
import { connect, type NatsConnection } from 'nats';
import { loadWorkloadsConfig } from './workloads.config';
import { WorkloadsModule } from './workloads.module';

/** The repository root and the shared data sets beside it (VPLAN_DATASETS overrides). */
export const REPO = resolve(__dirname, '../../..');
export const DATASETS = process.env['VPLAN_DATASETS'] ?? resolve(REPO, '../shared/datasets');

export const TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
} as const;
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
  const peers = await ensurePeers();
  const prefix = uniquePrefix(label);
  const config = loadWorkloadsConfig({
    NATS_URL: peers.natsUrl,
    MONGODB_URI: peers.mongoUri,
    VPLAN_PREFIX: prefix,
    VPLAN_API_KEYS: Object.entries(TOKENS)
      .map(([role, token]) => `${token}:${role}:${role}-user`)
      .join(','),
    LOG_LEVEL: process.env['VPLAN_TEST_LOGS'] ? 'info' : 'warn',
    ...env,
  });
  const service = await createServiceApp({
    name: 'workloads',
    module: WorkloadsModule,
    config,
    // VPLAN_TEST_LOGS=1 shows the service's logs on stderr.
    logDestination: new Writable({
      write(chunk: Buffer, _enc, done) {
        if (process.env['VPLAN_TEST_LOGS']) process.stderr.write(chunk);
        done();
      },
    }),
  });
  const base = `${await service.listen(0)}/workloads`;
  const nc = await connect({ servers: peers.natsUrl });
  const client = new ServiceClient({ connection: nc, prefix, timeoutMs: 60_000 });
  const database = databaseName(config, 'workloads');
  return {
    prefix,
    service,
    base,
    nc,
    client,
    mongoUri: peers.mongoUri,
    natsUrl: peers.natsUrl,
    database,
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
      if (init.contentType) headers.set('content-type', init.contentType);
      return fetch(`${base}${path}`, { ...init, headers });
    },
    async close() {
      await nc.close();
      await service.close();
      await dropDatabase(peers.mongoUri, database);
      await deleteStreams(peers.natsUrl, prefix);
    },
  };
}
