import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import net from 'node:net';
import {
  DISCOVERY,
  errorBodySchema,
  eventEnvelopeSchema,
  observationSchema,
  scanJobSchema,
} from '@vplan/contracts';
import { startTestService, type TestService } from '@vplan/service-testing';
import {
  eventually,
  startSynDropListener,
  uniquePrefix,
  type SynDropListener,
} from '@vplan/testing';
import type { Connection } from 'mongoose';
import { loadDiscoveryConfig } from '../config';
import { DiscoveryModule } from '../discovery.module';
import { eventIdOf } from './scan-observations';
import { scanHelpers } from './scan-runner.fixture';
import { ScansService } from './scans.service';

jest.setTimeout(60_000);

const observations = eventEnvelopeSchema(observationSchema);
const updates = eventEnvelopeSchema(scanJobSchema);

describe('scan runner (real NATS, MongoDB-wire server and TCP listeners)', () => {
  const prefix = uniquePrefix('discovery-scans');
  let h: TestService;
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
  });

  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => listener?.close(resolve));
    await drop?.stop();
  });

  const { http, until, eventsOf } = scanHelpers(() => h, prefix);

  it('sweeps 127.0.0.1/32, finds the listener and publishes its observation once, also when run again', async () => {
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
      progress: { targets: 1, observations: 1, machines: 1, samples: 0, phase: 'publish' },
      ports: [port, expect.any(Number) as unknown],
      notes: ['ssh: skipped: no usable ssh-password or ssh-key credential in credentialIds'],
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
        observationId: expect.stringMatching(new RegExp(`^${created.json.id}-[0-9a-f]{24}$`)),
        source: { kind: 'probe', name: 'tcp', scanId: created.json.id },
        observedAt: expect.any(String) as unknown,
        identity: { ips: ['127.0.0.1'] },
        attributes: {
          custom: expect.objectContaining({
            open_ports: String(port),
            ips: '127.0.0.1',
            sources: 'tcp (127.0.0.1)',
          }) as unknown,
        },
      },
    ]);
    // The event id derives from the observation id: a re-run of the scan is de-duplicated.
    expect(events[0]!.id).toBe(eventIdOf(events[0]!.data.observationId));

    const statuses = (await eventsOf(DISCOVERY.scanUpdated.subject))
      .map((e) => updates.parse(e).data)
      .filter((s) => s.id === created.json.id)
      .map((s) => s.status);
    expect(statuses).toEqual(['running', 'succeeded']);

    // Given back (as on a shutdown: pending, next claim generation) and run again: the same
    // ids, dropped by JetStream.
    const db = h.service.app.get<string, Connection>(getConnectionToken());
    await db
      .collection('scans')
      .updateOne(
        { _id: created.json.id as never },
        { $set: { status: 'pending' }, $inc: { attempts: 1 } },
      );
    await eventually(async () => {
      const statuses = (await eventsOf(DISCOVERY.scanUpdated.subject))
        .map((e) => updates.parse(e).data)
        .filter((s) => s.id === created.json.id);
      if (statuses.length < 4) throw new Error('not run again yet');
      expect(statuses[3]).toMatchObject({ status: 'succeeded', progress: { observations: 1 } });
    });
    const again = (await eventsOf(DISCOVERY.observationRecorded.subject))
      .map((e) => observations.parse(e))
      .filter((e) => e.data.source.scanId === created.json.id);
    expect(again.map((e) => e.id)).toEqual([events[0]!.id]);
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

  it('refuses at create a credential whose kind does not fit where it is used, naming targets over HTTP', async () => {
    const ssh = await h.client.request(DISCOVERY.createCredential, {
      name: 'ssh for the wrong place',
      kind: 'ssh-password',
      username: 'ops',
      secret: 'not-used-1',
    });
    const res = await http('/scans', {
      targets: ['127.0.0.1'],
      probes: ['vsphere', 'prometheus'],
      vcenters: [{ url: 'https://vc.example.com/sdk', credentialId: ssh.id }],
      prometheus: [{ url: 'http://prom.example.com:9090', credentialId: 'no-such' }],
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.json).error.details).toEqual([
      {
        path: 'vcenters.0.credentialId',
        message: `credential ${ssh.id} is ssh-password: here it must be vsphere`,
      },
      { path: 'prometheus.0.credentialId', message: 'no credential no-such' },
    ]);
    const nothing = await http('/scans', { targets: [] });
    expect(nothing.status).toBe(400);
    expect(errorBodySchema.parse(nothing.json).error.details).toEqual([
      {
        path: 'targets',
        message: 'give at least one of targets, vcenters, prometheus or kubernetes',
      },
    ]);
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

  it('gives each pending scan to exactly one of many racing claims (the runner too)', async () => {
    const scans = h.service.app.get(ScansService);
    const created = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        scans.create({
          ...DISCOVERY.createScan.request.parse({ hosts: [`race-${i}.invalid`], probes: ['tcp'] }),
        }),
      ),
    );
    const won = (await Promise.all(Array.from({ length: 8 }, () => scans.claimNext()))).filter(
      (c) => c !== undefined,
    );
    const mine = new Set(created.map((c) => c.id));
    const ids = won.map((c) => c._id).filter((id) => mine.has(id));
    expect(new Set(ids).size).toBe(ids.length);
    // Every scan claimed once over all: by these calls or by the service's own runner.
    const running = await eventually(async () => {
      const statuses = (await eventsOf(DISCOVERY.scanUpdated.subject))
        .map((e) => updates.parse(e).data)
        .filter((s) => mine.has(s.id) && s.status === 'running');
      if (statuses.length < 4) throw new Error(`${statuses.length} claims so far`);
      return statuses;
    });
    expect(running.map((s) => s.id).sort()).toEqual([...mine].sort());
    for (const c of won)
      await scans.finish(c._id, {
        status: 'cancelled',
        progress: { targets: 0, done: 0, observations: 0 },
      });
  });
});
