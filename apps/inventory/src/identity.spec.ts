import { assetKeys, biosUuidKey, cannotLinkTags, identityKeys, newAssetId } from './identity';

describe('identity keys', () => {
  it('groups an observation identity by rule, strongest first, normalised by @vplan/identity', () => {
    expect(
      identityKeys(
        {
          fqdn: 'Web-1.Corp.example',
          macs: ['3C-EC-EF-00-11-22', '00:50:56:00:00:01'],
          vmUuid: '{5021A7A4-7C1E-4B62-9F3E-0D6A1B2C3D4E}',
          serial: 'N/A',
          ips: ['10.0.0.01'],
        },
        'AMS1',
      ),
    ).toEqual([
      { rule: 'vm-uuid', keys: ['vm-uuid:5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e'] },
      { rule: 'mac', keys: ['mac:3c:ec:ef:00:11:22'] },
      { rule: 'fqdn', keys: ['fqdn:web-1.corp.example'] },
      { rule: 'hostname-ip', keys: ['hostname-ip:ams1|web-1|10.0.0.1'] },
      { rule: 'hostname', keys: ['hostname:ams1|web-1'] },
    ]);
  });

  it('stores one BIOS UUID key for both SMBIOS byte orders', () => {
    const k = biosUuidKey('4C4C4544-0042-3510-8052-B7C04F4E3132');
    expect(k).toBe(biosUuidKey('44454c4c-4200-1035-8052-b7c04f4e3132'));
    expect(k).toBe('44454c4c-4200-1035-8052-b7c04f4e3132');
    expect(biosUuidKey('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toBeUndefined();
  });

  it('derives keys from an asset host name, site and serial / ip columns', () => {
    expect(
      assetKeys({
        id: 'x',
        hostname: 'db-2',
        site: 'fra',
        capacity: {},
        business: {},
        custom: { 'Serial Number': 'SN9', IP: '10.0.0.1; 10.0.0.2', Asset: 'n/a' },
      }),
    ).toEqual([
      'serial:SN9',
      'hostname-ip:fra|db-2|10.0.0.1',
      'hostname-ip:fra|db-2|10.0.0.2',
      'hostname:fra|db-2',
      'hostname-ip:|db-2|10.0.0.1',
      'hostname-ip:|db-2|10.0.0.2',
      'hostname:|db-2',
    ]);
  });

  it('tags single-valued keys, SSH host keys by algorithm and bare fingerprints not at all', () => {
    const tags = cannotLinkTags([
      'bios-uuid:u',
      'serial:S1',
      'serial:S2',
      'ssh-host-key:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
      'ssh-host-key:SHA256:uK9qWjc0+q0Zb8xTbbZr5rJ8lHq2tPOnXjbA7KJfXYc',
      'mac:3c:ec:ef:00:11:22',
    ]);
    expect([...tags.keys()]).toEqual(['bios-uuid', 'serial', 'ssh-host-key:ssh-ed25519']);
    expect(tags.get('serial')).toEqual(new Set(['S1', 'S2']));
  });

  it('names a new asset by its most stable name', () => {
    expect(newAssetId({ ips: ['10.0.0.9'], serial: 'SN-1' }, 'o1')).toBe('SN-1');
    expect(newAssetId({ ips: ['10.0.0.9'], hostname: 'h' }, 'o1')).toBe('h');
    expect(newAssetId({ ips: ['10.0.0.9'], serial: 'N/A' }, 'o1')).toBe('10.0.0.9');
    expect(newAssetId({ serial: 'To be filled by O.E.M.' }, 'o1')).toBe('observation-o1');
  });
});
