import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetPath } from '@vplan/testing';
import type { HostFacts } from '../host-facts';
import { parseDmidecode } from './dmidecode';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();

const servers = datasetPath('linuxhw_dmidecode_servers', 'Server');
const probes = filesUnder(servers).filter((f) => f.endsWith('.gz'));

function read(path: string): HostFacts {
  const result = parseDmidecode(
    gunzipSync(readFileSync(path)).toString('utf8'),
    relative(servers, path),
  );
  if (!result.ok) throw result.error;
  return result.value[0] as HostFacts;
}

describe('parseDmidecode on linux-hardware.org server probes', () => {
  it('reads all 501 probes, each to one host with its populated sockets', () => {
    expect(probes).toHaveLength(501);
    for (const path of probes) {
      const facts = read(path);
      expect(facts.where).toMatch(/:\d+$/);
      expect(facts.hardware.sockets).toBeGreaterThan(0);
    }
  });

  it('counts populated sockets (1: 207, 2: 275, 4: 17, 8: 2) and finds memory in 500', () => {
    const sockets: Record<string, number> = {};
    let withMemory = 0;
    for (const path of probes) {
      const { hardware } = read(path);
      const key = String(hardware.sockets ?? 'none');
      sockets[key] = (sockets[key] ?? 0) + 1;
      if (hardware.memoryGiB !== undefined) withMemory++;
    }
    expect(sockets).toEqual({ '1': 207, '2': 275, '4': 17, '8': 2 });
    expect(withMemory).toBe(500);
  });

  it('reads a Fujitsu RX300 S7: 2 × E5-2670 with 16 cores, 32 threads, 2600 MHz, 256 GiB', () => {
    const facts = read(join(servers, 'Fujitsu/PRIMERGY/PRIMERGY RX300 S7/B732C00110CF.gz'));
    expect(facts.hardware).toEqual({
      vendor: 'FUJITSU',
      model: 'PRIMERGY RX300 S7',
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz',
      sockets: 2,
      cores: 16,
      threads: 32,
      cpuMhz: 2600,
      memoryGiB: 256,
    });
    expect(facts.identity).toEqual({ biosUuid: '--', serial: '--' }); // masked by hw-probe, kept as written
  });

  it('counts the HP Gen8 second CPU reported "Populated, Idle"', () => {
    expect(
      read(join(servers, 'Hewlett-Packard/ProLiant/ProLiant DL380p Gen8/04C0E4BFF77E.gz')).hardware
        .sockets,
    ).toBe(2);
  });

  it('counts the TYAN S8812 sockets its BIOS calls disabled, with a warning', () => {
    const facts = read(join(servers, 'TYAN Computer/S/S8812/8BB655A4F737.gz'));
    expect(facts.hardware.sockets).toBe(4);
    expect(facts.warnings.map((w) => w.field)).toEqual(['hardware.sockets']);
  });
});

describe('parseDmidecode on the Facter fixtures', () => {
  const fixtures = datasetPath('facter_hw_fixtures');
  const all = filesUnder(fixtures).filter((f) => !f.endsWith('README.md'));
  const dmidecode = all.filter((f) => /dmi_?decode/.test(f));

  it('reads the 5 dmidecode fixtures and refuses every other fixture at 1:1', () => {
    expect(dmidecode).toHaveLength(5);
    for (const path of all) {
      const result = parseDmidecode(readFileSync(path, 'utf8'), relative(fixtures, path));
      if (dmidecode.includes(path)) {
        if (!result.ok) throw result.error;
      } else {
        expect(!result.ok && result.error.message).toMatch(/^[^:]+:1:1: not dmidecode output/);
      }
    }
  });

  it('reads the VMware guest: its UUID as written and the hypervisor', () => {
    const result = parseDmidecode(
      readFileSync(join(fixtures, 'head/dmi_decode_vmware'), 'utf8'),
      'dmi_decode_vmware',
    );
    if (!result.ok) throw result.error;
    expect(result.value[0]?.identity.biosUuid).toBe('9aee1a42-138e-e5ee-fcec-823dcd747694');
    expect(result.value[0]?.hardware).toMatchObject({
      vendor: 'VMware, Inc.',
      virtualization: 'vmware',
    });
  });

  it('reads the dmidecode 2.2 layout with indented titles', () => {
    const path = join(fixtures, 'legacy_2013/unit/util/manufacturer/linux_dmidecode_with_spaces');
    const result = parseDmidecode(readFileSync(path, 'utf8'), 'linux_dmidecode_with_spaces');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.vendor).toBeDefined();
  });
});
