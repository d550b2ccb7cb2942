import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { STREAMS, prefixed, toEnvelope } from '@vplan/contracts';
import { deleteStreams, dropDatabase, ensurePeers, eventually, uniquePrefix } from '@vplan/testing';
import mongoose, { type Connection } from 'mongoose';
import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import { widgetCreated, type Widget } from '../fixtures/widget-service.fixture';
import { createLogger } from '../logging/logger';
import { encodeJson } from '../nats/reply';
import { runDurableConsumer, type Delivery, type RunningConsumer } from './consumer';
import { ProcessedEvents } from './processed-events';
import { publishEvent } from './publish';
import { ensureStreams } from './streams';

// Polling waits up to 10 s (eventually's default): let it fail with its own message.
jest.setTimeout(30_000);

describe('JetStream helpers (real NATS and MongoDB-wire server)', () => {
  const prefix = uniquePrefix('jetstream');
  const dbName = `${prefix}_db`;
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    'inventory',
    'info',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          logs.push(JSON.parse(line));
        done();
      },
    }),
  );
  let peers: { natsUrl: string; mongoUri: string };
  let nc: NatsConnection;
  let js: JetStreamClient;
  let db: Connection;
  const consumers: RunningConsumer[] = [];

  beforeAll(async () => {
    peers = await ensurePeers();
    nc = await connect({ servers: peers.natsUrl });
    js = nc.jetstream();
    db = await mongoose.createConnection(peers.mongoUri, { dbName }).asPromise();
    await ensureStreams(await nc.jetstreamManager(), [STREAMS.VPLAN_EVT_INVENTORY], prefix);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await nc?.close();
    await db?.close();
    if (peers) {
      await dropDatabase(peers.mongoUri, dbName);
      await deleteStreams(peers.natsUrl, prefix);
    }
  });

  const widget = (name: string): Widget => ({ id: randomUUID(), name, size: 1 });

  /** A consumer that stores each widget it sees as a new document (not idempotent on purpose). */
  async function storingConsumer(
    durable: string,
    opts: { failFirst?: Set<string>; processed?: ProcessedEvents } = {},
  ) {
    const seen: Delivery<Widget>[] = [];
    const attempts: Record<string, number> = {};
    const store = db.collection(durable);
    const consumer = await runDurableConsumer({
      js,
      contract: widgetCreated,
      durable,
      prefix,
      logger,
      nakDelayMs: 50,
      ...(opts.processed ? { processed: opts.processed } : {}),
      handler: async (event) => {
        attempts[event.data.name] = (attempts[event.data.name] ?? 0) + 1;
        if (opts.failFirst?.delete(event.data.name)) throw new Error('database hiccup');
        await store.insertOne({ eventId: event.id, name: event.data.name });
        seen.push(event);
      },
    });
    consumers.push(consumer);
    const storedNames = async (name: string) => store.countDocuments({ name });
    return { consumer, seen, attempts, storedNames };
  }

  it('ensures streams idempotently with prefixed names and subjects', async () => {
    const jsm = await nc.jetstreamManager();
    const again = await ensureStreams(jsm, [STREAMS.VPLAN_EVT_INVENTORY], prefix);
    expect(again).toEqual([prefixed(prefix, 'VPLAN_EVT_INVENTORY')]);
    const info = await jsm.streams.info(prefixed(prefix, 'VPLAN_EVT_INVENTORY'));
    expect(info.config.subjects).toEqual([`${prefix}.vplan.evt.inventory.>`]);
    expect(info.config.duplicate_window).toBe(2 * 60 * 1e9);
  });

  it('runs the handler once for an event published twice with the same id', async () => {
    const c = await storingConsumer('dedup');
    const w = widget('twice');
    const id = randomUUID();
    const first = await publishEvent(js, widgetCreated, w, {
      id,
      prefix,
      correlationId: 'corr-dedup',
    });
    const second = await publishEvent(js, widgetCreated, w, { id, prefix });
    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    // An event published after them is handled after them: once it is in, they are done.
    await publishEvent(js, widgetCreated, widget('marker'), { prefix });
    await eventually(async () => expect(await c.storedNames('marker')).toBe(1));
    expect(await c.storedNames('twice')).toBe(1);
    expect(c.attempts['twice']).toBe(1);
    expect(c.seen.find((e) => e.id === id)).toMatchObject({
      correlationId: 'corr-dedup',
      data: w,
    });
  });

  it('redelivers an event whose handler threw and stores it once', async () => {
    const c = await storingConsumer('retry', { failFirst: new Set(['flaky']) });
    await publishEvent(js, widgetCreated, widget('flaky'), { prefix });
    await eventually(async () => expect(await c.storedNames('flaky')).toBe(1));
    expect(c.attempts['flaky']).toBe(2);
    await publishEvent(js, widgetCreated, widget('after-flaky'), { prefix });
    await eventually(async () => expect(await c.storedNames('after-flaky')).toBe(1));
    expect(await c.storedNames('flaky')).toBe(1);
    expect(
      logs.some(
        (l) => l['msg'] === 'event handler failed; redelivering' && l['durable'] === 'retry',
      ),
    ).toBe(true);
  });

  it('terminates a message that is not a valid event, logging its subject and why', async () => {
    const c = await storingConsumer('poison');
    const subject = prefixed(prefix, widgetCreated.subject);
    await js.publish(subject, new TextEncoder().encode('not json'));
    await js.publish(subject, encodeJson({ id: randomUUID(), data: { name: 'no-envelope' } }));
    await publishEvent(js, widgetCreated, widget('good'), { prefix });
    await eventually(async () => expect(await c.storedNames('good')).toBe(1));
    const dropped = logs.filter((l) => l['msg'] === 'event dropped' && l['durable'] === 'poison');
    expect(dropped.map((l) => [l['subject'], l['why']])).toEqual([
      [subject, 'payload is not valid JSON'],
      [subject, expect.stringContaining('breaks the contract')],
    ]);
    expect(c.seen.map((e) => e.data.name)).not.toContain('no-envelope');
    // Terminated messages are settled: nothing waits for an ack or a redelivery.
    const jsm = await nc.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info(prefixed(prefix, 'VPLAN_EVT_INVENTORY'), 'poison');
      expect([info.num_ack_pending, info.num_pending, info.num_redelivered]).toEqual([0, 0, 0]);
    });
  });

  it('skips an event id it already processed when the server delivers it again', async () => {
    const c = await storingConsumer('idempotent', {
      processed: new ProcessedEvents(db, 'processed'),
    });
    const w = widget('redelivered');
    const envelope = toEnvelope(widgetCreated, w, {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
    });
    const subject = prefixed(prefix, widgetCreated.subject);
    // Published twice without Nats-Msg-Id: JetStream keeps both, as after the window.
    await js.publish(subject, encodeJson(envelope));
    await js.publish(subject, encodeJson(envelope));
    await publishEvent(js, widgetCreated, widget('after-redelivered'), { prefix });
    await eventually(async () => expect(await c.storedNames('after-redelivered')).toBe(1));
    expect(await c.storedNames('redelivered')).toBe(1);
    expect(c.attempts['redelivered']).toBe(1);
    expect(
      await db
        .collection('processed')
        .countDocuments({ _id: `idempotent:${envelope.id}` as never }),
    ).toBe(1);
  });

  it('stops cleanly and resumes from the durable consumer', async () => {
    const first = await storingConsumer('resume');
    await publishEvent(js, widgetCreated, widget('before-stop'), { prefix });
    await eventually(async () => expect(await first.storedNames('before-stop')).toBe(1));
    await first.consumer.stop();
    await publishEvent(js, widgetCreated, widget('while-stopped'), { prefix });
    const second = await storingConsumer('resume');
    await eventually(async () => expect(await second.storedNames('while-stopped')).toBe(1));
    // A new durable starts at the stream's first event; only this test's two matter here.
    const mine = (names: string[]) =>
      names.filter((n) => n === 'before-stop' || n === 'while-stopped');
    expect(mine(first.seen.map((e) => e.data.name))).toEqual(['before-stop']);
    expect(mine(second.seen.map((e) => e.data.name))).toEqual(['while-stopped']);
  });
});

describe('ProcessedEvents', () => {
  const prefix = uniquePrefix('processed');
  let peers: { natsUrl: string; mongoUri: string };
  let db: Connection;

  beforeAll(async () => {
    peers = await ensurePeers();
    db = await mongoose.createConnection(peers.mongoUri, { dbName: prefix }).asPromise();
  });
  afterAll(async () => {
    await db?.close();
    if (peers) await dropDatabase(peers.mongoUri, prefix);
  });

  it('marks an event once per consumer', async () => {
    const processed = new ProcessedEvents(db);
    expect(await processed.seen('a', 'e1')).toBe(false);
    expect(await processed.mark('a', 'e1')).toBe(true);
    expect(await processed.mark('a', 'e1')).toBe(false);
    expect(await processed.seen('a', 'e1')).toBe(true);
    expect(await processed.seen('b', 'e1')).toBe(false);
  });
});
