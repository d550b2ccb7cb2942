import { assetKeys, identityKeys, newAssetId } from './identity';

describe('identity keys', () => {
  it('groups an observation identity strongest first, in canonical case', () => {
    expect(
      identityKeys({ fqdn: 'Web-1.Corp.example', macs: ['AA:BB:CC:00:11:22'], vmUuid: 'ABC' }),
    ).toEqual([
      { kind: 'vm', keys: ['vm:abc'] },
      { kind: 'mac', keys: ['mac:aabbcc001122'] },
      { kind: 'host', keys: ['host:web-1.corp.example', 'host:web-1'] },
    ]);
  });

  it('derives keys from an asset host name and serial / ip columns', () => {
    expect(
      assetKeys({
        id: 'x',
        hostname: 'db-2',
        capacity: {},
        business: {},
        custom: { 'Serial Number': 'SN9', IP: '10.0.0.1; 10.0.0.2' },
      }),
    ).toEqual(['host:db-2', 'serial:sn9', 'ip:10.0.0.1', 'ip:10.0.0.2']);
  });

  it('names a new asset by its most stable name', () => {
    expect(newAssetId({ ips: ['10.0.0.9'], serial: 'S1' })).toBe('S1');
    expect(newAssetId({ ips: ['10.0.0.9'], hostname: 'h' })).toBe('h');
  });
});
