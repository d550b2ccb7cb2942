import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  DISCOVERY,
  errorBodySchema,
  type Page,
  type ScanJob,
  type Schedule,
} from '@vplan/contracts';
import { TEST_TOKENS, startTestService, type TestService } from '@vplan/service-testing';
import { eventually, uniquePrefix } from '@vplan/testing';
import type { Connection } from 'mongoose';
import { loadDiscoveryConfig } from '../config';
import { DiscoveryModule } from '../discovery.module';
import { Scheduler } from './scheduler.service';

jest.setTimeout(60_000);

const SECRET = `Pa55-${randomBytes(12).toString('hex')}`;

describe('scan schedules (real NATS and MongoDB-wire server, two replicas on one database)', () => {
  const prefix = uniquePrefix('discovery-schedules');
  const key = randomBytes(32).toString('base64');
  let a: TestService;
  let b: TestService;
  let db: Connection;
  let closedPort: number;

  const boot = () =>
    startTestService({
      name: 'discovery',
      module: DiscoveryModule,
      prefix,
      config: (env) => loadDiscoveryConfig(env),
      env: { VPLAN_DISCOVERY_KEY: key },
    });

  beforeAll(async () => {
    const probe = net.createServer();
    closedPort = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    // The same prefix: the same database and queue group, as two replicas of one release.
    a = await boot();
    b = await boot();
    db = a.service.app.get<string, Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const http = async <T>(
    method: string,
    route: string,
    body?: unknown,
    token: keyof typeof TEST_TOKENS = 'operator',
  ) => {
    const res = await fetch(`${a.base}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_TOKENS[token]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  };

  /** A quick scan of loopback on a closed port, named so its runs can be counted. */
  const scanOf = (name: string) => ({
    name,
    targets: ['127.0.0.1'],
    ports: [closedPort],
    timeoutMs: 1000,
    retries: 0,
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await http<Schedule>('POST', '/schedules', body);
    expect(res.status).toBe(201);
    return res.json;
  };

  /** Moves the due time of schedules into the past, as if their time had come. */
  const makeDue = (ids: string[], agoMs = 60_000) =>
    db
      .collection('schedules')
      .updateMany(
        { _id: { $in: ids as never[] } },
        { $set: { nextRunAt: new Date(Date.now() - agoMs) } },
      );

  const scansNamed = async (name: string) => {
    const { json } = await http<Page<ScanJob>>('GET', '/scans?limit=1000');
    return json.items.filter((s) => s.name === name);
  };

  const schedulers = () => [a, b].map((h) => h.service.app.get(Scheduler));

  const scanned = (id: string, other?: string) =>
    eventually(
      async () => {
        const { json } = await http<Schedule>('GET', `/schedules/${id}`);
        if (!json.lastScanId || json.lastScanId === other) throw new Error(`${id}: no new scan`);
        return json;
      },
      { timeoutMs: 20_000 },
    );

  it('creates a scan of a due `* * * * *` schedule with its id, then runs it no more once disabled', async () => {
    const created = await create({
      name: 'every-minute',
      cron: '* * * * *',
      timeZone: 'Europe/Amsterdam',
      scan: scanOf('every-minute-scan'),
    });
    expect(created).toMatchObject({
      enabled: true,
      timeZone: 'Europe/Amsterdam',
      scan: { hosts: ['127.0.0.1'], cidrs: [], probes: ['tcp'], ports: [closedPort] },
      createdBy: 'operator-user',
    });
    const next = new Date(created.nextRunAt!);
    expect(next.getUTCSeconds()).toBe(0);
    expect(next > new Date(created.createdAt)).toBe(true);
    expect(next.getTime() - Date.parse(created.createdAt)).toBeLessThanOrEqual(60_000);

    await makeDue([created.id]);
    const ran = await scanned(created.id);
    const { json: scan } = await http<ScanJob>('GET', `/scans/${ran.lastScanId!}`);
    expect(scan).toMatchObject({ name: 'every-minute-scan', scheduleId: created.id });
    expect(new Date(ran.nextRunAt!) > new Date(ran.lastRunAt!)).toBe(true);

    const off = await http<Schedule>('POST', `/schedules/${created.id}/disable`, {});
    expect(off.status).toBe(200);
    expect(off.json.enabled).toBe(false);
    expect(off.json.nextRunAt).toBeUndefined();
    // Even with a due time left in the document, a disabled schedule is not claimed.
    await makeDue([created.id]);
    const ticks = await Promise.all(schedulers().map((s) => s.tick()));
    expect(ticks).toEqual([[], []]);
    expect((await http<Schedule>('GET', `/schedules/${created.id}`)).json.lastScanId).toBe(
      ran.lastScanId,
    );

    const on = await a.client.request(DISCOVERY.setScheduleEnabled, {
      id: created.id,
      enabled: true,
    });
    expect(on.enabled).toBe(true);
    expect(new Date(on.nextRunAt!) > new Date()).toBe(true);
    await a.client.request(DISCOVERY.setScheduleEnabled, { id: created.id, enabled: false });
  });

  it('runs a schedule that missed several due times once, and makes it due at its next time', async () => {
    const nightly = await create({
      name: 'nightly',
      cron: '0 2 * * *',
      timeZone: 'Europe/Amsterdam',
      scan: scanOf('nightly-scan'),
    });
    await makeDue([nightly.id], 3 * 86_400_000);
    const ran = await scanned(nightly.id);
    // Both replicas look again: nothing is due any more.
    expect(await Promise.all(schedulers().map((s) => s.tick()))).toEqual([[], []]);
    expect((await scansNamed('nightly-scan')).map((s) => s.id)).toEqual([ran.lastScanId]);
    expect(new Date(ran.nextRunAt!) > new Date()).toBe(true);
    expect(new Date(ran.nextRunAt!).getUTCMinutes()).toBe(0);
  });

  it('creates exactly one scan per due time when two replicas race for eight due schedules', async () => {
    const all: Schedule[] = [];
    for (let i = 0; i < 8; i++) {
      all.push(
        await create({ name: `race-${i}`, cron: '0 0 1 1 *', scan: scanOf(`race-scan-${i}`) }),
      );
    }
    await makeDue(all.map((s) => s.id));
    const [sa, sb] = schedulers();
    const created = (await Promise.all([sa!.tick(), sb!.tick(), sa!.tick(), sb!.tick()])).flat();
    expect(new Set(created).size).toBe(created.length);
    const ran = await Promise.all(all.map((s) => scanned(s.id)));
    for (const [i, s] of ran.entries()) {
      expect((await scansNamed(`race-scan-${i}`)).map((scan) => scan.id)).toEqual([s.lastScanId]);
      expect(s.nextRunAt).toBe(`${new Date().getUTCFullYear() + 1}-01-01T00:00:00.000Z`);
    }
  });

  it('answers 400 naming cron, timeZone, targets or credentials, over HTTP and NATS', async () => {
    const bad = await http<unknown>('POST', '/schedules', {
      name: 'bad',
      cron: '0 0 2 * * *',
      timeZone: 'Mars/Olympus',
      scan: scanOf('x'),
    });
    expect(bad.status).toBe(400);
    const { error } = errorBodySchema.parse(bad.json);
    expect(error.details?.map((d) => d.path)).toEqual(['timeZone', 'cron']);
    expect(error.message).toContain('cron must have 5 fields');
    expect(error.message).toContain('unknown time zone "Mars/Olympus"');

    const value = await http<unknown>('POST', '/schedules', {
      name: 'bad',
      cron: '61 * * * *',
      scan: { targets: ['10.0.0.300/24'], credentialIds: [] },
    });
    expect(errorBodySchema.parse(value.json).error.details).toEqual([
      { path: 'cron', message: 'is not a valid cron expression: Invalid value for minute: 61' },
      { path: 'scan.targets.0', message: expect.any(String) as unknown },
    ]);

    await expect(
      a.client.request(DISCOVERY.createSchedule, {
        name: 'bad',
        cron: '0 2 * * *',
        scan: { hosts: ['127.0.0.1'], probes: ['tcp'], credentialIds: ['no-such-credential'] },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: [{ path: 'scan.credentialIds.0', message: 'no credential no-such-credential' }],
    });
    const viewer = await http<unknown>('POST', '/schedules', {}, 'viewer');
    expect(viewer.status).toBe(403);
    expect((await http<unknown>('GET', '/schedules?limit=0')).status).toBe(400);
  });

  it('keeps a schedule whose scan cannot be created (credential deleted) and logs why', async () => {
    const cred = await http<{ id: string }>(
      'POST',
      '/credentials',
      { name: 'sched-ssh', kind: 'ssh-password', username: 'root', secret: SECRET },
      'admin',
    );
    expect(cred.status).toBe(201);
    const s = await create({
      name: 'with-credential',
      cron: '0 3 * * 0',
      scan: { ...scanOf('with-credential-scan'), credentialIds: [cred.json.id] },
    });
    expect(
      (await http<unknown>('DELETE', `/credentials/${cred.json.id}`, undefined, 'admin')).status,
    ).toBe(200);
    await makeDue([s.id]);
    const line = await eventually(
      () => {
        const found = [...a.logs, ...b.logs].find(
          (l) => l.includes(s.id) && l.includes('not created'),
        );
        if (!found) throw new Error('no log line yet');
        return JSON.parse(found) as { scheduleId: string; err: { code: string; message: string } };
      },
      { timeoutMs: 20_000 },
    );
    expect(line).toMatchObject({
      scheduleId: s.id,
      err: { code: 'BAD_REQUEST', message: `unknown credentials: ${cred.json.id}` },
    });
    const after = await http<Schedule>('GET', `/schedules/${s.id}`);
    expect(after.json.enabled).toBe(true);
    expect(after.json.lastScanId).toBeUndefined();
    expect(new Date(after.json.nextRunAt!) > new Date()).toBe(true);
    const runs = await db.collection('schedule_runs').find({ scheduleId: s.id }).toArray();
    expect(runs.map((r) => r['error'] as unknown)).toEqual([
      { code: 'BAD_REQUEST', message: `unknown credentials: ${cred.json.id}` },
    ]);
    expect([...a.logs, ...b.logs].some((l) => l.includes(SECRET))).toBe(false);
  });

  it('skips a due time whose winner died before moving the schedule on, without a scan', async () => {
    const s = await create({ name: 'orphan', cron: '0 4 * * *', scan: scanOf('orphan-scan') });
    await db
      .collection('schedules')
      .updateOne({ _id: s.id as never }, { $set: { enabled: false } });
    const dueAt = new Date(Date.now() - 300_000);
    await db
      .collection('schedules')
      .updateOne({ _id: s.id as never }, { $set: { nextRunAt: dueAt } });
    // A replica claimed this due time two minutes ago and never came back.
    await db.collection('schedule_runs').insertOne({
      _id: `${s.id}@${dueAt.toISOString()}` as never,
      scheduleId: s.id,
      dueAt,
      claimedAt: new Date(Date.now() - 120_000),
    });
    await db.collection('schedules').updateOne({ _id: s.id as never }, { $set: { enabled: true } });
    const [sa] = schedulers();
    expect(await sa!.tick()).toEqual([]);
    const after = await http<Schedule>('GET', `/schedules/${s.id}`);
    expect(new Date(after.json.nextRunAt!) > new Date()).toBe(true);
    expect(after.json.lastScanId).toBeUndefined();
    expect(await scansNamed('orphan-scan')).toEqual([]);
  });

  it('lists newest first in pages, and deletes', async () => {
    const page = await http<Page<Schedule>>('GET', '/schedules?limit=2');
    expect(page.json.items.map((s) => s.name)).toEqual(['orphan', 'with-credential']);
    const rest = await a.client.request(DISCOVERY.listSchedules, {
      limit: 1000,
      after: page.json.next!,
    });
    expect(rest.items.map((s) => s.name).slice(0, 2)).toEqual(['race-7', 'race-6']);
    expect(rest.items.at(-1)?.name).toBe('every-minute');
    expect(rest.next).toBeUndefined();

    const gone = page.json.items[0]!.id;
    expect(await http('DELETE', `/schedules/${gone}`)).toEqual({
      status: 200,
      json: { id: gone, deleted: true },
    });
    expect((await http('GET', `/schedules/${gone}`)).status).toBe(404);
    expect((await http('DELETE', `/schedules/${gone}`)).status).toBe(404);
    expect(await a.client.request(DISCOVERY.deleteSchedule, { id: gone })).toEqual({
      id: gone,
      deleted: false,
    });
    expect((await http('POST', `/schedules/${gone}/enable`, {})).status).toBe(404);
  });
});
