import { randomUUID } from 'node:crypto';
import {
  DISCOVERY,
  INVENTORY,
  type AssetConflicts,
  type AssetRecord,
  type Observation,
} from '@vplan/contracts';
import { publishEvent } from '@vplan/platform';
import { eventually } from '@vplan/testing';
import { startInventory, type InventoryHarness } from './inventory.fixture';

jest.setTimeout(60_000);

const U1 = '4C4C4544-0042-3510-8052-B7C04F4E3132';
const U1_SWAPPED = '44454c4c-4200-1035-8052-b7c04f4e3132';
const U2 = '4c4c4544-0043-3510-8052-b7c04f4e9999';
const V1 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e';
const V2 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4f';
const NIC1 = '3c:ec:ef:01:02:03';
const NIC2 = '3c:ec:ef:01:02:04';
const NIC3 = '3c:ec:ef:01:02:05';

describe('identity reconciliation of published observations (real NATS and MongoDB-wire server)', () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invrecon');
  });
  afterAll(async () => {
    await h?.close();
  });

  let minute = 0;
  /** An observation of `probe`, each one a minute later than the one before. */
  const observation = (
    probe: string,
    identity: Observation['identity'],
    attributes: Observation['attributes'] = {},
  ): Observation => ({
    observationId: randomUUID(),
    source: { kind: 'probe', name: probe, scanId: `${probe}-scan-1` },
    observedAt: new Date(Date.UTC(2026, 0, 1, 0, minute++)).toISOString(),
    identity,
    attributes,
  });
  const publish = (...all: Observation[]) =>
    all.reduce(
      (p, obs) =>
        p.then(() =>
          publishEvent(h.nc.jetstream(), DISCOVERY.observationRecorded, obs, {
            id: obs.observationId,
            prefix: h.prefix,
          }).then(() => undefined),
        ),
      Promise.resolve(),
    );
  const record = (id: string): Promise<AssetRecord> => h.client.request(INVENTORY.getAsset, { id });
  const query = async (filters: Record<string, string>): Promise<AssetRecord[]> =>
    (await h.client.request(INVENTORY.queryAssets, { filters, limit: 100 })).items;
  /** Waits until the asset has `n` merges recorded, and returns it. */
  const withMerges = (id: string, n: number) =>
    eventually(async () => {
      const r = await record(id);
      const got = r.identity?.matchedBy.length ?? 0;
      if (got < n) throw new Error(`${id}: ${got} merges`);
      return r;
    });

  it('merges byte-swapped BIOS UUIDs and records the rule, key and source', async () => {
    await publish(
      observation('ssh', { biosUuid: U1, hostname: 'swap-1' }, { capacity: { cores: 4 } }),
      observation('vsphere', { biosUuid: U1_SWAPPED, hostname: 'swap-1-vc' }),
    );
    const rec = await withMerges('swap-1', 1);
    expect(rec.identity?.matchedBy).toEqual([
      {
        rule: 'bios-uuid',
        key: U1_SWAPPED,
        source: 'discovery:vsphere',
        at: '2026-01-01T00:01:00.000Z',
      },
    ]);
    await expect(record('swap-1-vc')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never merges junk serials, and a renamed host with the same UUID merges', async () => {
    await publish(
      observation('ssh', { serial: 'To be filled by O.E.M.' }, { site: 'junk-site' }),
      observation('snmp', { serial: 'to be filled by o.e.m.' }, { site: 'junk-site' }),
      observation('ssh', { biosUuid: U2, hostname: 'web-old' }, { hostname: 'web-old' }),
      observation('ssh', { biosUuid: U2, hostname: 'web-new' }, { hostname: 'web-new' }),
    );
    const renamed = await withMerges('web-old', 1);
    expect(renamed.asset.hostname).toBe('web-new');
    expect(renamed.identity?.matchedBy.map((m) => m.rule)).toEqual(['bios-uuid']);
    await eventually(async () => expect(await query({ site: 'junk-site' })).toHaveLength(2));
  });

  it('keeps clones sharing a MAC apart, and the shared MAC then links nothing', async () => {
    await publish(
      observation('vsphere', { vmUuid: V1, hostname: 'clone-a', macs: [NIC3] }),
      observation('vsphere', { vmUuid: V2, hostname: 'clone-b', macs: [NIC3] }),
      observation('snmp', { macs: [NIC3.toUpperCase()], hostname: 'clone-seen' }),
    );
    await eventually(async () => {
      await record('clone-a');
      await record('clone-b');
      await record('clone-seen');
    });
    expect((await record('clone-b')).identity).toBeUndefined();
  });

  it('merges two NICs seen by two sources by MAC', async () => {
    await publish(
      observation('ssh', { macs: [NIC1, NIC2], hostname: 'db-two' }),
      observation('snmp', { macs: [NIC1.replace(/:/g, '-')], ips: ['10.0.0.5'] }),
      observation('vsphere', { macs: [NIC2.toUpperCase()], ips: ['10.0.1.5'] }),
    );
    const rec = await withMerges('db-two', 2);
    expect(rec.identity?.matchedBy.map(({ rule, key, source }) => ({ rule, key, source }))).toEqual(
      [
        { rule: 'mac', key: NIC1, source: 'discovery:snmp' },
        { rule: 'mac', key: NIC2, source: 'discovery:vsphere' },
      ],
    );
  });

  it('keeps one host name in two sites apart', async () => {
    await publish(
      observation('ssh', { hostname: 'twin' }, { hostname: 'twin', site: 'ams1' }),
      observation('ssh', { hostname: 'twin' }, { hostname: 'twin', site: 'nyc1' }),
      observation('snmp', { hostname: 'TWIN' }, { site: 'ams1', capacity: { cores: 2 } }),
    );
    const twins = await eventually(async () => {
      const all = await query({ hostname: 'twin' });
      if (all.length < 2 || !all.some((r) => r.identity)) throw new Error(`${all.length} twins`);
      return all;
    });
    expect(twins.map((r) => r.asset.site).sort()).toEqual(['ams1', 'nyc1']);
    const ams = twins.find((r) => r.asset.site === 'ams1');
    expect(ams?.asset.id).toBe('twin');
    expect(ams?.identity?.matchedBy[0]).toMatchObject({ rule: 'hostname', key: 'ams1|twin' });
  });

  it('finds an imported asset with a site by a probe that saw no site', async () => {
    const res = await h.http('/api/v1/imports?source=sites.csv', {
      method: 'POST',
      token: 'operator',
      contentType: 'text/csv',
      body: 'id,hostname,site\nsited-1,sited-1,fra1\n',
    });
    expect(res.status).toBe(201);
    await publish(
      observation('ssh', { fqdn: 'SITED-1.corp.example' }, { capacity: { cores: 12 } }),
    );
    const rec = await withMerges('sited-1', 1);
    expect(rec.identity?.matchedBy[0]).toMatchObject({ rule: 'hostname', key: '|sited-1' });
    expect(rec.asset).toMatchObject({ site: 'fra1', capacity: { cores: 12 } });

    // And an asset nobody gave a site by a source that names one.
    await publish(observation('ssh', { hostname: 'nosite-1' }, { capacity: { cores: 1 } }));
    await eventually(async () => expect((await record('nosite-1')).revision).toBe(1));
    await publish(observation('vsphere', { hostname: 'nosite-1' }, { site: 'fra1' }));
    const bare = await withMerges('nosite-1', 1);
    expect(bare.identity?.matchedBy[0]).toMatchObject({ rule: 'hostname', key: '|nosite-1' });
    expect(bare.asset.site).toBe('fra1');
  });

  it('lists conflicting values with provenance, most trusted source first', async () => {
    const res = await h.http('/api/v1/imports?source=cmdb.csv', {
      method: 'POST',
      token: 'operator',
      contentType: 'text/csv',
      body: 'id,hostname,cores\nconf-1,conf-1,8\n',
    });
    expect(res.status).toBe(201);
    await publish(
      observation('snmp', { hostname: 'conf-1' }, { capacity: { cores: 4 } }),
      observation('vsphere', { hostname: 'conf-1' }, { capacity: { cores: 6 } }),
    );
    await withMerges('conf-1', 2);
    const http = await h.http('/api/v1/assets/conf-1/conflicts', { token: 'viewer' });
    expect(http.status).toBe(200);
    const listed = (await http.json()) as AssetConflicts;
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      field: 'capacity.cores',
      values: [
        { value: 6, source: 'discovery:vsphere' },
        { value: 4, source: 'discovery:snmp' },
        { value: 8, source: 'import:cmdb.csv' },
      ],
      resolved: { value: 6, source: 'discovery:vsphere' },
    });
    // The asset keeps the imported value (an import beats discovery); nothing is lost.
    expect((await record('conf-1')).asset.capacity.cores).toBe(8);
    expect(await h.client.request(INVENTORY.assetConflicts, { id: 'conf-1' })).toEqual(listed);
    expect((await h.http('/api/v1/assets/conf-1/conflicts')).status).toBe(401);
  });
});
