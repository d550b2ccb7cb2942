import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseInventoryCsv } from '@vplan/formats';
import { readFileSync } from 'node:fs';
import { tempDir, vplan } from './vplan.fixture';

jest.setTimeout(60_000);

const LSCPU = `Architecture:            x86_64
CPU(s):                  32
Thread(s) per core:      2
Core(s) per socket:      8
Socket(s):               2
Vendor ID:               GenuineIntel
Model name:              Intel(R) Xeon(R) Gold 6134 CPU @ 3.20GHz
CPU MHz:                 3200.000
`;

const DMIDECODE = `# dmidecode 3.3
SMBIOS 3.0.0 present.

Handle 0x0001, DMI type 1, 27 bytes
System Information
	Manufacturer: Dell Inc.
	Product Name: PowerEdge R640
	Serial Number: 7XK2Q13
	UUID: 4c4c4544-0058-4b10-8032-b7c04f513133

Handle 0x0400, DMI type 4, 48 bytes
Processor Information
	Socket Designation: CPU1
	Version: Intel(R) Xeon(R) Gold 6134 CPU @ 3.20GHz
	Current Speed: 3200 MHz
	Status: Populated, Enabled
	Core Count: 8
	Thread Count: 16

Handle 0x0401, DMI type 4, 48 bytes
Processor Information
	Socket Designation: CPU2
	Version: Intel(R) Xeon(R) Gold 6134 CPU @ 3.20GHz
	Current Speed: 3200 MHz
	Status: Populated, Enabled
	Core Count: 8
	Thread Count: 16

Handle 0x1100, DMI type 17, 40 bytes
Memory Device
	Size: 64 GB

Handle 0x1101, DMI type 17, 40 bytes
Memory Device
	Size: 64 GB
`;

function readInventory(dir: string) {
  const read = parseInventoryCsv('inventory.csv', readFileSync(join(dir, 'inventory.csv'), 'utf8'));
  if (!read.ok) throw read.error;
  return read.value;
}

describe('vplan import lscpu|dmidecode|…', () => {
  const dir = tempDir('import-facts');

  it('reads a directory of lscpu files (gzipped too) into inventory.csv with provenance', () => {
    const files = join(dir, 'lscpu');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'db1'), LSCPU);
    writeFileSync(
      join(files, 'db2.gz'),
      gzipSync(LSCPU.replace('Socket(s):               2', 'Socket(s):               1')),
    );
    writeFileSync(join(files, 'README.md'), '# not an lscpu output\n');
    const out = join(dir, 'out-lscpu');
    const run = vplan('import', 'lscpu', files, '--out', out, '--quiet');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/files\s+2\b/);
    const assets = readInventory(out);
    expect(assets).toHaveLength(2);
    expect(assets[0]?.capacity).toMatchObject({
      cores: 16,
      cpuModel: 'Intel(R) Xeon(R) Gold 6134 CPU @ 3.20GHz',
    });
    expect(assets[0]?.custom['cores_source']).toMatch(/^lscpu \(.*db1\)$/);
  });

  it('refuses a bad file with file:line and writes nothing, unless --keep-going', () => {
    const files = join(dir, 'mixed');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'good.dmi'), DMIDECODE);
    writeFileSync(join(files, 'bad.json'), '{ "processorcount": 4,\n  "memorysize_mb": }\n');
    const out = join(dir, 'out-bad');
    const refused = vplan('import', 'facts', join(files, 'bad.json'), '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad\.json:2:\d+: /);
    const kept = vplan('import', 'dmidecode', join(files, 'good.dmi'), '--out', out, '--quiet');
    expect([kept.code, kept.stderr]).toEqual([0, '']);
    const [server] = readInventory(out);
    expect(server?.capacity).toMatchObject({ cores: 16, memoryGiB: 128 });
    expect(server?.custom['serial']).toBe('7XK2Q13');
  });

  it('keeps an implausible clock out of sizing and says so', () => {
    const files = join(dir, 'odd');
    mkdirSync(files, { recursive: true });
    writeFileSync(
      join(files, 'odd'),
      LSCPU.replace(
        'CPU MHz:                 3200.000',
        'CPU MHz:                 1386000',
      ).replace(' @ 3.20GHz', ''),
    );
    const out = join(dir, 'out-odd');
    const run = vplan('import', 'lscpu', files, '--out', out, '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning: .*odd:\d+: implausible cpuMhz 1386000/);
    const [server] = readInventory(out);
    expect(server?.capacity.cpuMhz).toBeUndefined();
  });
});
