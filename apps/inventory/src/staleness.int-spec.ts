import { randomUUID } from 'node:crypto';
import {
  DISCOVERY,
  INVENTORY,
  type AssetRecord,
  type Observation,
  type ScanJob,
} from '@vplan/contracts';
import { publishEvent } from '@vplan/platform';
import { eventually } from '@vplan/testing';
import { generatedInventoryCsv, startInventory, type InventoryHarness } from './inventory.fixture';

jest.setTimeout(90_000);

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('staleness from succeeded scans (real NATS and MongoDB-wire server)', () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invstale');
  });
  afterAll(async () => {
    await h?.close();
  });

  const publish = async <D>(contract: { subject: string } & object, data: D, id: string) => {
    await publishEvent(h.nc.jetstream(), contract as never, data as never, {
      id,
      prefix: h.prefix,
    });
  };
  const observe = (host: string, scanId: string, minute: number) => {
    const obs: Observation = {
      observationId: randomUUID(),
      source: { kind: 'probe', name: 'ssh', scanId },
      observedAt: at(minute),
      identity: { hostname: host },
      attributes: { hostname: host },
    };
    return publish(DISCOVERY.observationRecorded, obs, obs.observationId);
  };
  const scan = (id: string, minute: number, status: ScanJob['status'] = 'succeeded'): ScanJob => ({
    id,
    status,
    cidrs: [],
    hosts: ['127.0.0.1'],
    probes: ['ssh'],
    credentialIds: [],
    progress: { targets: 1, done: 1, observations: 1 },
    createdAt: at(minute - 1),
    finishedAt: at(minute),
  });
  const succeeded = (id: string, minute: number) =>
    publish(DISCOVERY.scanUpdated, scan(id, minute), randomUUID());
  const record = (id: string): Promise<AssetRecord> => h.client.request(INVENTORY.getAsset, { id });
  const staleIds = async (stale: boolean) =>
    (await h.client.request(INVENTORY.queryAssets, { filters: { stale }, limit: 1000 })).items
      .map((r) => r.asset.id)
      .sort();
  const historySources = async (id: string) =>
    (await h.client.request(INVENTORY.assetHistory, { id, limit: 100 })).items
      .filter((r) => r.changes.some((c) => c.path === 'stale'))
      .map((r) => ({ source: r.source, changes: r.changes }));

  it('marks an asset stale after 3 later succeeded scans missed it, and live when seen again', async () => {
    const csv = generatedInventoryCsv(3);
    const imported = await h.http('/api/v1/imports?source=stale.csv', {
      method: 'POST',
      token: 'operator',
      contentType: 'text/csv',
      body: csv,
    });
    expect(imported.status).toBe(201);
    const importedIds = (await h.client.request(INVENTORY.queryAssets, { limit: 10 })).items.map(
      (r) => r.asset.id,
    );
    expect(importedIds).toHaveLength(3);

    await observe('gone-1', 'S1', 1);
    await observe('kept-1', 'S1', 1);
    await eventually(async () => {
      await record('gone-1');
      await record('kept-1');
    });
    await succeeded('S1', 2);
    // Not a succeeded end: says nothing about what is gone.
    await publish(DISCOVERY.scanUpdated, scan('F1', 3, 'failed'), randomUUID());
    for (const [n, id] of ['S2', 'S3', 'S4'].entries()) {
      await observe('kept-1', id, 10 * (n + 1));
      await eventually(async () => {
        const seenAt = (await record('kept-1')).lastSeen;
        if (seenAt !== at(10 * (n + 1))) throw new Error(`kept-1 last seen ${seenAt}`);
      });
      await succeeded(id, 10 * (n + 1) + 1);
    }
    await eventually(async () => expect((await record('gone-1')).stale).toBe(true));
    // Marked once, by the third scan that missed it (S1 saw it; F1 failed).
    expect(await historySources('gone-1')).toEqual([
      { source: 'discovery:scan:S4', changes: [{ path: 'stale', before: false, after: true }] },
    ]);
    expect((await record('kept-1')).stale).toBeUndefined();
    expect(await staleIds(true)).toEqual(['gone-1']);
    expect(await staleIds(false)).toEqual([...importedIds, 'kept-1'].sort());
    const byHttp = await h.http('/api/v1/assets?stale=true', { token: 'viewer' });
    expect(
      ((await byHttp.json()) as { items: AssetRecord[] }).items.map((r) => r.asset.id),
    ).toEqual(['gone-1']);
    const events = await eventually(async () => {
      const found = (await h.events(INVENTORY.assetChanged, 0)).filter(
        (e) => e.data.assetId === 'gone-1' && e.data.changed.includes('stale'),
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0]?.data).toMatchObject({ kind: 'updated', source: 'discovery:scan:S4' });

    // A redelivered end (another event id) re-weighs to the same flags: no new revision.
    const revision = (await record('gone-1')).revision;
    await succeeded('S4', 31);
    await succeeded('S5', 41);
    await observe('kept-1', 'S6', 50);
    await eventually(async () => expect((await record('kept-1')).lastSeen).toBe(at(50)));
    expect((await record('gone-1')).revision).toBe(revision);

    // Seen again by a later observation: live again, with its own revision.
    await observe('gone-1', 'S6', 51);
    await eventually(async () => expect((await record('gone-1')).stale).toBeUndefined());
    expect((await record('gone-1')).revision).toBe(revision + 1);
    expect((await historySources('gone-1'))[0]).toEqual({
      source: 'discovery:ssh',
      changes: [{ path: 'stale', before: true, after: false }],
    });
    // The import-only assets were never weighed stale.
    for (const id of importedIds) expect((await record(id)).stale).toBeUndefined();
  });
});
