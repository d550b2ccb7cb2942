import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  DISCOVERY,
  STREAMS,
  errorBodySchema,
  eventEnvelopeSchema,
  observationSchema,
  prefixed,
  type Observation,
} from '@vplan/contracts';
import { inventoryToCsv, parseInventoryCsv } from '@vplan/formats';
import type { ServiceApp, ServiceClient } from '@vplan/platform';
import { TEST_TOKENS, startTestService, type TestService } from '@vplan/service-testing';
import { generateEstate } from '@vplan/simulation';
import { eventually, uniquePrefix } from '@vplan/testing';
import type { Connection } from 'mongoose';
import { AckPolicy, DeliverPolicy, type NatsConnection } from 'nats';
import { loadDiscoveryConfig } from './config';
import { DiscoveryModule } from './discovery.module';

jest.setTimeout(60_000);

const TOKENS = TEST_TOKENS;
const SECRET = `Pa55-${randomBytes(12).toString('hex')}`;
const SNMP_PRIV = `priv-${randomBytes(12).toString('hex')}`;
const envelope = eventEnvelopeSchema(observationSchema);

describe('discovery service (real NATS and MongoDB-wire server)', () => {
  const prefix = uniquePrefix('discovery');
  let logLines: string[] = [];
  let h: TestService;
  let service: ServiceApp;
  let base: string;
  let nc: NatsConnection;
  let client: ServiceClient;

  beforeAll(async () => {
    h = await startTestService({
      name: 'discovery',
      module: DiscoveryModule,
      prefix,
      config: (env) => loadDiscoveryConfig(env),
      // Scans stay pending here (their validation is tested); scan-runner.int-spec.ts runs them.
      env: {
        VPLAN_DISCOVERY_KEY: randomBytes(32).toString('base64'),
        VPLAN_DISCOVERY_SCANS: 'off',
      },
      logLevel: 'trace',
    });
    ({ service, nc, client, logs: logLines } = h);
    base = `${h.base}/api/v1`;
  });

  afterAll(async () => {
    await h?.close();
  });

  const http = (
    route: string,
    init: RequestInit & { token?: keyof typeof TOKENS; type?: string } = {},
  ) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
    if (init.body) headers.set('content-type', init.type ?? 'application/json');
    return fetch(`${base}${route}`, { ...init, headers });
  };
  const db = () => service.app.get<string, Connection>(getConnectionToken());

  describe('credentials', () => {
    it('round-trips a credential without the secret anywhere: responses, list, stored document, audit, logs', async () => {
      const created = await http('/credentials', {
        method: 'POST',
        token: 'admin',
        body: JSON.stringify({
          name: 'linux root',
          kind: 'ssh-password',
          username: 'root',
          secret: SECRET,
        }),
      });
      expect(created.status).toBe(201);
      const createdText = await created.text();
      const credential = JSON.parse(createdText) as { id: string };
      expect(credential).toMatchObject({
        name: 'linux root',
        kind: 'ssh-password',
        username: 'root',
        createdBy: 'admin-user',
      });

      const snmp = await client.request(DISCOVERY.createCredential, {
        name: 'snmp v3',
        kind: 'snmp-v3',
        username: 'monitor',
        secret: { auth: SECRET, priv: SNMP_PRIV },
      });

      const one = await (await http(`/credentials/${credential.id}`, { token: 'operator' })).text();
      const list = await (await http('/credentials', { token: 'operator' })).text();
      const listed = JSON.parse(list) as { items: { id: string }[] };
      expect(listed.items.map((c) => c.id).sort()).toEqual([credential.id, snmp.id].sort());
      const viaNats = JSON.stringify(await client.request(DISCOVERY.listCredentials, {}));
      const stored = JSON.stringify(await db().collection('credentials').find({}).toArray());
      expect(stored).toContain('"alg":"A256GCM"');
      const audit = await eventually(async () => {
        const records = await db().collection('audit').find({}).toArray();
        if (!records.some((r) => (r['targetIds'] as string[]).includes(snmp.id)))
          throw new Error('no NATS audit yet');
        if (!records.some((r) => r['method'] === 'POST')) throw new Error('no HTTP audit yet');
        return JSON.stringify(records);
      });
      expect(audit).toContain(credential.id);
      for (const text of [createdText, one, list, viaNats, stored, audit, logLines.join('\n')]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(SNMP_PRIV);
      }
      expect(logLines.length).toBeGreaterThan(0);

      // A bad request that carries the secret does not echo it either.
      const bad = await http('/credentials', {
        method: 'POST',
        token: 'admin',
        body: JSON.stringify({ name: 'x', kind: 'telnet', secret: SECRET }),
      });
      expect(bad.status).toBe(400);
      const badText = await bad.text();
      expect(errorBodySchema.parse(JSON.parse(badText)).error.details?.map((d) => d.path)).toEqual([
        'kind',
      ]);
      expect(badText).not.toContain(SECRET);

      const again = await http('/credentials', {
        method: 'POST',
        token: 'admin',
        body: JSON.stringify({ name: 'linux root', kind: 'ssh-key', secret: 'k' }),
      });
      expect(again.status).toBe(409);
    });

    it('keeps the secret readable for the probes, with the key of the environment', async () => {
      const { CredentialsService } = await import('./credentials/credentials.service');
      const [snmp] = (await client.request(DISCOVERY.listCredentials, {})).items.filter(
        (c) => c.kind === 'snmp-v3',
      );
      expect(await service.app.get(CredentialsService).secretOf(snmp!.id)).toEqual({
        auth: SECRET,
        priv: SNMP_PRIV,
      });
    });

    it('deletes (admin only) and answers 401/403', async () => {
      const created = await client.request(DISCOVERY.createCredential, {
        name: 'temp',
        kind: 'vsphere',
        secret: 'x1',
      });
      expect((await http('/credentials')).status).toBe(401);
      expect((await http('/credentials', { token: 'viewer' })).status).toBe(403);
      expect(
        (
          await http('/credentials', {
            method: 'POST',
            token: 'operator',
            body: JSON.stringify({ name: 'n', kind: 'vsphere', secret: 's' }),
          })
        ).status,
      ).toBe(403);
      expect(
        (await http(`/credentials/${created.id}`, { method: 'DELETE', token: 'operator' })).status,
      ).toBe(403);
      const del = await http(`/credentials/${created.id}`, { method: 'DELETE', token: 'admin' });
      expect(await del.json()).toEqual({ id: created.id, deleted: true });
      expect((await http(`/credentials/${created.id}`, { token: 'operator' })).status).toBe(404);
      expect(
        await db()
          .collection('credentials')
          .countDocuments({ _id: created.id as never }),
      ).toBe(0);
    });
  });

  describe('scans', () => {
    it('stores a valid scan as pending, with canonical targets', async () => {
      const { items } = await client.request(DISCOVERY.listCredentials, {});
      const res = await http('/scans', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({
          name: 'ams1 servers',
          targets: ['10.1.2.7/24', 'DB-01.ams1.example.com', '10.9.9.9'],
          credentialIds: [items[0]!.id],
        }),
      });
      expect(res.status).toBe(201);
      const scan = (await res.json()) as { id: string };
      expect(scan).toMatchObject({
        name: 'ams1 servers',
        status: 'pending',
        cidrs: ['10.1.2.0/24'],
        hosts: ['db-01.ams1.example.com', '10.9.9.9'],
        probes: ['tcp'],
        progress: { targets: 3, done: 0, observations: 0 },
      });
      expect(await (await http(`/scans/${scan.id}`, { token: 'operator' })).json()).toEqual(scan);
      const viaNats = await client.request(DISCOVERY.createScan, {
        hosts: ['web-01'],
        probes: ['ssh'],
      });
      const list = await client.request(DISCOVERY.listScans, { status: 'pending', limit: 1 });
      expect(list.items.map((s) => s.id)).toEqual([viaNats.id]);
      const next = await client.request(DISCOVERY.listScans, {
        status: 'pending',
        limit: 1,
        after: list.next!,
      });
      expect(next.items.map((s) => s.id)).toEqual([scan.id]);
      expect(next.next).toBeUndefined();
    });

    it('answers 400 naming each bad target and unknown credential', async () => {
      const res = await http('/scans', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({
          targets: ['10.0.0.0/8', '10.0.0.300/24', 'no spaces please'],
          credentialIds: [],
        }),
      });
      expect(res.status).toBe(400);
      const { error } = errorBodySchema.parse(await res.json());
      expect(error.details?.map((d) => d.path)).toEqual(['targets.1', 'targets.2']);
      expect(error.details?.[0]?.message).toContain('CIDR notation');
      const unknown = await http('/scans', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({ targets: ['10.0.0.0/8'], credentialIds: ['no-such-credential'] }),
      });
      expect(errorBodySchema.parse(await unknown.json()).error).toMatchObject({
        code: 'BAD_REQUEST',
        details: [{ path: 'credentialIds.0', message: 'no credential no-such-credential' }],
      });
      const empty = await http('/scans', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({ targets: [] }),
      });
      expect(empty.status).toBe(400);
      expect((await http('/scans', { token: 'viewer' })).status).toBe(403);
    });
  });

  describe('imports', () => {
    const estate = generateEstate({ servers: 40, seed: 3, weeks: 2 }).assets;
    const csv = inventoryToCsv(estate);

    /**
     * Consumes every observation event of the stream so far, as inventory will: a pull
     * consumer from the first message, each message acked.
     */
    async function observationEvents(expected: number) {
      const jsm = await nc.jetstreamManager();
      const stream = prefixed(prefix, STREAMS.VPLAN_EVT_DISCOVERY.name);
      const name = `test-${randomBytes(4).toString('hex')}`;
      await jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: prefixed(prefix, DISCOVERY.observationRecorded.subject),
      });
      const consumer = await nc.jetstream().consumers.get(stream, name);
      const seen: { msgId: string | undefined; event: ReturnType<typeof envelope.parse> }[] = [];
      await eventually(
        async () => {
          const batch = await consumer.fetch({
            max_messages: expected - seen.length,
            expires: 1000,
          });
          for await (const m of batch) {
            seen.push({ msgId: m.headers?.get('Nats-Msg-Id'), event: envelope.parse(m.json()) });
            m.ack();
          }
          if (seen.length < expected) throw new Error(`${seen.length} of ${expected} events`);
        },
        { timeoutMs: 20_000 },
      );
      await jsm.consumers.delete(stream, name);
      return seen;
    }

    it('publishes one observation event per row, with the content of the row', async () => {
      const res = await http('/imports?format=inventory-csv&source=cmdb&file=estate.csv', {
        method: 'POST',
        token: 'operator',
        body: csv,
        type: 'text/csv',
      });
      expect(res.status).toBe(201);
      const result = (await res.json()) as { importId: string; observations: number };
      expect(result).toMatchObject({
        observations: 40,
        rows: 40,
        status: 'succeeded',
        source: 'cmdb',
        file: 'estate.csv',
      });

      const events = await observationEvents(40);
      expect(events).toHaveLength(40);
      for (const { msgId, event } of events) expect(msgId).toBe(event.id);
      expect(new Set(events.map((e) => e.event.id)).size).toBe(40);
      const parsed = parseInventoryCsv('estate.csv', csv);
      if (!parsed.ok) throw parsed.error;
      const byAsset = new Map<string, Observation>(
        events.map((e) => [e.event.data.identity.assetId!, e.event.data]),
      );
      expect([...byAsset.keys()].sort()).toEqual(estate.map((a) => a.id).sort());
      for (const asset of parsed.value) {
        const observation = byAsset.get(asset.id)!;
        expect(observation.source).toEqual({
          kind: 'import',
          name: 'cmdb',
          importId: result.importId,
          file: 'estate.csv',
        });
        expect(observation.attributes.business).toEqual(JSON.parse(JSON.stringify(asset.business)));
        expect(observation.attributes.capacity).toEqual(asset.capacity);
        expect(observation.attributes.site).toBe(asset.site);
      }
      expect(
        await (await http(`/imports/${result.importId}`, { token: 'operator' })).json(),
      ).toMatchObject({
        id: result.importId,
        observations: 40,
      });
    });

    it('refuses a bad file naming row and column, and publishes nothing', async () => {
      const lines = csv.split('\n');
      const header = lines[0]!.split(',');
      const coresColumn = header.indexOf('cores') + 1;
      const row = lines[3]!.split(',');
      row[coresColumn - 1] = 'four';
      lines[3] = row.join(',');
      const res = await http('/imports?format=inventory-csv&source=cmdb&file=bad.csv', {
        method: 'POST',
        token: 'operator',
        body: gzipSync(lines.join('\n')),
        type: 'text/csv',
        headers: { 'content-encoding': 'gzip' },
      });
      expect(res.status).toBe(400);
      const { error } = errorBodySchema.parse(await res.json());
      expect(error.details?.[0]?.path).toBe(`bad.csv:4:${coresColumn}`);
      expect(error.message).toMatch(new RegExp(`bad.csv:4:${coresColumn}: cores`));
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(prefixed(prefix, STREAMS.VPLAN_EVT_DISCOVERY.name));
      expect(info.state.messages).toBe(40);

      const viaNats = await client.request(DISCOVERY.importFile, {
        format: 'inventory-csv',
        file: 'bad.csv',
        content: { kind: 'inline', text: lines.join('\n') },
      });
      expect(viaNats).toMatchObject({
        status: 'failed',
        observations: 0,
        error: { code: 'BAD_REQUEST' },
      });
      expect(
        (await jsm.streams.info(prefixed(prefix, STREAMS.VPLAN_EVT_DISCOVERY.name))).state.messages,
      ).toBe(40);
      expect(
        (
          await http('/imports?format=rvtools&source=x', {
            method: 'POST',
            token: 'operator',
            body: csv,
            type: 'text/csv',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await http('/imports?format=inventory-csv&source=x', {
            method: 'POST',
            token: 'viewer',
            body: csv,
            type: 'text/csv',
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('configuration', () => {
    it('refuses to start without a valid VPLAN_DISCOVERY_KEY, naming it and not its value', async () => {
      const serve = path.join(__dirname, '../bin/serve.js');
      const badKey = randomBytes(20).toString('base64');
      const run = (env: NodeJS.ProcessEnv) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          execFile(process.execPath, [serve], { env, timeout: 30_000 }, (error, _stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
          );
        });
      const { VPLAN_DISCOVERY_KEY: _drop, ...env } = process.env;
      const missing = await run({ ...env, PORT: '0' });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('VPLAN_DISCOVERY_KEY: is required');
      const malformed = await run({ ...env, PORT: '0', VPLAN_DISCOVERY_KEY: badKey });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain(
        'VPLAN_DISCOVERY_KEY: must be the base64 of 32 random bytes',
      );
      expect(malformed.stderr).not.toContain(badKey);
    });
  });
});
