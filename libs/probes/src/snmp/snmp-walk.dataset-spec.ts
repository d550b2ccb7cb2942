import { readFileSync, readdirSync } from 'node:fs';
import { datasetPath } from '@vplan/testing';
import { PLAUSIBLE, type HostFacts, type PlausibleField } from '../host-facts';
import { parseSnmpWalk } from './snmp-walk';

const files = readdirSync(datasetPath('snmp_walks')).filter((name) => name !== 'README.md');

function read(name: string): HostFacts {
  const result = parseSnmpWalk(readFileSync(datasetPath('snmp_walks', name), 'utf8'), name);
  if (!result.ok) throw result.error;
  expect(result.value).toHaveLength(1);
  return result.value[0] as HostFacts;
}

describe('parseSnmpWalk on real SNMP walks', () => {
  it('finds the four walks of the data set', () => {
    expect(files.sort()).toEqual([
      'linux-full-walk.snmprec',
      'linux.snmpwalk',
      'winxp-full-walk.snmprec',
      'winxp1.snmpwalk',
    ]);
  });

  it.each(files)('reads %s: about 1 GB of memory, plausible sizing, warnings located', (name) => {
    const host = read(name);
    expect(host.source).toEqual({ kind: 'snmp', file: name });
    expect(host.hardware.memoryGiB).toBeGreaterThan(0.9);
    expect(host.hardware.memoryGiB).toBeLessThan(1);
    for (const [field, value] of Object.entries(host.hardware)) {
      if (typeof value !== 'number') continue;
      const range = PLAUSIBLE[field as PlausibleField];
      expect(value).toBeGreaterThanOrEqual(range.min);
      expect(value).toBeLessThanOrEqual(range.max);
    }
    for (const warning of host.warnings) expect(warning.where).toMatch(`${name}:`);
  });

  it('reads the Linux walk: two Pentium 4 threads, three file systems, eth0', () => {
    const host = read('linux.snmpwalk');
    expect(host.hardware).toEqual({
      cpuModel: 'Intel(R) Pentium(R) 4 CPU 3.00GHz',
      threads: 2,
      cpuMhz: 3000,
      memoryGiB: 0.964, // 1,011,344 KB
      diskGiB: 439.19, // 4,096 B × (2,164,327 + 16,822,765 + 96,144,541)
    });
    expect(host.os).toEqual({ family: 'linux', kernel: '2.6.37.6-smp' });
    expect(host.identity.macs).toEqual(['00:12:79:62:f9:40']);
    expect(host.identity.ips).toEqual(['195.218.254.105']);
    expect(host.interfaces?.find((i) => i.name === 'eth0')?.speedMbps).toBe(100);
    expect(host.devices).toContain('SCSI disk (/dev/sda)');
  });

  it('refuses the Linux walk’s placeholder sysName "new system name" as a host name, with a warning', () => {
    const host = read('linux.snmpwalk');
    expect(host.identity.hostname).toBeUndefined();
    expect(host.warnings).toEqual([
      expect.objectContaining({ where: 'linux.snmpwalk:5', field: 'identity.hostname' }),
    ]);
  });

  it('reads the same Linux host from its snmprec recording (sysName tt, hex MAC and IPs)', () => {
    const host = read('linux-full-walk.snmprec');
    expect(host.identity).toEqual({
      macs: ['00:12:79:62:f9:40'],
      ips: ['195.218.254.105'],
      hostname: 'tt',
    });
    expect(host.hardware.threads).toBe(2);
    expect(host.os?.kernel).toBe('2.6.21.5-smp');
  });

  it.each(['winxp1.snmpwalk', 'winxp-full-walk.snmprec'])(
    'reads %s as Windows XP CRAY with two NICs, one CPU and C: + Z: disks',
    (name) => {
      const host = read(name);
      expect(host.identity).toEqual({
        macs: ['00:0e:35:d3:3d:53', '00:15:83:07:d4:19'],
        ips: ['192.168.1.9'],
        hostname: 'CRAY',
      });
      // the processor is described only as "Intel": no model taken
      expect(host.hardware).toEqual({ threads: 1, memoryGiB: 0.968, diskGiB: 111.06 });
      expect(host.os).toEqual({
        family: 'windows',
        version: 'Windows XP',
        kernel: 'NT 5.1 build 2600',
      });
      expect(host.devices).toContain('Fax - HP Officejet 6500 E710a-f');
      expect(host.interfaces?.[1]?.name).toBe('Intel(R) PRO/Wireless 2200BG Network Connection');
      expect(host.warnings).toEqual([]);
    },
  );
  it('turns an implausible value of a real walk into a warning at its line', () => {
    const text = readFileSync(datasetPath('snmp_walks', 'linux.snmpwalk'), 'utf8').replace(
      '.1.3.6.1.2.1.25.2.2.0 = INTEGER: 1011344',
      '.1.3.6.1.2.1.25.2.2.0 = INTEGER: 1011',
    );
    const result = parseSnmpWalk(text, 'linux.snmpwalk');
    if (!result.ok) throw result.error;
    const [host] = result.value;
    expect(host?.hardware.memoryGiB).toBeUndefined();
    expect(host?.warnings).toContainEqual(
      expect.objectContaining({ where: 'linux.snmpwalk:805', field: 'hardware.memoryGiB' }),
    );
  });
});
