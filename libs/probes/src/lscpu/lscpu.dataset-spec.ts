import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { datasetPath } from '@vplan/testing';
import type { HostFacts } from '../host-facts';
import { parseLscpu } from './lscpu';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();

const root = datasetPath('linuxhw_lscpu_server_cpus');
const reports = filesUnder(root).filter((f) => !f.endsWith('.md'));

function read(path: string): HostFacts {
  const result = parseLscpu(readFileSync(path, 'utf8'), relative(root, path));
  if (!result.ok) throw result.error;
  return result.value[0] as HostFacts;
}

describe('parseLscpu on linux-hardware.org server CPUs', () => {
  it('reads all 453 reports with threads, sockets, cores, model and a plausible clock', () => {
    expect(reports).toHaveLength(453);
    const sockets: Record<string, number> = {};
    for (const path of reports) {
      const { hardware, warnings } = read(path);
      expect(hardware.threads).toBeGreaterThan(0);
      expect(hardware.cores).toBeGreaterThan(0);
      expect(hardware.cpuModel).toBeDefined();
      expect(hardware.cpuMhz).toBeGreaterThanOrEqual(100);
      expect(warnings.filter((w) => w.field !== 'hardware.virtualization')).toEqual([]);
      const key = String(hardware.sockets);
      sockets[key] = (sockets[key] ?? 0) + 1;
    }
    expect(sockets).toEqual({ '1': 293, '2': 142, '4': 18 }); // the README's counts
  });

  it('reads an E3-1241 v3 at its max clock, 3900 MHz', () => {
    const path = filesUnder(join(root, 'Intel/Xeon/Xeon E3-1241 v3'))[0] as string;
    expect(read(path).hardware).toMatchObject({
      sockets: 1,
      cpuMhz: 3900,
      cpuModel: 'Intel(R) Xeon(R) CPU E3-1241 v3 @ 3.50GHz',
    });
  });

  it('marks the 2 Xen reports as virtual, with a warning about the guest topology', () => {
    const xen = reports.map(read).filter((f) => f.hardware.virtualization !== undefined);
    expect(xen.map((f) => f.hardware.virtualization)).toEqual(['xen', 'xen']);
    expect(xen.every((f) => f.warnings.length === 1)).toBe(true);
  });
});

describe('parseLscpu on the Facter /proc/cpuinfo fixtures', () => {
  const fixtures = datasetPath('facter_hw_fixtures');
  const cpuinfo = filesUnder(fixtures).filter((f) => /cpuinfo/.test(relative(fixtures, f)));
  const read = (name: string): HostFacts => {
    const result = parseLscpu(readFileSync(join(fixtures, name), 'utf8'), name);
    if (!result.ok) throw result.error;
    return result.value[0] as HostFacts;
  };

  it('reads all 12 cpuinfo fixtures (x86, ARM, POWER, SPARC)', () => {
    expect(cpuinfo).toHaveLength(12);
    for (const path of cpuinfo)
      expect(read(relative(fixtures, path)).hardware.cpuModel).toBeDefined();
  });

  it('turns the 1,386 GHz Opteron core of amd64quad into a warning', () => {
    const facts = read('legacy_2013/cpuinfo/amd64quad');
    expect(facts.hardware.cpuMhz).toBeUndefined();
    expect(facts.warnings).toEqual([
      expect.objectContaining({
        where: 'legacy_2013/cpuinfo/amd64quad:7',
        field: 'hardware.cpuMhz',
        value: 1386667.908,
      }),
    ]);
  });

  it('reads the 24-thread Westmere-EP: 2 sockets × 6 cores, 3070 MHz', () => {
    expect(read('legacy_2013/cpuinfo/amd64twentyfour').hardware).toMatchObject({
      sockets: 2,
      cores: 12,
      threads: 24,
      cpuMhz: 3070,
    });
  });
});
