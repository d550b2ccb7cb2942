import { Writable } from 'node:stream';
import { errorBodySchema, prefixed } from '@vplan/contracts';
import { deleteStreams, dropDatabase, ensurePeers, eventually, uniquePrefix } from '@vplan/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { databaseName, loadConfig } from '../config/config';
import { AppError } from '../errors/app-error';
import {
  WidgetModule,
  WidgetProbe,
  createWidget,
  getWidget,
  orphanWidget,
  slowWidget,
} from '../fixtures/widget-service.fixture';
import { ServiceClient } from '../nats/service-client';
import { decodeJson, encodeJson } from '../nats/reply';
import { createServiceApp, type ServiceApp } from './create-service-app';

const TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789',
};

// Polling waits up to 10 s (eventually's default): let it fail with its own message.
jest.setTimeout(30_000);

describe('createServiceApp (real NATS and MongoDB-wire server)', () => {
  const prefix = uniquePrefix('platform');
  const logLines: string[] = [];
  const probes = [new WidgetProbe('replica-a'), new WidgetProbe('replica-b')];
  let peers: { natsUrl: string; mongoUri: string };
  let services: ServiceApp[] = [];
  let base: string;
  let nc: NatsConnection;
  let client: ServiceClient;
  let dbName: string;

  beforeAll(async () => {
    peers = await ensurePeers();
    const config = loadConfig(undefined, {
      NATS_URL: peers.natsUrl,
      MONGODB_URI: peers.mongoUri,
      VPLAN_PREFIX: prefix,
      VPLAN_API_KEYS: Object.entries(TOKENS)
        .map(([role, token]) => `${token}:${role}:${role}-user`)
        .join(','),
      LOG_LEVEL: 'info',
    });
    dbName = databaseName(config, 'inventory');
    const logDestination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    services = await Promise.all(
      probes.map((probe) =>
        createServiceApp({
          name: 'inventory',
          module: WidgetModule.with(probe),
          config,
          logDestination,
        }),
      ),
    );
    base = `${await services[0]!.listen(0)}/inventory`;
    nc = await connect({ servers: peers.natsUrl });
    client = new ServiceClient({ connection: nc, prefix, timeoutMs: 5000 });
  });

  afterAll(async () => {
    for (const probe of probes) probe.release();
    await nc?.close();
    await Promise.all(services.map((s) => s.close()));
    if (peers) {
      await dropDatabase(peers.mongoUri, dbName);
      await deleteStreams(peers.natsUrl, prefix);
    }
  });

  const http = (path: string, init: RequestInit & { token?: keyof typeof TOKENS } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
    if (init.body) headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, { ...init, headers });
  };

  describe('HTTP', () => {
    it('answers health without a token: live, and ready with NATS and MongoDB up', async () => {
      const live = await http('/health/live');
      expect(live.status).toBe(200);
      const ready = await http('/health/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { nats: 'up', mongodb: 'up' },
      });
    });

    it('answers 401 without a token or with an unknown one, with the error body', async () => {
      for (const res of [
        await http('/api/v1/widgets', { method: 'POST', body: '{}' }),
        await http('/api/v1/widgets/x', {
          headers: { authorization: 'Bearer not-a-real-token-123' },
        }),
        await http('/metrics'),
      ]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        const body = errorBodySchema.parse(await res.json());
        expect(body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('answers 403 when the role is too weak', async () => {
      const res = await http('/api/v1/widgets', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({ name: 'w', size: 1 }),
      });
      expect(res.status).toBe(403);
      expect(errorBodySchema.parse(await res.json()).error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'role operator or stronger is required',
      });
      const purge = await http('/api/v1/widgets/x/purge', { method: 'POST', token: 'operator' });
      expect(purge.status).toBe(403);
    });

    it('answers 400 naming each bad field of the body', async () => {
      const res = await http('/api/v1/widgets', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({ name: '', size: 2.5, colour: 'red' }),
      });
      expect(res.status).toBe(400);
      const { error } = errorBodySchema.parse(await res.json());
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.details?.map((d) => d.path).sort()).toEqual(['(root)', 'name', 'size']);
      expect(error.details?.find((d) => d.path === '(root)')?.message).toContain('colour');
      expect(error.correlationId).toBe(res.headers.get('x-correlation-id'));
    });

    it('answers 400 to a body that is not JSON', async () => {
      const res = await http('/api/v1/widgets', {
        method: 'POST',
        token: 'operator',
        body: '{"name":',
      });
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('BAD_REQUEST');
    });

    it('answers 404 with the error body for an unknown route', async () => {
      const res = await http('/api/v1/nothing-here', { token: 'viewer' });
      expect(res.status).toBe(404);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('NOT_FOUND');
    });

    it('creates with a strong enough role, keeps the correlation id and audits the call', async () => {
      const res = await http('/api/v1/widgets', {
        method: 'POST',
        token: 'admin',
        headers: { 'x-correlation-id': `${prefix}-create-1` },
        body: JSON.stringify({ name: 'gear', size: 3 }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-correlation-id')).toBe(`${prefix}-create-1`);
      const created = (await res.json()) as {
        id: string;
        createdBy: string;
        correlationId: string;
      };
      expect(created).toMatchObject({ name: 'gear', size: 3, createdBy: 'admin-user' });
      expect(created.correlationId).toBe(`${prefix}-create-1`);

      const record = await eventually(async () => {
        const found = await auditRecords(`${prefix}-create-1`);
        if (found.length !== 1) throw new Error(`audit records: ${found.length}`);
        return found[0]!;
      });
      expect(record).toMatchObject({
        service: 'inventory',
        principal: { name: 'admin-user', role: 'admin' },
        method: 'POST',
        target: '/inventory/api/v1/widgets',
        status: 201,
        targetIds: [created.id],
      });
      expect(JSON.stringify(record)).not.toContain(TOKENS.admin);
      expect(logLines.some((l) => l.includes(`"correlationId":"${prefix}-create-1"`))).toBe(true);
    });

    it('audits refused mutating calls too', async () => {
      await http('/api/v1/widgets/w-9/purge', {
        method: 'POST',
        token: 'viewer',
        headers: { 'x-correlation-id': `${prefix}-refused` },
      });
      const [record] = await eventually(async () => {
        const found = await auditRecords(`${prefix}-refused`);
        if (found.length !== 1) throw new Error(`audit records: ${found.length}`);
        return found;
      });
      expect(record).toMatchObject({
        principal: { name: 'viewer-user', role: 'viewer' },
        status: 403,
      });
    });

    it('carries the HTTP correlation id into outgoing NATS requests', async () => {
      const res = await http('/api/v1/widgets/whoami', {
        token: 'viewer',
        headers: { 'x-correlation-id': `${prefix}-chain` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { http: string; nats: { correlationId: string } };
      expect(body.http).toBe(`${prefix}-chain`);
      expect(body.nats.correlationId).toBe(`${prefix}-chain`);
    });

    it('maps a NATS error reply back to its HTTP status', async () => {
      const res = await http('/api/v1/widgets/missing-widget', { token: 'viewer' });
      expect(res.status).toBe(404);
      expect(errorBodySchema.parse(await res.json()).error.message).toBe(
        'widget missing-widget not found',
      );
    });

    it('serves Prometheus metrics to a viewer', async () => {
      const res = await http('/metrics', { token: 'viewer' });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('vplan_http_request_duration_seconds_bucket');
      expect(text).toMatch(/route="\/inventory\/api\/v1\/widgets",method="POST",status="201"/);
      expect(text).toContain('process_cpu_user_seconds_total');
    });

    it('serves the OpenAPI document to a viewer, with bearer auth and the zod body schema', async () => {
      for (const path of ['/docs', '/docs-json', '/docs-yaml']) {
        expect({ path, status: (await http(path)).status }).toEqual({ path, status: 401 });
      }
      expect((await http('/docs', { token: 'viewer' })).status).toBe(200);
      const res = await http('/docs-json', { token: 'viewer' });
      expect(res.status).toBe(200);
      const doc = (await res.json()) as {
        components: { securitySchemes: Record<string, { scheme: string }> };
        paths: Record<string, Record<string, { requestBody?: unknown }>>;
      };
      expect(doc.components.securitySchemes['bearer']?.scheme).toBe('bearer');
      expect(
        JSON.stringify(doc.paths['/inventory/api/v1/widgets']?.['post']?.requestBody),
      ).toContain('"size"');
    });
  });

  describe('NATS request/reply', () => {
    it('spreads requests over the queue group: each is handled by exactly one replica', async () => {
      const res = await http('/api/v1/widgets', {
        method: 'POST',
        token: 'operator',
        body: JSON.stringify({ name: 'spread', size: 1 }),
      });
      const { id } = (await res.json()) as { id: string };
      for (const p of probes) p.handled.length = 0;
      const replies = await Promise.all(
        Array.from({ length: 40 }, () => client.request(getWidget, { id })),
      );
      expect(replies.every((r) => r.name === 'spread')).toBe(true);
      expect(probes[0]!.handled.length + probes[1]!.handled.length).toBe(40);
      expect(new Set(replies.map((r) => r.servedBy))).toEqual(new Set(['replica-a', 'replica-b']));
    });

    it('replies BAD_REQUEST naming the field to a payload that breaks the contract', async () => {
      const h = natsHeaders();
      h.set('x-correlation-id', `${prefix}-nats-bad`);
      const msg = await nc.request(prefixed(prefix, getWidget.subject), encodeJson({ id: 7 }), {
        timeout: 5000,
        headers: h,
      });
      expect(msg.headers?.get('x-correlation-id')).toBe(`${prefix}-nats-bad`);
      const reply = decodeJson(msg.data) as {
        ok: boolean;
        error: { code: string; details: unknown[] };
      };
      expect(reply.ok).toBe(false);
      expect(errorBodySchema.parse({ error: reply.error }).error).toMatchObject({
        code: 'BAD_REQUEST',
        details: [{ path: 'id' }],
        correlationId: `${prefix}-nats-bad`,
      });
    });

    it('replies BAD_REQUEST to a payload that is not JSON', async () => {
      const msg = await nc.request(
        prefixed(prefix, getWidget.subject),
        new TextEncoder().encode('{'),
        {
          timeout: 5000,
        },
      );
      expect(decodeJson(msg.data)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it('gives the ServiceClient the remote error code, TIMEOUT and UNAVAILABLE', async () => {
      await expect(client.request(getWidget, { id: 'nope' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'widget nope not found',
      });
      await expect(client.request(slowWidget, {}, { timeoutMs: 300 })).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
      await expect(client.request(orphanWidget, {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      const bad = client.request(getWidget, { id: '' });
      await expect(bad).rejects.toBeInstanceOf(AppError);
      await expect(bad).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('audits NATS handlers declared mutating', async () => {
      const created = await client.request(createWidget, { name: 'via-nats', size: 9 });
      const records = await eventually(async () => {
        const found = (await auditCollection().find({ method: 'NATS' }).toArray()) as unknown as {
          target: string;
          targetIds: string[];
          status: string;
          principal: unknown;
        }[];
        const mine = found.filter((r) => r.targetIds.includes(created.id));
        if (mine.length !== 1) throw new Error(`NATS audit records: ${mine.length}`);
        return mine;
      });
      expect(records[0]).toMatchObject({
        target: prefixed(prefix, createWidget.subject),
        status: 'ok',
        principal: { name: 'nats', role: 'internal' },
      });
    });
  });

  function auditCollection() {
    return services[0]!.app.get<string, Connection>(getConnectionToken()).collection('audit');
  }
  async function auditRecords(correlationId: string): Promise<Record<string, unknown>[]> {
    return (await auditCollection().find({ correlationId }).toArray()) as Record<string, unknown>[];
  }
});
