import { parseCidr } from './cidr';
import {
  osFamilyOf,
  parseAvailability,
  parseStorageKind,
  parseTimeZone,
  parseYesNo,
  splitList,
} from './inventory-values';

function value<T>(outcome: { ok: true; value: T } | { ok: false; message: string }): T | string {
  return outcome.ok ? outcome.value : `error: ${outcome.message}`;
}

describe('osFamilyOf', () => {
  it.each([
    ['Windows Server 2012 R2', 'windows'],
    ['Microsoft Windows 2008', 'windows'],
    ['RHEL 7.9', 'linux'],
    ['Red Hat Enterprise Linux 8', 'linux'],
    ['CentOS 6', 'linux'],
    ['Ubuntu 22.04', 'linux'],
    ['SLES 15 SP4', 'linux'],
    ['Oracle Linux 8', 'linux'],
    ['Debian 12', 'linux'],
    ['Solaris 10', 'solaris'],
    ['SunOS 5.11', 'solaris'],
    ['AIX 7.2', 'aix'],
    ['HP-UX 11i v3', 'hpux'],
    ['FreeBSD 13', 'bsd'],
    ['other', 'other'],
  ])('maps %s to %s', (name, family) => {
    expect(osFamilyOf(name)).toBe(family);
  });

  it('knows no family for other names', () => {
    expect(osFamilyOf('OpenVMS 8.4')).toBeUndefined();
    expect(osFamilyOf('z/OS')).toBeUndefined();
  });
});

describe('the constraint value parsers', () => {
  it('read yes/no in any case', () => {
    expect(['YES', 'y', 'true', '1', 'No', 'false', '0'].map((t) => value(parseYesNo(t)))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('read storage kinds and their common names', () => {
    expect(
      ['LOCAL', 'das', 'iSCSI', 'fc', 'NFS', 'cifs'].map((t) => value(parseStorageKind(t))),
    ).toEqual(['local', 'local', 'san', 'san', 'nas', 'nas']);
  });

  it('read availability as a percentage without % or as a tier name', () => {
    expect(value(parseAvailability('99.95 %'))).toBe('99.95');
    expect(value(parseAvailability('Tier 1'))).toBe('Tier 1');
    expect(value(parseAvailability('0'))).toMatch(/^error: must be a percentage above 0/);
    expect(value(parseAvailability('9x9'))).toMatch(/^error: /);
  });

  it('read time zones: IANA names in canonical case, UTC and offsets', () => {
    expect(value(parseTimeZone('america/new_york'))).toBe('America/New_York');
    expect(value(parseTimeZone('EST'))).toBe('EST');
    expect(value(parseTimeZone('gmt'))).toBe('UTC');
    expect(value(parseTimeZone('UTC+1'))).toBe('+01:00');
    expect(value(parseTimeZone('-05:30'))).toBe('-05:30');
    expect(value(parseTimeZone('Europe/Atlantis'))).toMatch(/^error: must be an IANA time zone/);
  });

  it('split lists on ; or , and drop empty items and repeats', () => {
    expect(splitList(' 10; 20,,10 ;')).toEqual(['10', '20']);
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.1.2.0/24', '10.1.2.0/24'],
    ['10.1.2.77/24', '10.1.2.0/24'],
    ['172.16.5.4/12', '172.16.0.0/12'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.1/32', '192.168.1.1/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:1/64', '2001:db8::/64'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['fe80::1/10', 'fe80::/10'],
    ['::/0', '::/0'],
  ])('reads %s as %s', (text, canonical) => {
    expect(value(parseCidr(text))).toBe(canonical);
  });

  it.each([
    '10.1.2.0',
    '10.1.2.0/33',
    '10.1.2/24',
    '10.1.2.256/24',
    '2001:db8::/129',
    '1::2::3/64',
    'x/8',
  ])('refuses %s', (text) => {
    expect(value(parseCidr(text))).toMatch(/^error: /);
  });
});
