import { randomUUID } from 'node:crypto';
import {
  DISCOVERY,
  INVENTORY,
  jsonBytes,
  PAGE_BYTE_BUDGET,
  type AssetRecord,
  type Observation,
} from '@vplan/contracts';
import { formatCsvRow } from '@vplan/formats';
import { publishEvent } from '@vplan/platform';
import { eventually } from '@vplan/testing';
import { startInventory, type InventoryHarness } from './inventory.fixture';

jest.setTimeout(60_000);

describe('inventory over NATS (real NATS and MongoDB-wire server)', () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invnats');
  });
  afterAll(async () => {
    await h?.close();
  });

  const importCsv = async (text: string, source: string) => {
    const res = await h.http(`/api/v1/imports?source=${source}`, {
      method: 'POST',
      token: 'operator',
      contentType: 'text/csv',
      body: text,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { created: number };
  };

  /** Every asset through queryAssets, checking the page budget on the way. */
  async function queryAll(filters = {}, limit = 1000): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.request(INVENTORY.queryAssets, {
        filters,
        limit,
        ...(after ? { after } : {}),
      });
      expect(jsonBytes(page.items)).toBeLessThanOrEqual(PAGE_BYTE_BUDGET + page.items.length);
      ids.push(...page.items.map((r) => r.asset.id));
      after = page.next;
      pages++;
    } while (after);
    return { ids, pages };
  }

  it('pages queryAssets within the byte budget, in import order across imports', async () => {
    // 80 heavy assets (8 custom columns of 1,000 characters: about 10 KB each as records).
    const columns = [
      'id',
      'hostname',
      'environment',
      ...Array.from({ length: 8 }, (_, i) => `note${i}`),
    ];
    const heavy = Array.from({ length: 80 }, (_, i) => {
      const id = `heavy-${String(79 - i).padStart(3, '0')}`; // ids against their order
      return formatCsvRow([
        id,
        id,
        i % 2 ? 'prod' : 'test',
        ...columns.slice(3).map(() => 'x'.repeat(1000)),
      ]);
    });
    expect(
      await importCsv([formatCsvRow(columns), ...heavy].join('\n'), 'heavy.csv'),
    ).toMatchObject({
      created: 80,
    });
    await importCsv(
      'id,hostname\nlater-1,later-1\nheavy-005,heavy-005\nlater-0,later-0\n',
      'later.csv',
    );

    const all = await queryAll();
    const heavyOrder = Array.from(
      { length: 80 },
      (_, i) => `heavy-${String(79 - i).padStart(3, '0')}`,
    );
    expect(all.ids).toEqual([...heavyOrder, 'later-1', 'later-0']);
    expect(all.pages).toBeGreaterThanOrEqual(2);

    const prod = await queryAll({ environment: 'prod' }, 7);
    expect(prod.ids).toEqual(heavyOrder.filter((_, i) => i % 2 === 1));
    const total = await h.client.request(INVENTORY.queryAssets, {
      filters: { environment: ['prod', 'test'] },
      limit: 1,
      withTotal: true,
    });
    expect(total.total).toBe(80);
  });

  it('gets, upserts with revision checks, reads history and deletes over NATS', async () => {
    await expect(h.client.request(INVENTORY.getAsset, { id: 'nats-1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const created = await h.client.request(INVENTORY.upsertAsset, {
      asset: { id: 'nats-1', hostname: 'nats-1', business: { owner: 'ops' } },
      source: 'cmdb-sync',
      expectedRevision: 0,
    });
    expect(created).toMatchObject({ outcome: 'created', record: { revision: 1 } });
    expect(created.changed.sort()).toEqual(['business.owner', 'hostname']);
    await expect(
      h.client.request(INVENTORY.upsertAsset, {
        asset: { id: 'nats-1' },
        source: 'cmdb-sync',
        expectedRevision: 0,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const updated = await h.client.request(INVENTORY.upsertAsset, {
      asset: { id: 'nats-1', hostname: 'nats-1', business: { owner: 'dba' } },
      source: 'cmdb-sync',
      expectedRevision: 1,
    });
    expect(updated).toMatchObject({ outcome: 'updated', changed: ['business.owner'] });
    expect(updated.record.provenance['business.owner']?.source).toBe('cmdb-sync');

    const first = await h.client.request(INVENTORY.assetHistory, { id: 'nats-1', limit: 1 });
    expect(first.items.map((r) => r.revision)).toEqual([2]);
    const second = await h.client.request(INVENTORY.assetHistory, {
      id: 'nats-1',
      limit: 1,
      after: first.next!,
    });
    expect(second).toMatchObject({ items: [{ revision: 1, kind: 'created' }] });
    expect(second.next).toBeUndefined();

    expect(
      await h.client.request(INVENTORY.deleteAsset, { id: 'nats-1', source: 'cmdb-sync' }),
    ).toEqual({
      id: 'nats-1',
      deleted: true,
      revision: 3,
    });
    expect(
      await h.client.request(INVENTORY.deleteAsset, { id: 'nats-1', source: 'cmdb-sync' }),
    ).toEqual({
      id: 'nats-1',
      deleted: false,
    });
    // Re-created, it continues its numbering: the history stays unambiguous.
    const again = await h.client.request(INVENTORY.upsertAsset, {
      asset: { id: 'nats-1' },
      source: 's',
    });
    expect(again).toMatchObject({ outcome: 'created', record: { revision: 4 } });
  });

  describe('reconciliation of discovery observations', () => {
    const observation = (
      o: Partial<Observation> & Pick<Observation, 'identity' | 'attributes'>,
    ): Observation => ({
      observationId: randomUUID(),
      source: { kind: 'probe', name: 'ssh' },
      observedAt: new Date().toISOString(),
      ...o,
    });
    const publish = (obs: Observation, id: string = randomUUID()) =>
      publishEvent(h.nc.jetstream(), DISCOVERY.observationRecorded, obs, { id, prefix: h.prefix });
    const record = (id: string): Promise<AssetRecord> =>
      h.client.request(INVENTORY.getAsset, { id });

    beforeAll(async () => {
      await importCsv('id,hostname,owner\nrec-1,web-a,alice\n', 'cmdb.csv');
    });

    it('matches by host name, adds what the import lacks and keeps what it set', async () => {
      await publish(
        observation({
          identity: { fqdn: 'WEB-A.corp.example', serial: 'SN-100' },
          attributes: {
            business: { owner: 'probe-owner', department: 'Finance' },
            technical: { osVersion: 'RHEL 9.2' },
          },
        }),
      );
      const rec = await eventually(async () => {
        const r = await record('rec-1');
        if (r.revision < 2) throw new Error(`revision ${r.revision}`);
        return r;
      });
      expect(rec.asset.business).toEqual({ owner: 'alice', department: 'Finance' });
      expect(rec.asset.technical).toEqual({ osVersion: 'RHEL 9.2' });
      expect(rec.provenance['business.owner']?.source).toBe('import:cmdb.csv');
      expect(rec.provenance['business.department']?.source).toBe('discovery:ssh');

      // The serial it brought now finds the asset without a host name.
      await publish(observation({ identity: { serial: 'sn-100' }, attributes: { site: 'ams1' } }));
      await eventually(async () => expect((await record('rec-1')).asset.site).toBe('ams1'));
    });

    it('creates an asset for an observation that matches none, once per event', async () => {
      const obs = observation({
        identity: { hostname: 'ghost-01', ips: ['10.9.8.7'] },
        attributes: { capacity: { cores: 4 } },
      });
      const id = randomUUID();
      expect((await publish(obs, id)).duplicate).toBe(false);
      expect((await publish(obs, id)).duplicate).toBe(true);
      await eventually(async () =>
        expect((await record('ghost-01')).asset.capacity).toEqual({ cores: 4 }),
      );

      // The same facts under another event id change nothing; newer facts do. A bare IP
      // is no key (it creates another asset), host name and IP together are.
      await publish({ ...obs, observationId: randomUUID() });
      await publish(
        observation({ identity: { ips: ['10.9.8.7'] }, attributes: { capacity: { cores: 2 } } }),
      );
      await publish(
        observation({
          identity: { hostname: 'GHOST-01.corp.example', ips: ['10.9.8.7'] },
          attributes: { capacity: { cores: 8 } },
        }),
      );
      const rec = await eventually(async () => {
        const r = await record('ghost-01');
        if (r.asset.capacity.cores !== 8) throw new Error(`cores ${r.asset.capacity.cores}`);
        return r;
      });
      expect(rec.revision).toBe(2);
      // The repeated facts and the host name + IP both merged by hostname-ip.
      expect(rec.identity?.matchedBy.map((m) => [m.rule, m.key])).toEqual([
        ['hostname-ip', '|ghost-01|10.9.8.7'],
        ['hostname-ip', '|ghost-01|10.9.8.7'],
      ]);
      expect((await record('10.9.8.7')).asset.capacity).toEqual({ cores: 2 });
      const changes = await h.events(INVENTORY.assetChanged, 0);
      expect(changes.filter((e) => e.data.assetId === 'ghost-01').map((e) => e.data.kind)).toEqual([
        'created',
        'updated',
      ]);
    });
  });
});
