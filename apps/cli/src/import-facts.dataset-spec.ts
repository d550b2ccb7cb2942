// Acceptance of `vplan import` on the real files (npm run test:datasets): every file of the
// nmap, SNMP, facter, dmidecode and lscpu data sets is imported or refused with
// file:line:column and what is wrong; implausible values are warned about and kept out of
// sizing; inventory.csv reads back as the inventory `vplan plan --inventory` takes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventoryCsv } from '@vplan/formats';
import { datasetPath } from '@vplan/testing';
import { tempDir, vplan } from './vplan.fixture';

jest.setTimeout(300_000);

function inventory(dir: string) {
  const read = parseInventoryCsv('inventory.csv', readFileSync(join(dir, 'inventory.csv'), 'utf8'));
  if (!read.ok) throw read.error;
  return read.value;
}

describe.each([
  ['nmap', 'nmap_xml', 25, 0],
  ['snmp', 'snmp_walks', 4, 0],
  ['lscpu', 'linuxhw_lscpu_server_cpus', 453, 0],
  ['dmidecode', 'linuxhw_dmidecode_servers', 501, 0],
  ['dmidecode', 'facter_hw_fixtures', 39, 34],
  ['lscpu', 'facter_hw_fixtures/legacy_2013/cpuinfo', 10, 0],
] as const)('vplan import %s %s', (kind, folder, files, refused) => {
  it(`reads ${files} files (${refused} refused with file:line:column), into a readable inventory`, () => {
    const out = tempDir(`import-${kind}`);
    const run = vplan('import', kind, datasetPath(folder), '--keep-going', '--out', out, '--quiet');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(
      new RegExp(`files\\s+${files}\\b${refused > 0 ? ` \\(${refused} refused\\)` : '(?! \\()'}`),
    );
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('  refused: '));
    expect(lines).toHaveLength(refused);
    for (const line of lines) expect(line).toMatch(/^ {2}refused: .+:\d+:\d+: \S/);
    const assets = inventory(out);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(a.custom['sources']).toMatch(new RegExp(`^${kind} \\(`));
  });
});

describe('implausible values from real files', () => {
  it("warns about facter's 1,386 GHz core and keeps it out of sizing", () => {
    const out = tempDir('import-cpuinfo');
    const run = vplan(
      'import',
      'lscpu',
      datasetPath('facter_hw_fixtures/legacy_2013/cpuinfo/amd64quad'),
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/amd64quad:\d+: implausible cpuMhz 1386667\.908/);
    const [machine] = inventory(out);
    expect(machine?.capacity.cpuMhz).toBeUndefined();
    expect(machine?.custom['warnings']).toMatch(/implausible cpuMhz/);
  });

  it('dmidecode servers: sockets, cores and memory of every machine within plausible ranges', () => {
    const out = tempDir('import-dmi');
    const run = vplan(
      'import',
      'dmidecode',
      datasetPath('linuxhw_dmidecode_servers'),
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    const assets = inventory(out);
    expect(assets).toHaveLength(501);
    const sized = assets.filter((a) => a.capacity.memoryGiB !== undefined);
    expect(sized.length).toBeGreaterThanOrEqual(490);
    for (const a of sized) expect(a.capacity.memoryGiB!).toBeLessThanOrEqual(65_536);
  });
});
