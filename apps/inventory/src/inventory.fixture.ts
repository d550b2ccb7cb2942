// Boots the inventory service in-process against the real NATS and MongoDB-wire server,
// under its own prefix and database, for the integration specs.
import {
  eventEnvelopeSchema,
  prefixed,
  STREAMS,
  type EventContract,
  type EventEnvelope,
} from '@vplan/contracts';
import { inventoryToCsv } from '@vplan/formats';
import { decodeJson, type ServiceApp, type ServiceClient } from '@vplan/platform';
import { TEST_TOKENS, startTestService } from '@vplan/service-testing';
import { generateEstate } from '@vplan/simulation';
import type { JetStreamManager, NatsConnection } from 'nats';
import { loadInventoryConfig } from './inventory.config';
import { InventoryModule } from './inventory.module';

export const TOKENS = TEST_TOKENS;
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
  const h = await startTestService({
    name: 'inventory',
    module: InventoryModule,
    label,
    config: (env) => loadInventoryConfig(env),
  });
  const jsm = await h.nc.jetstreamManager();
  const stream = prefixed(h.prefix, STREAMS.VPLAN_EVT_INVENTORY.name);
  return {
    ...h,
    jsm,
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
      if (init.contentType) headers.set('content-type', init.contentType);
      return fetch(`${h.base}${path}`, { ...init, headers });
    },
    async events(contract, afterSeq) {
      const last = (await jsm.streams.info(stream)).state.last_seq;
      const subject = prefixed(h.prefix, contract.subject);
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
  };
}
