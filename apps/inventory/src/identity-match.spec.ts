import type { AssetIdentity } from '@vplan/contracts';
import { assetKeys, identityKeys } from './identity';
import { lookupKeys, matchObservation, type MatchRefusal } from './identity-match';

const U1 = '4C4C4544-0042-3510-8052-B7C04F4E3132';
const U1_SWAPPED = '44454c4c-4200-1035-8052-b7c04f4e3132';
const U2 = '4c4c4544-0042-3510-8052-b7c04f4e9999';
const V1 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e';
const V2 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4f';
const NIC1 = '3c:ec:ef:01:02:03';
const NIC2 = '3c:ec:ef:01:02:04';
const VMNIC = '00:50:56:8a:11:22';
const ED1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const ED2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBBBnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA8Ze1e0bd9T7y1wxyz';

interface Seen {
  readonly id: string;
  readonly identity: AssetIdentity;
  readonly site?: string;
  /** Marks the asset it ends in stale after it is applied. */
  readonly stale?: boolean;
}

/**
 * Applies observations one at a time, as the consumer does: each is matched against the
 * assets carrying any of its keys, joins the match (bringing its keys) or becomes a new asset.
 */
function ingest(seen: readonly Seen[]) {
  const assets: { id: string; seq: number; keys: string[]; members: string[]; live: boolean }[] =
    [];
  const merges: string[] = [];
  const refusals: MatchRefusal[] = [];
  for (const o of seen) {
    const keys = identityKeys(o.identity, o.site).flatMap((g) => g.keys);
    const candidates = assets.filter((a) => a.keys.some((k) => keys.includes(k)));
    const out = matchObservation(keys, candidates);
    refusals.push(...out.refusals);
    let asset = out.matched ? assets.find((a) => a.id === out.asset) : undefined;
    if (out.matched && asset) {
      asset.keys = [...new Set([...asset.keys, ...keys])];
      asset.members.push(o.id);
      merges.push(`${o.id}>${asset.id}: ${out.rule}`);
    } else {
      asset = { id: o.id, seq: assets.length + 1, keys, members: [o.id], live: true };
      assets.push(asset);
    }
    if (o.stale) asset.live = false;
  }
  return { machines: assets.map((a) => a.members), merges, refusals };
}

const obs = (id: string, identity: AssetIdentity, site?: string): Seen => ({
  id,
  identity,
  ...(site === undefined ? {} : { site }),
});

describe('matchObservation (incremental, one observation at a time)', () => {
  it('merges byte-swapped BIOS UUIDs by bios-uuid', () => {
    const r = ingest([obs('a', { biosUuid: U1 }), obs('b', { biosUuid: U1_SWAPPED })]);
    expect(r.machines).toEqual([['a', 'b']]);
    expect(r.merges).toEqual(['b>a: bios-uuid']);
  });

  it('never merges junk UUIDs or junk serials', () => {
    const r = ingest([
      obs('a', { biosUuid: '00000000-0000-0000-0000-000000000000' }),
      obs('b', { biosUuid: '00000000-0000-0000-0000-000000000000' }),
      obs('c', { biosUuid: '03000200-0400-0500-0006-000700080009' }),
      obs('d', { biosUuid: '03000200-0400-0500-0006-000700080009' }),
      obs('e', { serial: 'To be filled by O.E.M.' }),
      obs('f', { serial: 'to be filled by o.e.m.' }),
      obs('g', { serial: '0000000' }),
      obs('h', { serial: '0000000' }),
      obs('i', { serial: ' system serial number ' }),
      obs('j', { serial: 'System Serial Number' }),
    ]);
    expect(r.machines).toEqual(['abcdefghij'].flatMap((s) => [...s].map((c) => [c])));
    expect(identityKeys({ serial: 'Default string' })).toEqual([]);
  });

  it('merges a real serial trimmed and case-insensitively', () => {
    const r = ingest([obs('a', { serial: ' cz3456789x ' }), obs('b', { serial: 'CZ3456789X' })]);
    expect(r.merges).toEqual(['b>a: serial']);
  });

  it('keeps cloned VMs sharing a burnt-in MAC with different UUIDs apart; the MAC then links no one', () => {
    const r = ingest([
      obs('a', { biosUuid: U1, macs: [NIC1] }),
      obs('b', { biosUuid: U2, macs: [NIC1] }),
      obs('c', { macs: [NIC1], ips: ['10.0.0.9'] }),
    ]);
    expect(r.machines).toEqual([['a'], ['b'], ['c']]);
    expect(r.refusals).toEqual([
      { asset: 'a', rule: 'mac', key: NIC1, reason: 'conflict', on: 'bios-uuid' },
      { asset: 'b', rule: 'mac', key: NIC1, reason: 'shared-mac' },
    ]);
  });

  it('keeps cloned VMs sharing a virtual MAC apart (hypervisor MACs are never keys)', () => {
    const r = ingest([
      obs('a', { biosUuid: U1, macs: [VMNIC] }),
      obs('b', { biosUuid: U2, macs: [VMNIC] }),
      obs('c', { macs: [VMNIC.toUpperCase()] }),
    ]);
    expect(r.machines).toEqual([['a'], ['b'], ['c']]);
    expect(identityKeys({ macs: [VMNIC, '00:25:b5:00:00:1f', '52:54:00:12:34:56'] })).toEqual([]);
  });

  it('lets a MAC a stale asset once carried join the live asset carrying it now', () => {
    const r = ingest([
      { ...obs('a', { vmUuid: V1, macs: [NIC1] }), stale: true },
      obs('b', { vmUuid: V2, macs: [NIC1] }),
      obs('c', { macs: [NIC1] }),
    ]);
    expect(r.machines).toEqual([['a'], ['b', 'c']]);
    expect(r.merges).toEqual(['c>b: mac']);
  });

  it('merges a renamed host (new name, same UUID) by bios-uuid', () => {
    const r = ingest([
      obs('a', { biosUuid: U1, hostname: 'web-old', fqdn: 'web-old.corp.example' }),
      obs('b', { biosUuid: U1, hostname: 'web-new', fqdn: 'web-new.corp.example' }),
    ]);
    expect(r.merges).toEqual(['b>a: bios-uuid']);
  });

  it('merges a machine with two NICs seen by two sources by MAC, through the one that saw both', () => {
    const r = ingest([
      obs('ssh-1', { macs: [NIC2.toUpperCase(), NIC1], hostname: 'db01' }),
      obs('nmap-1', { macs: [NIC1], ips: ['10.0.0.5'] }),
      obs('snmp-1', { macs: [NIC2.replace(/:/g, '-')], ips: ['10.0.1.5'] }),
    ]);
    expect(r.machines).toEqual([['ssh-1', 'nmap-1', 'snmp-1']]);
    expect(r.merges).toEqual(['nmap-1>ssh-1: mac', 'snmp-1>ssh-1: mac']);
  });

  it('joins an observation bridging two assets to the first match and merges no assets', () => {
    const r = ingest([
      obs('nmap-1', { macs: [NIC1] }),
      obs('snmp-1', { macs: [NIC2] }),
      obs('ssh-1', { macs: [NIC1, NIC2] }),
    ]);
    expect(r.machines).toEqual([['nmap-1', 'ssh-1'], ['snmp-1']]);
  });

  it('does not merge records agreeing on an FQDN but not on their BIOS UUIDs', () => {
    const r = ingest([
      obs('a', { biosUuid: U1, fqdn: 'app01.corp.example' }),
      obs('b', { biosUuid: U2, fqdn: 'APP01.corp.example.' }),
    ]);
    expect(r.machines).toEqual([['a'], ['b']]);
    expect(r.refusals).toEqual([
      { asset: 'a', rule: 'fqdn', key: 'app01.corp.example', reason: 'conflict', on: 'bios-uuid' },
      { asset: 'a', rule: 'hostname', key: '|app01', reason: 'conflict', on: 'bios-uuid' },
    ]);
  });

  it('vetoes by SSH host keys of one algorithm, not of two', () => {
    const r = ingest([
      obs('a', { sshHostKey: `${ED1} root@a`, fqdn: 'x.corp.example' }),
      obs('b', { sshHostKey: ED2, fqdn: 'x.corp.example' }),
      obs('c', { sshHostKey: ED1, hostname: 'y', ips: ['10.0.0.8'] }, 's'),
      obs('d', { sshHostKey: RSA, hostname: 'y', ips: ['10.0.0.8'] }, 's'),
    ]);
    expect(r.machines).toEqual([['a', 'c', 'd'], ['b']]);
    expect(r.merges).toEqual(['c>a: ssh-host-key', 'd>a: hostname-ip']);
  });

  it('does not merge VMs with a template-cloned SSH host key and different VM UUIDs', () => {
    const r = ingest([
      obs('a', { vmUuid: V1, sshHostKey: ED1 }),
      obs('b', { vmUuid: V2, sshHostKey: ED1 }),
    ]);
    expect(r.machines).toEqual([['a'], ['b']]);
  });

  it('keeps one host name in two sites apart, and joins it within a site', () => {
    const r = ingest([
      obs('a', { hostname: 'web01', ips: ['10.0.0.5'] }, 'ams1'),
      obs('b', { hostname: 'web01', ips: ['10.0.0.5'] }, 'nyc1'),
      obs('c', { hostname: 'WEB01.corp.example', ips: ['10.0.0.005', '10.9.9.9'] }, 'AMS1'),
      obs('d', { hostname: 'web01', ips: ['10.0.0.6'] }, 'ams1'),
      obs('e', { hostname: 'web02', ips: ['10.0.0.5'] }, 'ams1'),
      obs('f', { hostname: 'web01' }, 'nyc1'),
    ]);
    expect(r.machines).toEqual([['a', 'c'], ['b', 'f'], ['d'], ['e']]);
    expect(r.merges).toEqual(['c>a: hostname-ip', 'f>b: hostname']);
  });

  it('never keys a bare IP', () => {
    expect(identityKeys({ ips: ['10.0.0.5'] })).toEqual([]);
    expect(
      ingest([obs('a', { ips: ['10.0.0.5'] }), obs('b', { ips: ['10.0.0.5'] })]).machines,
    ).toHaveLength(2);
  });

  it('records the first rule of the chain that matched', () => {
    const r = ingest([
      obs('a', { biosUuid: U1, serial: 'SN-100', macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('b', { biosUuid: U1_SWAPPED, serial: 'sn-100', macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('c', { serial: 'SN-100', macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('d', { macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('e', { fqdn: 'h.corp.example' }),
    ]);
    expect(r.machines).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(r.merges).toEqual(['b>a: bios-uuid', 'c>a: serial', 'd>a: mac', 'e>a: fqdn']);
  });
});

describe('matchObservation and sites', () => {
  const asset = (id: string, seq: number, hostname: string, site?: string) => ({
    id,
    seq,
    keys: assetKeys({
      id,
      hostname,
      ...(site === undefined ? {} : { site }),
      capacity: {},
      business: {},
      custom: {},
    }),
  });
  const keysOf = (identity: AssetIdentity, site?: string) =>
    identityKeys(identity, site).flatMap((g) => g.keys);

  it('finds a sited asset by a name seen without a site (probes rarely know it)', () => {
    const out = matchObservation(keysOf({ hostname: 'web-a' }), [asset('a', 1, 'web-a', 'ams1')]);
    expect(out).toMatchObject({ matched: true, asset: 'a', rule: 'hostname', key: '|web-a' });
  });

  it('links nothing by a name without a site that two sites carry', () => {
    const out = matchObservation(keysOf({ hostname: 'twin' }), [
      asset('a', 1, 'twin', 'ams1'),
      asset('b', 2, 'twin', 'nyc1'),
    ]);
    expect(out).toEqual({
      matched: false,
      refusals: [{ asset: 'b', rule: 'hostname', key: '|twin', reason: 'ambiguous-name' }],
    });
  });

  it('lets a sited name find an asset with no site, never one sited elsewhere', () => {
    const bare = matchObservation(keysOf({ hostname: 'web-b' }, 'ams1'), [asset('a', 1, 'web-b')]);
    expect(bare).toMatchObject({ matched: true, asset: 'a', rule: 'hostname', key: '|web-b' });
    const elsewhere = matchObservation(keysOf({ hostname: 'web-b' }, 'ams1'), [
      asset('a', 1, 'web-b', 'nyc1'),
    ]);
    expect(elsewhere.matched).toBe(false);
    expect(lookupKeys(keysOf({ hostname: 'web-b', ips: ['10.0.0.1'] }, 'ams1')).sort()).toEqual([
      'hostname-ip:ams1|web-b|10.0.0.1',
      'hostname-ip:|web-b|10.0.0.1',
      'hostname:ams1|web-b',
      'hostname:|web-b',
    ]);
  });
});
