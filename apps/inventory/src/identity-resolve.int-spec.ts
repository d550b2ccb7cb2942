import { randomUUID } from 'node:crypto';
import {
  DISCOVERY,
  errorBodySchema,
  INVENTORY,
  MAX_RESOLVE_IDENTITIES,
  type IdentityResolve,
  type Observation,
} from '@vplan/contracts';
import { publishEvent } from '@vplan/platform';
import { eventually } from '@vplan/testing';
import { startInventory, type InventoryHarness } from './inventory.fixture';

jest.setTimeout(60_000);

const U1 = '4C4C4544-0042-3510-8052-B7C04F4E3132';
const U1_SWAPPED = '44454c4c-4200-1035-8052-b7c04f4e3132';
const U2 = '4c4c4544-0043-3510-8052-b7c04f4e9999';
const NIC1 = '3c:ec:ef:0a:0b:0c';

describe('resolveIdentities (real NATS and MongoDB-wire server)', () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invresolve');
    const obs: Observation = {
      observationId: randomUUID(),
      source: { kind: 'probe', name: 'ssh', scanId: 'resolve-scan-1' },
      observedAt: '2026-01-01T00:00:00.000Z',
      identity: { biosUuid: U1, macs: [NIC1], hostname: 'res-1' },
      attributes: { hostname: 'res-1' },
    };
    await publishEvent(h.nc.jetstream(), DISCOVERY.observationRecorded, obs, {
      id: obs.observationId,
      prefix: h.prefix,
    });
    await eventually(() => h.client.request(INVENTORY.getAsset, { id: 'res-1' }));
  });
  afterAll(async () => {
    await h?.close();
  });

  const request: IdentityResolve = {
    identities: [
      { biosUuid: U1_SWAPPED },
      { macs: [NIC1.toUpperCase()] },
      { hostname: 'nobody-here', ips: ['10.9.9.9'] },
      { biosUuid: U2, macs: [NIC1] },
      { assetId: 'res-1' },
    ],
  };
  const expected = [
    { assetId: 'res-1', rule: 'bios-uuid', key: U1_SWAPPED },
    { assetId: 'res-1', rule: 'mac', key: NIC1 },
    null,
    // Another BIOS UUID vetoes the MAC link: another machine with a moved NIC.
    null,
    { assetId: 'res-1', rule: 'asset-id', key: 'res-1' },
  ];

  it('answers over NATS in request order, as the consumer would match, creating nothing', async () => {
    const before = (await h.client.request(INVENTORY.queryAssets, { limit: 10, withTotal: true }))
      .total;
    const res = await h.client.request(INVENTORY.resolveIdentities, request);
    expect(res.matches).toEqual(expected);
    const after = await h.client.request(INVENTORY.queryAssets, { limit: 10, withTotal: true });
    expect(after.total).toBe(before);
  });

  it('answers the same over HTTP to a viewer', async () => {
    const res = await h.http('/api/v1/identities/resolve', {
      method: 'POST',
      token: 'viewer',
      contentType: 'application/json',
      body: JSON.stringify(request),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ matches: expected });
  });

  it('refuses a bad body with 400 naming the field, and more than 500 identities', async () => {
    const post = (body: unknown) =>
      h.http('/api/v1/identities/resolve', {
        method: 'POST',
        token: 'viewer',
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    const empty = await post({ identities: [{ macs: [] }] });
    expect(empty.status).toBe(400);
    const emptyError = errorBodySchema.parse(await empty.json()).error;
    expect(emptyError.details?.map((d) => d.path)).toContain('identities.0');
    const tooMany = await post({
      identities: Array.from({ length: MAX_RESOLVE_IDENTITIES + 1 }, (_, i) => ({
        hostname: `h${i}`,
      })),
    });
    expect(tooMany.status).toBe(400);
    const tooManyError = errorBodySchema.parse(await tooMany.json()).error;
    expect(tooManyError.details?.map((d) => d.path)).toContain('identities');
    const anonymous = await h.http('/api/v1/identities/resolve', { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('resolves 500 identities at once', async () => {
    const identities = Array.from({ length: MAX_RESOLVE_IDENTITIES }, (_, i) =>
      i === 499 ? { biosUuid: U1 } : { hostname: `unknown-${i}` },
    );
    const res = await h.client.request(INVENTORY.resolveIdentities, { identities });
    expect(res.matches).toHaveLength(500);
    expect(res.matches.filter((m) => m !== null)).toEqual([
      { assetId: 'res-1', rule: 'bios-uuid', key: expected[0]?.key },
    ]);
  });
});
