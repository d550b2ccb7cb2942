import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import net from 'node:net';
import {
  DISCOVERY,
  STREAMS,
  eventEnvelopeSchema,
  observationSchema,
  prefixed,
  scanJobSchema,
  type ScanJob,
} from '@vplan/contracts';
import { TEST_TOKENS, startTestService, type TestService } from '@vplan/service-testing';
import {
  eventually,
  startSynDropListener,
  uniquePrefix,
  type SynDropListener,
} from '@vplan/testing';
import type { Connection } from 'mongoose';
import { AckPolicy, DeliverPolicy, type NatsConnection } from 'nats';
import { loadDiscoveryConfig } from '../config';
import { DiscoveryModule } from '../discovery.module';

jest.setTimeout(60_000);

const observations = eventEnvelopeSchema(observationSchema);
const updates = eventEnvelopeSchema(scanJobSchema);

describe('scan runner (real NATS, MongoDB-wire server and TCP listeners)', () => {
  const prefix = uniquePrefix('discovery-scans');
  let h: TestService;
  let nc: NatsConnection;
  let base: string;
  let listener: net.Server;
  let port: number;
  let drop: SynDropListener;

  beforeAll(async () => {
    listener = net.createServer((socket) => socket.on('error', () => undefined));
    port = await new Promise<number>((resolve) =>
      listener.listen(0, '127.0.0.1', () => resolve((listener.address() as net.AddressInfo).port)),
    );
    // Every loopback address drops SYNs to this port: a range whose connects all time out.
    drop = await startSynDropListener('0.0.0.0');
    h = await startTestService({
      name: 'discovery',
      module: DiscoveryModule,
      prefix,
      config: (env) => loadDiscoveryConfig(env),
      env: { VPLAN_DISCOVERY_KEY: randomBytes(32).toString('base64') },
    });
    ({ nc } = h);
    base = `${h.base}/api/v1`;
  });

  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => listener?.close(resolve));
    await drop?.stop();
  });

  const http = async (route: string, body?: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${TEST_TOKENS.operator}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as ScanJob };
  };

  const until = (id: string, status: ScanJob['status'], timeoutMs = 20_000) =>
    eventually(
      async () => {
        const { json } = await http(`/scans/${id}`);
        if (json.status !== status)
          throw new Error(
            `scan ${id} is ${json.status}, not ${status}${json.error ? `: ${json.error.message}` : ''}`,
          );
        return json;
      },
      { timeoutMs },
    );

  /** Every event of one subject on the discovery stream so far. */
  async function eventsOf(subject: string): Promise<unknown[]> {
    const jsm = await nc.jetstreamManager();
    const stream = prefixed(prefix, STREAMS.VPLAN_EVT_DISCOVERY.name);
    const name = `test-${randomBytes(4).toString('hex')}`;
    await jsm.consumers.add(stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: prefixed(prefix, subject),
    });
    const consumer = await nc.jetstream().consumers.get(stream, name);
    const pending = (await consumer.info()).num_pending;
    const seen: unknown[] = [];
    while (seen.length < pending) {
      const batch = await consumer.fetch({ max_messages: pending - seen.length, expires: 1000 });
      for await (const m of batch) {
        seen.push(m.json());
        m.ack();
      }
    }
    await jsm.consumers.delete(stream, name);
    return seen;
  }

  it('sweeps 127.0.0.1/32, finds the listener and publishes its observation', async () => {
    const created = await http('/scans', {
      name: 'loopback',
      targets: ['127.0.0.1/32'],
      probes: ['tcp', 'ssh'],
      ports: [port, drop.port === port ? port + 1 : 1],
      timeoutMs: 1000,
    });
    expect(created.status).toBe(201);
    const done = await until(created.json.id, 'succeeded');
    expect(done).toMatchObject({
      progress: { targets: 1, done: 1, observations: 1 },
      ports: [port, expect.any(Number) as unknown],
      notes: ['ssh: skipped: no ssh probe in this release (only tcp runs)'],
    });
    expect(done.startedAt).toBeDefined();
    expect(done.finishedAt).toBeDefined();

    const events = await eventually(async () => {
      const all = (await eventsOf(DISCOVERY.observationRecorded.subject)).map((e) =>
        observations.parse(e),
      );
      const mine = all.filter((e) => e.data.source.scanId === created.json.id);
      if (mine.length === 0) throw new Error('no observation yet');
      return mine;
    });
    expect(events.map((e) => e.data)).toEqual([
      {
        observationId: `${created.json.id}-1`,
        source: { kind: 'probe', name: 'tcp', scanId: created.json.id },
        observedAt: expect.any(String) as unknown,
        identity: { ips: ['127.0.0.1'] },
        attributes: { custom: { open_ports: String(port) } },
      },
    ]);

    const statuses = (await eventsOf(DISCOVERY.scanUpdated.subject))
      .map((e) => updates.parse(e).data)
      .filter((s) => s.id === created.json.id)
      .map((s) => s.status);
    expect(statuses).toEqual(['running', 'succeeded']);
  });

  it('cancels a running scan of a /20 whose connects time out, quickly', async () => {
    const created = await h.client.request(DISCOVERY.createScan, {
      cidrs: ['127.1.16.0/20'],
      probes: ['tcp'],
      ports: [drop.port],
      timeoutMs: 30_000,
      retries: 0,
      concurrency: 16,
    });
    await until(created.id, 'running');
    await eventually(async () => {
      const { json } = await http(`/scans/${created.id}`);
      if (json.progress.targets !== 4094) throw new Error('targets not expanded yet');
    });
    const asked = performance.now();
    const cancel = await http(`/scans/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    const cancelled = await until(created.id, 'cancelled', 5000);
    expect(performance.now() - asked).toBeLessThan(5000);
    expect(cancelled.progress).toMatchObject({ targets: 4094, done: 0, observations: 0 });
    expect(cancelled.finishedAt).toBeDefined();
  });

  it('cancels a pending scan at once over NATS, and a running one flagged by another replica', async () => {
    const slow = {
      cidrs: ['127.2.16.0/20'],
      probes: ['tcp' as const],
      ports: [drop.port],
      timeoutMs: 30_000,
      retries: 0,
    };
    const busy = await h.client.request(DISCOVERY.createScan, slow);
    await until(busy.id, 'running');
    const waiting = await h.client.request(DISCOVERY.createScan, slow);
    const cancelled = await h.client.request(DISCOVERY.cancelScan, { id: waiting.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await http(`/scans/${waiting.id}`)).json.status).toBe('cancelled');

    // Another replica's cancel only sets the flag; the runner sees it at its next progress tick.
    const db = h.service.app.get<string, Connection>(getConnectionToken());
    await db
      .collection('scans')
      .updateOne({ _id: busy.id as never }, { $set: { cancelRequested: true } });
    await until(busy.id, 'cancelled', 5000);
  });

  it('fails a scan whose ranges expand above the bound, naming the count', async () => {
    const big = await h.client.request(DISCOVERY.createScan, {
      cidrs: ['10.0.0.0/8'],
      probes: ['tcp'],
    });
    const failed = await until(big.id, 'failed');
    expect(failed.error).toEqual({
      code: 'BAD_REQUEST',
      message:
        'the targets expand to 16777214 addresses, more than the 65536 allowed in one scan: split the ranges',
    });
    const again = await h.client.request(DISCOVERY.cancelScan, { id: big.id });
    expect(again.status).toBe('failed');
    expect((await http('/scans/no-such-scan/cancel', {})).status).toBe(404);
  });
});
