// Boots one vplan service in-process against the real NATS and MongoDB-wire server of
// @vplan/testing, under a prefix and database of its own, with an API key per role, its
// logs captured, and a NATS client under the same prefix; close() removes all of it.
import { Writable } from 'node:stream';
import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceName } from '@vplan/contracts';
import {
  ServiceClient,
  createServiceApp,
  databaseName,
  type ServiceApp,
  type ServiceConfig,
} from '@vplan/platform';
import { deleteStreams, dropDatabase, ensurePeers, uniquePrefix, type Peers } from '@vplan/testing';
import { connect, type NatsConnection } from 'nats';

/** One API key per role (`<token>:<role>:<role>-user`), as the services' tests call them. */
export const TEST_TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  planner: 'planner-token-0123456789',
  admin: 'admin-token-0123456789',
} as const;
export type TestRole = keyof typeof TEST_TOKENS;

/** `VPLAN_API_KEYS` holding every key of {@link TEST_TOKENS}. */
export const TEST_API_KEYS = Object.entries(TEST_TOKENS)
  .map(([role, token]) => `${token}:${role}:${role}-user`)
  .join(',');

export interface StartTestServiceOptions {
  readonly name: ServiceName;
  readonly module: Type<unknown> | DynamicModule;
  /** The prefix (default `uniquePrefix(label)`, the label defaulting to the service's name). */
  readonly prefix?: string;
  readonly label?: string;
  /** The service's config from an environment (`loadConfig(shape, env)` or its own loader). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any service's extension
  readonly config: (env: Record<string, string>) => ServiceConfig<any>;
  /** Variables on top of NATS_URL, MONGODB_URI, VPLAN_PREFIX, VPLAN_API_KEYS and LOG_LEVEL. */
  readonly env?: Readonly<Record<string, string>>;
  /** LOG_LEVEL of the service (default info; the lines land in `logs`). */
  readonly logLevel?: string;
  /** Also write the service's log lines to `echo` (e.g. stderr while debugging a spec). */
  readonly echoLogs?: (chunk: Buffer) => void;
  /** Timeout of `client` requests (ms, default 10 000). */
  readonly timeoutMs?: number;
  /** Runs with the test's NATS connection before the service boots (stand-in peers). */
  readonly beforeBoot?: (nc: NatsConnection, prefix: string) => void | Promise<void>;
}

export interface TestService {
  readonly prefix: string;
  readonly peers: Peers;
  readonly service: ServiceApp;
  /** `http://127.0.0.1:<port>/<name>`: health, docs and `api/v1/…` are under it. */
  readonly base: string;
  /** The test's own connection, and a client of the service's subjects under the prefix. */
  readonly nc: NatsConnection;
  readonly client: ServiceClient;
  /** The service's database. */
  readonly database: string;
  /** The service's log lines (JSON). */
  readonly logs: string[];
  /** Closes the service and the connection, drops the database and deletes the streams. */
  close(): Promise<void>;
}

export async function startTestService(opts: StartTestServiceOptions): Promise<TestService> {
  const peers = await ensurePeers();
  const prefix = opts.prefix ?? uniquePrefix(opts.label ?? opts.name);
  const config = opts.config({
    NATS_URL: peers.natsUrl,
    MONGODB_URI: peers.mongoUri,
    VPLAN_PREFIX: prefix,
    VPLAN_API_KEYS: TEST_API_KEYS,
    LOG_LEVEL: opts.logLevel ?? 'info',
    ...opts.env,
  });
  const database = databaseName(config, opts.name);
  const nc = await connect({ servers: peers.natsUrl });
  const cleanUp = async (): Promise<void> => {
    await nc.close();
    await dropDatabase(peers.mongoUri, database);
    await deleteStreams(peers.natsUrl, prefix);
  };
  const logs: string[] = [];
  let service: ServiceApp;
  let base: string;
  try {
    await opts.beforeBoot?.(nc, prefix);
    service = await createServiceApp({
      name: opts.name,
      module: opts.module,
      config,
      logDestination: new Writable({
        write(chunk: Buffer, _enc, done) {
          opts.echoLogs?.(chunk);
          logs.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      }),
    });
    base = `${await service.listen(0)}/${opts.name}`;
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const client = new ServiceClient({ connection: nc, prefix, timeoutMs: opts.timeoutMs ?? 10_000 });
  return {
    prefix,
    peers,
    service,
    base,
    nc,
    client,
    database,
    logs,
    async close() {
      await service.close();
      await cleanUp();
    },
  };
}
