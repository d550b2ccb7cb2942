import type { HostFacts } from '../host-facts';
import { parseSnmpWalk } from './snmp-walk';

const WALK = [
  '.1.3.6.1.2.1.1.1.0 = STRING: "Linux db01 5.14.0-362.el9.x86_64 #1 SMP x86_64"',
  '.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10',
  '.1.3.6.1.2.1.1.4.0 = STRING: "Ops team',
  'second line = not a record',
  'end"',
  '.1.3.6.1.2.1.1.5.0 = STRING: "db01.example.com"',
  '.1.3.6.1.2.1.2.2.1.2.1 = STRING: lo',
  '.1.3.6.1.2.1.2.2.1.2.2 = STRING: eth0',
  '.1.3.6.1.2.1.2.2.1.5.1 = Gauge32: 10000000',
  '.1.3.6.1.2.1.2.2.1.5.2 = Gauge32: 4294967295',
  '.1.3.6.1.2.1.2.2.1.6.1 = ""',
  '.1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 50 56 AB',
  'CD EF ',
  '.1.3.6.1.2.1.31.1.1.1.15.2 = Gauge32: 10000',
  '.1.3.6.1.2.1.4.20.1.1.10.0.0.5 = IpAddress: 10.0.0.5',
  '.1.3.6.1.2.1.4.20.1.1.127.0.0.1 = IpAddress: 127.0.0.1',
  '.1.3.6.1.2.1.4.20.1.2.10.0.0.5 = INTEGER: 2',
  '.1.3.6.1.2.1.4.20.1.2.127.0.0.1 = INTEGER: 1',
  '',
  '.1.3.6.1.2.1.25.1.1.0 = Timeticks: (121722922) 14 days, 2:07:09.22',
  '.1.3.6.1.2.1.25.2.2.0 = INTEGER: 16777216 KBytes',
  '.1.3.6.1.2.1.25.2.3.1.2.1 = OID: .1.3.6.1.2.1.25.2.1.2',
  '.1.3.6.1.2.1.25.2.3.1.2.31 = OID: .1.3.6.1.2.1.25.2.1.4',
  '.1.3.6.1.2.1.25.2.3.1.2.32 = OID: .1.3.6.1.2.1.25.2.1.4',
  '.1.3.6.1.2.1.25.2.3.1.4.1 = INTEGER: 1024 Bytes',
  '.1.3.6.1.2.1.25.2.3.1.4.31 = INTEGER: 4096 Bytes',
  '.1.3.6.1.2.1.25.2.3.1.4.32 = INTEGER: 4096 Bytes',
  '.1.3.6.1.2.1.25.2.3.1.5.1 = INTEGER: 16777216',
  '.1.3.6.1.2.1.25.2.3.1.5.31 = INTEGER: 2621440',
  '.1.3.6.1.2.1.25.2.3.1.5.32 = INTEGER: 5242880',
  '.1.3.6.1.2.1.25.3.2.1.2.768 = OID: .1.3.6.1.2.1.25.3.1.3',
  '.1.3.6.1.2.1.25.3.2.1.2.769 = OID: .1.3.6.1.2.1.25.3.1.3',
  '.1.3.6.1.2.1.25.3.2.1.2.1025 = OID: .1.3.6.1.2.1.25.3.1.4',
  '.1.3.6.1.2.1.25.3.2.1.2.1552 = OID: .1.3.6.1.2.1.25.3.1.6',
  '.1.3.6.1.2.1.25.3.2.1.3.768 = STRING: GenuineIntel: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz',
  '.1.3.6.1.2.1.25.3.2.1.3.769 = STRING: GenuineIntel: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz',
  '.1.3.6.1.2.1.25.3.2.1.3.1025 = STRING: network interface eth0',
  '.1.3.6.1.2.1.25.3.2.1.3.1552 = STRING: QLogic ISP2532 Fibre Channel HBA',
  '.1.3.6.1.2.1.25.3.3.1.2.768 = INTEGER: 6',
  '.1.3.6.1.2.1.25.3.3.1.2.769 = INTEGER: 16',
  '.1.3.6.1.2.1.88.1.4.2.1.3.6 = BITS: 80 0 ',
  '.1.3.6.1.2.1.2.2.1.21.1 = Wrong Type (should be Gauge32 or Unsigned32): INTEGER: 0',
  '.1.3.6.1.6.3.16.1.5.2.1.6 = No more variables left in this MIB View',
].join('\n');

function parsed(text: string, file = 'db01.snmpwalk'): HostFacts {
  const result = parseSnmpWalk(text, file);
  if (!result.ok) throw result.error;
  expect(result.value).toHaveLength(1);
  return result.value[0] as HostFacts;
}

describe('parseSnmpWalk', () => {
  it('reads identity, sizing, OS, devices and interfaces from an snmpwalk -On output', () => {
    expect(parsed(WALK)).toEqual({
      source: { kind: 'snmp', file: 'db01.snmpwalk' },
      where: 'db01.snmpwalk:1',
      identity: {
        macs: ['00:50:56:ab:cd:ef'],
        ips: ['10.0.0.5'],
        hostname: 'db01',
        fqdn: 'db01.example.com',
      },
      hardware: {
        cpuModel: 'Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz',
        threads: 2,
        cpuMhz: 2100,
        memoryGiB: 16,
        diskGiB: 30,
      },
      os: { family: 'linux', kernel: '5.14.0-362.el9.x86_64' },
      devices: ['QLogic ISP2532 Fibre Channel HBA'],
      interfaces: [
        { name: 'lo', ips: ['127.0.0.1'], speedMbps: 10 },
        { name: 'eth0', mac: '00:50:56:ab:cd:ef', ips: ['10.0.0.5'], speedMbps: 10_000 },
      ],
      warnings: [],
    });
  });

  it('reads the same facts from an snmprec file, decoding hex values', () => {
    const rec = [
      '1.3.6.1.2.1.1.1.0|4|Hardware: x86 Family 6 - Software: Windows Version 6.3 (Build 9600 Multiprocessor Free)',
      '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.311.1.1.3.1.2',
      '1.3.6.1.2.1.1.3.0|67|233425120',
      '1.3.6.1.2.1.1.5.0|4x|57494e303100',
      '1.3.6.1.2.1.2.2.1.2.3|4x|496e74656c00',
      '1.3.6.1.2.1.2.2.1.6.3|4x|000e35d33d53',
      '1.3.6.1.2.1.4.20.1.1.192.168.1.9|64x|c0a80109',
      '1.3.6.1.2.1.25.2.2.0|2|8388608',
      '1.3.6.1.2.1.25.3.2.1.2.5|6|1.3.6.1.2.1.25.3.1.3',
      '1.3.6.1.2.1.25.3.2.1.3.5|4|Intel',
      '1.3.6.1.2.1.25.3.3.1.2.5|2|3',
      '1.3.6.1.2.1.1.8.0|67:numeric|rate=100',
    ].join('\r\n');
    const host = parsed(rec, 'win.snmprec');
    expect(host.identity).toEqual({
      macs: ['00:0e:35:d3:3d:53'],
      ips: ['192.168.1.9'],
      hostname: 'WIN01',
    });
    // a processor named only "Intel" names no model
    expect(host.hardware).toEqual({ threads: 1, memoryGiB: 8 });
    expect(host.os).toEqual({
      family: 'windows',
      version: 'Windows 8.1 / Server 2012 R2',
      kernel: 'NT 6.3 build 9600',
    });
    expect(host.interfaces).toEqual([{ name: 'Intel', mac: '00:0e:35:d3:3d:53' }]);
    expect(host.warnings).toEqual([
      expect.objectContaining({
        where: 'win.snmprec:12',
        message: 'snmprec record with a variation tag or bad hex value skipped',
      }),
    ]);
  });

  it('reads the named form written without -On', () => {
    const named = [
      'SNMPv2-MIB::sysDescr.0 = STRING: SunOS sol11 5.11 11.4.0.15.0 i86pc',
      'SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.42.2.1.1',
      'SNMPv2-MIB::sysName.0 = STRING: sol11',
      'IF-MIB::ifPhysAddress.2 = STRING: 0:14:4f:a:b:c',
      'HOST-RESOURCES-MIB::hrMemorySize.0 = INTEGER: 4194304 KBytes',
      'HOST-RESOURCES-MIB::hrStorageType.1 = OID: HOST-RESOURCES-TYPES::hrStorageFixedDisk',
      'HOST-RESOURCES-MIB::hrStorageAllocationUnits.1 = INTEGER: 512 Bytes',
      'HOST-RESOURCES-MIB::hrStorageSize.1 = INTEGER: 2097152',
      'IF-MIB::ifOperStatus.2 = INTEGER: up(1)',
    ].join('\n');
    const host = parsed(named);
    expect(host.identity).toEqual({ macs: ['00:14:4f:0a:0b:0c'], hostname: 'sol11' });
    expect(host.hardware).toEqual({ vendor: 'Sun', memoryGiB: 4, diskGiB: 1 });
    expect(host.os).toEqual({ family: 'solaris', kernel: '5.11' });
  });

  it('reads iso.3.6.1… OIDs, as snmpwalk writes them without MIBs', () => {
    const host = parsed(
      [
        'iso.3.6.1.2.1.1.2.0 = OID: iso.3.6.1.4.1.674.10892.5',
        'iso.3.6.1.2.1.1.5.0 = STRING: "r740"',
      ].join('\n'),
    );
    expect(host.identity).toEqual({ hostname: 'r740' });
    expect(host.hardware).toEqual({ vendor: 'Dell' });
  });

  it('keeps implausible sizing values and non-host names out, as warnings', () => {
    const host = parsed(
      [
        '.1.3.6.1.2.1.1.5.0 = STRING: new system name',
        '.1.3.6.1.2.1.25.2.2.0 = INTEGER: 1024',
        '.1.3.6.1.2.1.25.3.2.1.2.1 = OID: .1.3.6.1.2.1.25.3.1.3',
        '.1.3.6.1.2.1.25.3.2.1.3.1 = STRING: Intel(R) Xeon(R) CPU @ 99.0GHz',
      ].join('\n'),
    );
    expect(host.identity).toEqual({});
    expect(host.hardware).toEqual({ cpuModel: 'Intel(R) Xeon(R) CPU @ 99.0GHz', threads: 1 });
    expect(host.warnings.map((w) => [w.where, w.field])).toEqual([
      ['db01.snmpwalk:1', 'identity.hostname'],
      ['db01.snmpwalk:4', 'hardware.cpuMhz'],
      ['db01.snmpwalk:2', 'hardware.memoryGiB'],
    ]);
  });

  it('refuses a line that is neither a record, a continuation nor blank, at file:line', () => {
    const result = parseSnmpWalk(
      `${WALK.split('\n').slice(0, 6).join('\n')}\nhello\u001b[2J world`,
      'x.walk',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(
      'x.walk:7:1: not an SNMP walk line (expected ".OID = TYPE: value"): "hello [2J world"',
    );
  });

  it('refuses a walk line in an snmprec file and a quoted string left open', () => {
    const mixed = parseSnmpWalk(
      '1.3.6.1.2.1.1.5.0|4|a\n.1.3.6.1.2.1.1.1.0 = STRING: b',
      'm.snmprec',
    );
    expect(mixed.ok ? '' : mixed.error.message).toMatch(/^m\.snmprec:2:1: not an SNMP walk line/);
    const open = parseSnmpWalk(
      '.1.3.6.1.2.1.1.5.0 = STRING: a\n.1.3.6.1.2.1.1.1.0 = STRING: "b\nc',
      'o',
    );
    expect(open.ok ? '' : open.error.message).toBe(
      'o:2:1: quoted string not closed before the end of the file',
    );
  });

  it('refuses an empty file at 1:1', () => {
    const result = parseSnmpWalk('\n\n', 'empty.walk');
    expect(result.ok ? '' : result.error.message).toBe(
      'empty.walk:1:1: empty file: no SNMP walk lines',
    );
  });

  it('bounds what it quotes of a long bad line', () => {
    const result = parseSnmpWalk('x'.repeat(10_000), 'long');
    expect(result.ok ? 0 : result.error.message.length).toBeLessThan(140);
  });
});
