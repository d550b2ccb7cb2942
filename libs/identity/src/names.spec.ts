import { normalizeFqdn, normalizeIp, normalizeSshHostKey, shortHostname } from './names';

describe('normalizeIp', () => {
  it.each([
    ['10.0.0.005', '10.0.0.5'],
    [' 192.168.1.10 ', '192.168.1.10'],
    ['2001:DB8::1', '2001:db8:0:0:0:0:0:1'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
  ])('writes %s as %s', (text, ip) => {
    expect(normalizeIp(text)).toBe(ip);
  });

  it.each([
    ['127.0.0.1'],
    ['0.0.0.0'],
    ['169.254.1.1'],
    ['255.255.255.255'],
    ['224.0.0.1'],
    ['::1'],
    ['::'],
    ['fe80::1%eth0'],
    ['10.0.0'],
    ['10.0.0.256'],
    ['web01'],
  ])('refuses %s', (text) => {
    expect(normalizeIp(text)).toBeUndefined();
  });
});

describe('host names', () => {
  it('lower-cases FQDNs, drops the trailing dot and refuses single labels and addresses', () => {
    expect(normalizeFqdn('Web01.Corp.Example.')).toBe('web01.corp.example');
    expect(normalizeFqdn('web01')).toBeUndefined();
    expect(normalizeFqdn('10.0.0.1')).toBeUndefined();
    expect(normalizeFqdn('localhost.localdomain')).toBeUndefined();
  });

  it('takes the first label as the short name', () => {
    expect(shortHostname('WEB01.corp.example')).toBe('web01');
    expect(shortHostname('web01')).toBe('web01');
    expect(shortHostname('localhost')).toBeUndefined();
    expect(shortHostname('10.0.0.1')).toBeUndefined();
    expect(shortHostname('bad name')).toBeUndefined();
  });
});

describe('normalizeSshHostKey', () => {
  it('keeps type and key of an OpenSSH line, without the comment', () => {
    expect(
      normalizeSshHostKey(
        ' ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@web01 ',
      ),
    ).toEqual({
      key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
      algorithm: 'ssh-ed25519',
    });
  });

  it('keeps fingerprints, with no algorithm', () => {
    const sha = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
    expect(normalizeSshHostKey(`sha256:${sha.slice(7)}=`)).toEqual({ key: sha });
    expect(normalizeSshHostKey('16:27:AC:A5:76:28:2D:36:63:1B:56:4D:EB:DF:A6:48')).toEqual({
      key: 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48',
    });
    expect(normalizeSshHostKey('not a key')).toBeUndefined();
  });
});
