// Boots the inventory service in-process against the real NATS and MongoDB-wire server,
// under its own prefix and database, for the integration specs.
import { Writable } from 'node:stream';
import {
  eventEnvelopeSchema,
  prefixed,
  STREAMS,
  type EventContract,
  type EventEnvelope,
} from '@vplan/contracts';
import { inventoryToCsv } from '@vplan/formats';
import {
  createServiceApp,
  databaseName,
  decodeJson,
  loadConfig,
  ServiceClient,
  type ServiceApp,
} from '@vplan/platform';
import { generateEstate } from '@vplan/simulation';
import { deleteStreams, dropDatabase, ensurePeers, uniquePrefix } from '@vplan/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { InventoryModule } from './inventory.module';

export const TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
} as const;
export type TokenRole = keyof typeof TOKENS;

/** The inventory CSV `vplan generate --servers <n>` writes (same generator, same options). */
export function generatedInventoryCsv(servers: number, seed = 1): string {
  const estate = generateEstate({ servers, seed, weeks: 2, stepSeconds: 3600 });
  return inventoryToCsv(estate.assets);
}

export interface InventoryHarness {
  readonly prefix: string;
  readonly service: ServiceApp;
  readonly base: string;
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  readonly client: ServiceClient;
  readonly logs: string[];
  http(
    path: string,
    init?: RequestInit & { token?: TokenRole; contentType?: string },
  ): Promise<Response>;
  /** Events of `contract` on the service's stream after stream sequence `afterSeq`. */
  events<D>(contract: EventContract<D, unknown>, afterSeq: number): Promise<EventEnvelope<D>[]>;
  /** The last sequence of the inventory's event stream. */
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

export async function startInventory(label: string): Promise<InventoryHarness> {
  const peers = await ensurePeers();
  const prefix = uniquePrefix(label);
  const config = loadConfig(undefined, {
    NATS_URL: peers.natsUrl,
    MONGODB_URI: peers.mongoUri,
    VPLAN_PREFIX: prefix,
    VPLAN_API_KEYS: Object.entries(TOKENS)
      .map(([role, token]) => `${token}:${role}:${role}-user`)
      .join(','),
    LOG_LEVEL: 'info',
  });
  const logs: string[] = [];
  const service = await createServiceApp({
    name: 'inventory',
    module: InventoryModule,
    config,
    logDestination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  });
  const base = `${await service.listen(0)}/inventory`;
  const nc = await connect({ servers: peers.natsUrl });
  const jsm = await nc.jetstreamManager();
  const stream = prefixed(prefix, STREAMS.VPLAN_EVT_INVENTORY.name);
  const client = new ServiceClient({ connection: nc, prefix, timeoutMs: 10_000 });

  return {
    prefix,
    service,
    base,
    nc,
    jsm,
    client,
    logs,
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
      if (init.contentType) headers.set('content-type', init.contentType);
      return fetch(`${base}${path}`, { ...init, headers });
    },
    async events(contract, afterSeq) {
      const last = (await jsm.streams.info(stream)).state.last_seq;
      const subject = prefixed(prefix, contract.subject);
      const schema = eventEnvelopeSchema(contract.data);
      const found = [];
      for (let seq = afterSeq + 1; seq <= last; seq++) {
        const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
        if (msg?.subject === subject) found.push(schema.parse(decodeJson(msg.data)));
      }
      return found as EventEnvelope<never>[];
    },
    async lastSeq() {
      return (await jsm.streams.info(stream)).state.last_seq;
    },
    async close() {
      await nc.close();
      await service.close();
      await dropDatabase(peers.mongoUri, databaseName(config, 'inventory'));
      await deleteStreams(peers.natsUrl, prefix);
    },
  };
}
