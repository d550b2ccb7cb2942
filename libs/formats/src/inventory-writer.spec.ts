import { makeAsset, type Asset } from '@vplan/domain';
import { parseInventoryCsv } from './inventory-csv';
import { INVENTORY_CSV_HEADER, inventoryToCsv } from './inventory-writer';

const ASSETS: Asset[] = [
  makeAsset('db-1', {
    hostname: 'db-1.example.com',
    site: 'ams1',
    capacity: {
      cpuMhz: 9600.5,
      cores: 4,
      memoryGiB: 31.75,
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz',
      cpuRating: 4.25,
    },
    business: {
      environment: 'prod',
      owner: 'anna, bakker',
      department: 'Finance',
      costCenter: 'CC-4100',
      application: 'fin-ledger',
      role: 'db',
      availability: '99.99',
      maintenanceWindows: [
        { start: 6 * 1440 + 120, minutes: 240 },
        { start: 5 * 1440 + 1380, minutes: 120 },
        { start: 5 * 1440 + 1320, minutes: 1920 },
      ],
      maintenanceTimezone: 'Europe/Amsterdam',
      compliance: ['pci', 'sox'],
      affinityGroup: 'fin-ledger-appdb',
      antiAffinityGroup: 'fin-ledger-prod-db',
      drGroup: 'fin-ledger-db',
    },
    technical: {
      osFamily: 'linux',
      osVersion: 'RHEL 7.9',
      vlans: ['1130', 'backup'],
      subnet: '10.16.30.0/24',
      storage: 'san',
      peripherals: ['tape', 'usb-dongle'],
      upsRequired: true,
    },
    custom: { tier: 'db', Notes: ' old "box", loud\nsecond line' },
  }),
  makeAsset('web 2', {
    business: { maintenanceWindows: [{ start: 0, minutes: 7 * 1440 }] },
    technical: { upsRequired: false, osFamily: 'other' },
    custom: { rack: 'R12' },
  }),
  makeAsset('bare'),
];

describe('inventoryToCsv', () => {
  it('writes every canonical column, then the custom columns in order of appearance', () => {
    const [header] = inventoryToCsv(ASSETS).split('\n');
    expect(header).toBe([...INVENTORY_CSV_HEADER, 'tier', 'Notes', 'rack'].join(','));
  });

  it('reads back into equal assets', () => {
    const csv = inventoryToCsv(ASSETS);
    const parsed = parseInventoryCsv('inventory.csv', csv);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value).toEqual(ASSETS);
  });

  it('writes lists with ; and windows in their readable form', () => {
    const row = inventoryToCsv(ASSETS).split('\n')[1] ?? '';
    expect(row).toContain(
      ',Sun 02:00-06:00; Sat 23:00-01:00; Sat 22:00-Mon 06:00,Europe/Amsterdam,pci;sox,',
    );
    expect(row).toContain(',yes,');
  });

  it('refuses a custom column that would read back as an inventory column', () => {
    expect(() => inventoryToCsv([makeAsset('a', { custom: { OS: 'RHEL 7' } })])).toThrow(
      /custom column "OS"/,
    );
  });
});
