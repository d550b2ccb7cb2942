import { readFileSync, readdirSync } from 'node:fs';
import { datasetPath } from '@vplan/testing';
import { PLAUSIBLE, type HostFacts, type PlausibleField } from '../host-facts';
import { parseNmapXml } from './nmap-xml';

const FOLDERS = ['python-libnmap', 'Ullaakut_nmap'];
const files = FOLDERS.flatMap((folder) =>
  readdirSync(datasetPath('nmap_xml', folder))
    .filter((name) => name.endsWith('.xml'))
    .map((name) => ({ folder, name })),
);

function read(folder: string, name: string): HostFacts[] {
  const result = parseNmapXml(readFileSync(datasetPath('nmap_xml', folder, name), 'utf8'), name);
  if (!result.ok) throw result.error;
  return result.value;
}

describe('parseNmapXml on real nmap reports', () => {
  it('finds all 25 reports of the data set', () => {
    expect(files).toHaveLength(25);
  });

  it.each(files)(
    'reads $folder/$name, every host located at its <host> line',
    ({ folder, name }) => {
      const hosts = read(folder, name);
      const lines = readFileSync(datasetPath('nmap_xml', folder, name), 'utf8').split('\n');
      for (const host of hosts) {
        expect(host.source).toEqual({ kind: 'nmap', file: name });
        const line = Number(host.where?.slice(name.length + 1));
        expect(lines[line - 1]).toMatch(/<host[\s>]/);
        for (const [field, value] of Object.entries(host.hardware)) {
          if (typeof value !== 'number') continue;
          const range = PLAUSIBLE[field as PlausibleField];
          expect(value).toBeGreaterThanOrEqual(range.min);
          expect(value).toBeLessThanOrEqual(range.max);
        }
      }
    },
  );

  it('keeps only the up hosts of the /24 sweeps (as the README counts them)', () => {
    const up: Record<string, number> = {
      'full_sudo5.xml': 4,
      'full_sudo6.xml': 4,
      'fullscan.xml': 2,
      'os_scan5.xml': 4,
      'os_scan6.xml': 3,
      '2_hosts.xml': 2,
    };
    for (const [name, count] of Object.entries(up)) {
      expect(read('python-libnmap', name)).toHaveLength(count);
    }
  });

  it('reads scanme.nmap.org with its open ports from 2_hosts.xml', () => {
    const scanme = read('python-libnmap', '2_hosts.xml')[1];
    expect(scanme?.identity).toEqual({
      ips: ['74.207.244.221'],
      hostname: 'scanme',
      fqdn: 'scanme.nmap.org',
    });
    expect(scanme?.services?.map((s) => s.port)).toEqual([22, 80, 9929]);
  });

  it('reads the MAC, services and Linux OS match of the dionaea scan', () => {
    const [host] = read('python-libnmap', 'dionaea_scan.xml');
    expect(host?.identity.macs).toEqual(['02:42:ac:1c:01:03']);
    expect(host?.services).toHaveLength(16);
    expect(host?.os).toEqual({ family: 'linux', version: 'Linux 4.15 - 5.6' });
  });

  it('reads a Windows guess and no sizing facts from full_sudo6.xml', () => {
    const hosts = read('python-libnmap', 'full_sudo6.xml');
    const windows = hosts.find((h) => h.identity.ips?.includes('192.168.1.5'));
    expect(windows?.identity.macs).toEqual(['00:1f:3c:87:66:50']);
    expect(windows?.os?.family).toBe('windows');
    expect(hosts.every((h) => Object.keys(h.hardware).length === 0)).toBe(true);
  });

  it('reads the nmap 4.53 report of the Go library (MicroTik guess, warned)', () => {
    const [host] = read('Ullaakut_nmap', 'scan_base.xml');
    expect(host?.identity.fqdn).toBe('freshmeat.net');
    expect(host?.os?.version).toBe('MicroTik RouterOS 2.9.46');
    expect(host?.warnings[0]?.message).toMatch(/^OS guessed by nmap at \d+% accuracy$/);
  });
});
