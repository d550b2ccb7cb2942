import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropDatabase,
  ensurePeers,
  eventually,
  freePort,
  startNatsServer,
  stopPid,
  uniquePrefix,
  type StartedNats,
} from '@vplan/testing';
import { connect, type NatsConnection } from 'nats';
import { createServiceApp, type ServiceApp } from '../app/create-service-app';
import { databaseName, loadConfig } from '../config/config';
import {
  WidgetModule,
  WidgetProbe,
  whoAmI,
  widgetCreated,
  type Widget,
} from '../fixtures/widget-service.fixture';
import { JetStreamService } from '../jetstream/jetstream.service';
import { ServiceClient } from './service-client';

/**
 * The service runs against a nats-server of its own, which the test stops and starts
 * again on the same port: readiness goes 503 and back, and requests work again without
 * restarting the service.
 */
describe('a NATS restart', () => {
  const prefix = uniquePrefix('restart');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  let port: number;
  let nats: StartedNats | undefined;
  let peers: { natsUrl: string; mongoUri: string };
  let service: ServiceApp;
  let base: string;
  let dbName: string;

  /** A nats-server on the test's port; a new `store` starts it without the streams of before. */
  const start = async (store = 'jetstream') =>
    startNatsServer({
      port,
      storeDir: path.join(stateDir, store),
      logFile: path.join(stateDir, 'nats-server.log'),
    });

  beforeAll(async () => {
    peers = await ensurePeers();
    port = await freePort();
    nats = await start();
    const config = loadConfig(undefined, {
      NATS_URL: nats.url,
      MONGODB_URI: peers.mongoUri,
      VPLAN_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    dbName = databaseName(config, 'inventory');
    service = await createServiceApp({
      name: 'inventory',
      module: WidgetModule.with(new WidgetProbe('solo')),
      config,
    });
    base = `${await service.listen(0)}/inventory`;
  }, 30_000);

  afterAll(async () => {
    await service?.close();
    if (nats) await stopPid(nats.process.pid, { graceMs: 5000 });
    if (peers) await dropDatabase(peers.mongoUri, dbName);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 20_000);

  const readyStatus = async () => (await fetch(`${base}/health/ready`)).status;

  it('goes unready while NATS is down and serves again once it is back', async () => {
    expect(await readyStatus()).toBe(200);

    await stopPid(nats!.process.pid, { graceMs: 5000 });
    nats = undefined;
    const down = await eventually(async () => {
      const res = await fetch(`${base}/health/ready`);
      if (res.status !== 503) throw new Error(`ready answered ${res.status}`);
      return res.json();
    });
    expect(down).toMatchObject({
      error: { code: 'UNAVAILABLE', details: [{ path: 'nats', message: 'not connected' }] },
    });

    nats = await start();
    await eventually(async () => expect(await readyStatus()).toBe(200), { timeoutMs: 20_000 });

    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ servers: nats.url });
      const client = new ServiceClient({ connection: nc, prefix, timeoutMs: 2000 });
      const reply = await eventually(() => client.request(whoAmI, {}), { timeoutMs: 10_000 });
      expect(reply.servedBy).toBe('solo');
    } finally {
      await nc?.close();
    }
  }, 60_000);

  it('keeps the service durable consumer pulling: events published after the restart are handled', async () => {
    // The store survives the restart (same directory), as a production NATS keeps its own.
    const jetstream = service.app.get(JetStreamService);
    const seen: string[] = [];
    await jetstream.consume<Widget>({
      contract: widgetCreated,
      durable: 'restart-widgets',
      ackWaitMs: 2000,
      handler: async (event) => {
        seen.push(event.data.name);
      },
    });
    const publish = (name: string) =>
      jetstream.publish(widgetCreated, { id: randomUUID(), name, size: 1 });
    await publish('before');
    await eventually(() => expect(seen).toContain('before'));

    await stopPid(nats!.process.pid, { graceMs: 5000 });
    nats = undefined;
    nats = await start();
    await eventually(async () => expect(await readyStatus()).toBe(200), { timeoutMs: 20_000 });
    await eventually(() => publish('after'), { timeoutMs: 10_000 });
    await eventually(() => expect(seen).toContain('after'), { timeoutMs: 20_000 });
    expect(seen.filter((n) => n === 'before')).toHaveLength(1);
  }, 60_000);

  it('creates the stream and the durable consumer again when NATS comes back without its store', async () => {
    const jetstream = service.app.get(JetStreamService);
    const seen: string[] = [];
    await jetstream.consume<Widget>({
      contract: widgetCreated,
      durable: 'amnesia-widgets',
      ackWaitMs: 2000,
      handler: async (event) => {
        seen.push(event.data.name);
      },
    });
    const publish = (name: string) =>
      jetstream.publish(widgetCreated, { id: randomUUID(), name, size: 1 });
    await publish('before');
    await eventually(() => expect(seen).toContain('before'));

    await stopPid(nats!.process.pid, { graceMs: 5000 });
    nats = undefined;
    nats = await start('jetstream-empty');
    // Publishing works once the consumer's loop has put its stream back.
    await eventually(() => publish('after'), { timeoutMs: 20_000, intervalMs: 250 });
    await eventually(() => expect(seen).toContain('after'), { timeoutMs: 20_000 });
  }, 60_000);
});
