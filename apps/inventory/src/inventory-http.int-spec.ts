import { gzipSync } from 'node:zlib';
import {
  assetHistoryPageSchema,
  assetPageSchema,
  assetRecordSchema,
  errorBodySchema,
  INVENTORY,
  type AssetPage,
  type AssetRecord,
} from '@vplan/contracts';
import { parseInventoryCsv } from '@vplan/formats';
import { generatedInventoryCsv, startInventory, type InventoryHarness } from './inventory.fixture';

// Polling waits up to 10 s (eventually's default); an import of 300 assets takes a few.
jest.setTimeout(60_000);

describe('inventory over HTTP (real NATS and MongoDB-wire server)', () => {
  const csv = generatedInventoryCsv(300);
  const fileOrder = (() => {
    const parsed = parseInventoryCsv('inventory.csv', csv);
    if (!parsed.ok) throw parsed.error;
    return parsed.value;
  })();
  let h: InventoryHarness;
  let importId: string;

  beforeAll(async () => {
    h = await startInventory('invhttp');
  });
  afterAll(async () => {
    await h?.close();
  });

  const importCsv = (text: string | Buffer, source = 'estate.csv', contentType = 'text/csv') =>
    h.http(`/api/v1/imports?source=${encodeURIComponent(source)}`, {
      method: 'POST',
      token: 'operator',
      contentType,
      body: text,
    });

  /** Every asset matching `query`, page by page (checks each page on the way). */
  async function readAll(query: string, limit: number): Promise<{ pages: number; ids: string[] }> {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const sep = query ? '&' : '';
      const cursor = after ? `&after=${encodeURIComponent(after)}` : '';
      const res = await h.http(`/api/v1/assets?${query}${sep}limit=${limit}${cursor}`, {
        token: 'viewer',
      });
      expect(res.status).toBe(200);
      const page: AssetPage = assetPageSchema.parse(await res.json());
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((r) => r.asset.id));
      after = page.next;
      pages++;
    } while (after);
    return { pages, ids };
  }

  it('imports the generated 300-server inventory: counts, import record and events', async () => {
    const before = await h.lastSeq();
    const res = await importCsv(csv);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      source: 'estate.csv',
      assets: 300,
      created: 300,
      updated: 0,
      unchanged: 0,
    });
    importId = body['importId'] as string;

    const record = await h.http(`/api/v1/imports/${importId}`, { token: 'viewer' });
    expect(await record.json()).toMatchObject({ _id: importId, rows: 300, created: 300 });

    const changed = await h.events(INVENTORY.assetChanged, before);
    expect(changed).toHaveLength(300);
    expect(new Set(changed.map((e) => e.data.assetId)).size).toBe(300);
    expect(changed.every((e) => e.data.kind === 'created' && e.data.revision === 1)).toBe(true);
    const completed = await h.events(INVENTORY.importCompleted, before);
    expect(completed.map((e) => e.data)).toEqual([
      expect.objectContaining({ importId, rows: 300, created: 300, source: 'import:estate.csv' }),
    ]);
  });

  it('stores each asset as the CLI reads it, with provenance of the import', async () => {
    const first = fileOrder[0]!;
    const res = await h.http(`/api/v1/assets/${encodeURIComponent(first.id)}`, { token: 'viewer' });
    const record: AssetRecord = assetRecordSchema.parse(await res.json());
    expect(record.asset).toEqual(first);
    expect(record.revision).toBe(1);
    expect(record.provenance['business.environment']).toEqual({
      source: 'import:estate.csv',
      observedAt: expect.any(String),
    });
    expect(record.provenance['custom.archetype']?.source).toBe('import:estate.csv');
  });

  it('pages through every asset exactly once, in the order of the file', async () => {
    const all = await readAll('', 80);
    expect(all.pages).toBe(Math.ceil(300 / 80));
    expect(all.ids).toEqual(fileOrder.map((a) => a.id));
  });

  it('filters on business, technical and custom attributes, with paging', async () => {
    const expected = fileOrder
      .filter(
        (a) =>
          a.business.environment === 'prod' &&
          (a.capacity.cores ?? 0) >= 8 &&
          a.technical?.osFamily === 'linux',
      )
      .map((a) => a.id);
    expect(expected.length).toBeGreaterThan(20); // several pages of 20
    const got = await readAll('environment=PROD&cores=>=8&os_family=linux', 20);
    expect(got.ids).toEqual(expected);

    const tier = fileOrder.find((a) => a.custom['tier'])!.custom['tier']!;
    const byCustom = await readAll(`tier=${encodeURIComponent(tier)}`, 1000);
    expect(byCustom.ids).toEqual(
      fileOrder.filter((a) => a.custom['tier'] === tier).map((a) => a.id),
    );

    const sites = [...new Set(fileOrder.map((a) => a.site))].slice(0, 2) as string[];
    const anyOf = await readAll(sites.map((s) => `site=${s}`).join('&'), 1000);
    expect(anyOf.ids).toEqual(fileOrder.filter((a) => sites.includes(a.site!)).map((a) => a.id));

    const json = encodeURIComponent(
      JSON.stringify({ memory_gb: { gt: 64 }, owner: { exists: true } }),
    );
    const res = await h.http(`/api/v1/assets?filters=${json}&limit=1000&withTotal=true`, {
      token: 'viewer',
    });
    const page = assetPageSchema.parse(await res.json());
    const big = fileOrder.filter((a) => (a.capacity.memoryGiB ?? 0) > 64 && a.business.owner);
    expect(page.total).toBe(big.length);
    expect(page.items.map((r) => r.asset.id)).toEqual(big.map((a) => a.id));
  });

  it('answers 400 naming a bad filter', async () => {
    const res = await h.http('/api/v1/assets?cores=many', { token: 'viewer' });
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(await res.json());
    expect(error.details).toEqual([
      { path: 'filters.cores', message: 'must be a number, found "many"' },
    ]);
    const range = await h.http(
      `/api/v1/assets?filters=${encodeURIComponent('{"site":{"gt":1}}')}`,
      {
        token: 'viewer',
      },
    );
    expect(range.status).toBe(400);
    expect(errorBodySchema.parse(await range.json()).error.details?.[0]?.path).toBe('filters.site');
  });

  it('rejects a bad CSV with every bad row as source:row:column, and stores nothing', async () => {
    const lines = csv.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const cores = header.indexOf('cores');
    const storage = header.indexOf('storage');
    const bad = [...lines];
    const setField = (row: number, column: number, value: string) => {
      const fields = bad[row - 1]!.split(',');
      fields[column] = value;
      bad[row - 1] = fields.join(',');
    };
    setField(5, cores, 'four');
    setField(9, storage, 'tape');
    bad.push('new-server-001,new-server-001' + ','.repeat(header.length - 2));
    const before = await h.lastSeq();

    const res = await importCsv(bad.join('\n'), 'bad.csv');
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(await res.json());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      `bad.csv:5:${cores + 1}: cores must be a non-negative integer, found "four" (and 1 more)`,
    );
    expect(error.details?.map((d) => d.path)).toEqual([
      `bad.csv:5:${cores + 1}`,
      `bad.csv:9:${storage + 1}`,
    ]);
    expect(error.details?.[1]?.message).toMatch(
      /^bad\.csv:9:\d+: storage must be local, san or nas/,
    );

    expect(await h.lastSeq()).toBe(before);
    const missing = await h.http('/api/v1/assets/new-server-001', { token: 'viewer' });
    expect(missing.status).toBe(404);
    const count = await h.http('/api/v1/assets?limit=1&withTotal=true', { token: 'viewer' });
    expect(assetPageSchema.parse(await count.json()).total).toBe(300);
  });

  it('re-importing the same file (gzipped) changes nothing: no revision, history or event', async () => {
    const before = await h.lastSeq();
    const res = await importCsv(gzipSync(csv), 'estate.csv', 'application/gzip');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ assets: 300, created: 0, updated: 0, unchanged: 300 });
    expect(await h.events(INVENTORY.assetChanged, before)).toEqual([]);
    const id = encodeURIComponent(fileOrder[3]!.id);
    const record = assetRecordSchema.parse(
      await (await h.http(`/api/v1/assets/${id}`, { token: 'viewer' })).json(),
    );
    expect(record.revision).toBe(1);
    const history = assetHistoryPageSchema.parse(
      await (await h.http(`/api/v1/assets/${id}/history`, { token: 'viewer' })).json(),
    );
    expect(history.items.map((r) => r.revision)).toEqual([1]);
    expect(history.items[0]).toMatchObject({
      kind: 'created',
      importId,
      principal: 'operator-user',
    });
  });

  it('PUT changes provenance, adds a history entry and publishes assetChanged; an import does not undo it', async () => {
    const asset = fileOrder[7]!;
    const id = encodeURIComponent(asset.id);
    const before = await h.lastSeq();
    const { custom: _custom, ...rest } = asset;
    const res = await h.http(`/api/v1/assets/${id}`, {
      method: 'PUT',
      token: 'operator',
      contentType: 'application/json',
      body: JSON.stringify({
        ...rest,
        business: { ...asset.business, owner: 'jane.operator' },
        custom: {},
      }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      outcome: string;
      changed: string[];
      record: AssetRecord;
    };
    const customPaths = Object.keys(asset.custom).map((k) => `custom.${k}`);
    expect(result.outcome).toBe('updated');
    expect([...result.changed].sort()).toEqual(['business.owner', ...customPaths].sort());
    expect(result.record.revision).toBe(2);
    expect(result.record.provenance['business.owner']?.source).toBe('api:operator-user');
    expect(result.record.provenance['site']?.source).toBe('import:estate.csv');

    const events = await h.events(INVENTORY.assetChanged, before);
    expect(events.map((e) => e.data)).toEqual([
      {
        assetId: asset.id,
        kind: 'updated',
        revision: 2,
        changed: result.changed,
        source: 'api:operator-user',
        ...(asset.site ? { site: asset.site } : {}),
      },
    ]);

    const history = assetHistoryPageSchema.parse(
      await (await h.http(`/api/v1/assets/${id}/history`, { token: 'viewer' })).json(),
    );
    expect(history.items.map((r) => [r.revision, r.kind])).toEqual([
      [2, 'updated'],
      [1, 'created'],
    ]);
    expect(history.items[0]).toMatchObject({
      source: 'api:operator-user',
      principal: 'operator-user',
    });
    expect(history.items[0]!.changes).toContainEqual({
      path: 'business.owner',
      before: asset.business.owner,
      after: 'jane.operator',
    });

    // The same file again: the operator's owner stays (manual > import); the custom
    // columns the operator removed come back (the import is the only source of them).
    const again = await importCsv(csv);
    expect(await again.json()).toMatchObject({ updated: 1, unchanged: 299 });
    const after = assetRecordSchema.parse(
      await (await h.http(`/api/v1/assets/${id}`, { token: 'viewer' })).json(),
    );
    expect(after.asset.business.owner).toBe('jane.operator');
    expect(after.asset.custom).toEqual(asset.custom);
    expect(after.revision).toBe(3);
  });

  it('DELETE removes the asset, keeps its history and publishes a deletion', async () => {
    const asset = fileOrder[11]!;
    const id = encodeURIComponent(asset.id);
    const before = await h.lastSeq();
    const res = await h.http(`/api/v1/assets/${id}`, { method: 'DELETE', token: 'operator' });
    expect(await res.json()).toEqual({ id: asset.id, deleted: true, revision: 2 });
    expect((await h.http(`/api/v1/assets/${id}`, { token: 'viewer' })).status).toBe(404);
    const events = await h.events(INVENTORY.assetChanged, before);
    expect(events.map((e) => [e.data.assetId, e.data.kind, e.data.revision])).toEqual([
      [asset.id, 'deleted', 2],
    ]);
    const again = await h.http(`/api/v1/assets/${id}`, { method: 'DELETE', token: 'operator' });
    expect(again.status).toBe(404);
    const history = assetHistoryPageSchema.parse(
      await (await h.http(`/api/v1/assets/${id}/history`, { token: 'viewer' })).json(),
    );
    expect(history.items.map((r) => r.kind)).toEqual(['deleted', 'created']);
  });

  it('answers 401 without a token and 403 to a viewer on every writing endpoint', async () => {
    const id = encodeURIComponent(fileOrder[0]!.id);
    for (const [method, path] of [
      ['GET', '/api/v1/assets'],
      ['GET', `/api/v1/assets/${id}`],
      ['GET', `/api/v1/assets/${id}/history`],
      ['GET', `/api/v1/imports/${importId}`],
      ['POST', '/api/v1/imports?source=x.csv'],
      ['PUT', `/api/v1/assets/${id}`],
      ['DELETE', `/api/v1/assets/${id}`],
    ] as const) {
      const res = await h.http(path, { method });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    for (const [method, path] of [
      ['POST', '/api/v1/imports?source=x.csv'],
      ['PUT', `/api/v1/assets/${id}`],
      ['DELETE', `/api/v1/assets/${id}`],
    ] as const) {
      const res = await h.http(path, {
        method,
        token: 'viewer',
        contentType: 'text/csv',
        body: 'id\nx',
      });
      expect([method, path, res.status]).toEqual([method, path, 403]);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('FORBIDDEN');
    }
  });

  it('answers 400 to an import without a source or with a body that is not CSV', async () => {
    const noSource = await h.http('/api/v1/imports', {
      method: 'POST',
      token: 'operator',
      contentType: 'text/csv',
      body: 'id\nx',
    });
    expect(noSource.status).toBe(400);
    expect(errorBodySchema.parse(await noSource.json()).error.details?.[0]?.path).toBe('source');
    const json = await importCsv('{"id":1}', 'x.json', 'application/json');
    expect(json.status).toBe(400);
    expect(errorBodySchema.parse(await json.json()).error.details?.[0]?.path).toBe('content-type');
    const notGzip = await importCsv('id\nx', 'x.csv.gz', 'application/gzip');
    expect(errorBodySchema.parse(await notGzip.json()).error.message).toBe(
      'body: not valid gzip data',
    );
  });
});
