import { inventoryToCsv, parseInventoryCsv } from '@vplan/formats';
import { factsToAssets } from './facts-assets';
import type { HostFacts } from './host-facts';
import { plausible, type FactWarning } from './host-facts';
import { peripheralsOf } from './peripherals';

const facts = (over: Partial<HostFacts> & Pick<HostFacts, 'source'>): HostFacts => ({
  identity: {},
  hardware: {},
  warnings: [],
  ...over,
});

describe('factsToAssets', () => {
  it('takes each field from the most trusted source, with provenance and the values that lost', () => {
    const [asset] = factsToAssets([
      [
        facts({
          source: { kind: 'lscpu', file: 'db1.lscpu' },
          identity: { hostname: 'DB1' },
          hardware: { cores: 16, cpuMhz: 2600, cpuModel: 'Intel(R) Xeon(R)  Gold 6142' },
        }),
        facts({
          source: { kind: 'dmidecode', file: 'db1.dmi' },
          identity: { biosUuid: '4C4C4544-0042-3510-8052-B4C04F4A4E32', serial: 'ABC123' },
          hardware: { cores: 32, memoryGiB: 256, vendor: 'Dell Inc.' },
          devices: ['QLogic ISP2532-based 8Gb Fibre Channel to PCI Express HBA'],
        }),
      ],
    ]);
    expect(asset).toMatchObject({
      id: 'db1',
      hostname: 'db1',
      capacity: {
        cores: 32,
        cpuMhz: 32 * 2600,
        memoryGiB: 256,
        cpuModel: 'Intel(R) Xeon(R) Gold 6142',
      },
      technical: { peripherals: ['fc-hba'] },
    });
    expect(asset!.custom['cores_source']).toBe('dmidecode (db1.dmi)');
    expect(asset!.custom['cpu_model_source']).toBe('lscpu (db1.lscpu)');
    expect(asset!.custom['conflicts']).toBe('cores: 16 from lscpu (db1.lscpu)');
    expect(asset!.custom['bios_uuid']).toBe('4c4c4544-0042-3510-8052-b4c04f4a4e32');
    expect(asset!.custom['sources']).toBe('lscpu (db1.lscpu); dmidecode (db1.dmi)');
  });

  it('writes an inventory CSV that reads back, ids unique', () => {
    const assets = factsToAssets([
      [facts({ source: { kind: 'nmap', file: 'a.xml' }, identity: { ips: ['10.0.0.5'] } })],
      [facts({ source: { kind: 'nmap', file: 'a.xml' }, identity: { ips: ['10.0.0.5'] } })],
    ]);
    expect(assets.map((a) => a.id)).toEqual(['10.0.0.5', '10.0.0.5-2']);
    const read = parseInventoryCsv('inventory.csv', inventoryToCsv(assets));
    if (!read.ok) throw read.error;
    expect(read.value.map((a) => a.id)).toEqual(['10.0.0.5', '10.0.0.5-2']);
  });

  it('keeps implausible values out of sizing, as warnings naming where', () => {
    const warnings: FactWarning[] = [];
    expect(plausible('cpuMhz', 1_386_000, 'x.lscpu:7', warnings)).toBeUndefined();
    expect(plausible('memoryGiB', 0.01, 'x:3', warnings)).toBeUndefined();
    expect(plausible('cpuMhz', 0, 'x:4', warnings)).toBeUndefined();
    expect(plausible('cpuMhz', 2400, 'x:5', warnings)).toBe(2400);
    expect(warnings.map((w) => w.where)).toEqual(['x.lscpu:7', 'x:3', 'x:4']);
    expect(warnings[0]!.message).toMatch(/implausible cpuMhz 1386000 .*kept out of sizing/);
    const [asset] = factsToAssets([
      [facts({ source: { kind: 'lscpu', file: 'x.lscpu' }, warnings })],
    ]);
    expect(asset!.capacity).toEqual({});
    expect(asset!.custom['warnings']).toMatch(/^x\.lscpu:7: implausible cpuMhz/);
  });
});

describe('peripheralsOf', () => {
  it.each([
    ['NVIDIA Corporation GA100 [A100 PCIe 40GB]', ['gpu']],
    ['Emulex Corporation LightPulse Fibre Channel Host Adapter', ['fc-hba']],
    ['SafeNet Sentinel HASP Key', ['usb-dongle']],
    ['Brooktrout TR1034 fax board', ['fax']],
    ['HP Ultrium LTO-6 tape drive', ['tape']],
    ['Intel Corporation 82599ES 10-Gigabit SFI/SFP+ Network Connection', []],
  ])('%s → %j', (device, kinds) => {
    expect(peripheralsOf([device])).toEqual(kinds);
  });
});
