import type { Row } from './rvtools-workbook.fixture';
import { read, workbook } from './rvtools-workbook.fixture';
import { joinHostNames } from './host-join';
import { readRvtoolsCsvTexts, readRvtoolsWorkbook } from './rvtools-workbook';

const HOSTS: Row[] = [
  [
    'Host',
    'Cluster',
    'CPU Model',
    '# CPU',
    'Cores per CPU',
    '# Cores',
    'Speed',
    '# Memory',
    'CPU usage %',
    'Memory usage %',
  ],
  ['esx1', 'C1', 'Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz', 2, 8, 16, 2700, 262144, 50, 25],
];

describe('readRvtoolsWorkbook', () => {
  it('reads RVTools 3.x headers (MB) and 4.x headers (MiB) to the same estate', async () => {
    const old = await read({
      vInfo: [
        ['VM', 'Powerstate', 'Template', 'CPUs', 'Memory', 'Provisioned MB', 'Host'],
        ['a', 'poweredOn', false, 2, 4096, 10240, 'esx1.corp.local'],
      ],
      vHost: HOSTS,
    });
    const modern = await read({
      vInfo: [
        ['VM', 'Power state ', 'Template', '# CPU', 'Memory MiB', 'Provisioned MiB', 'Host'],
        ['a', 'poweredOn', 'False', 2, 4096, 10240, 'esx1.corp.local'],
      ],
      vHost: HOSTS,
    });
    expect(old.estate.assets).toEqual(modern.estate.assets);
    const a = old.estate.assets[0];
    expect(a?.capacity).toEqual({
      cores: 2,
      memoryGiB: 4,
      cpuMhz: 5400,
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz',
    });
    expect(a?.custom['provisioned_gib']).toBe('10');
    // host at 50 % of 16 × 2700 MHz, one VM of 2 vCPUs: all of it is that VM's
    expect(a?.usage).toEqual({
      cpuMhz: 21600,
      memoryGiB: 4,
      source: expect.stringMatching(/vHost/),
    });
    expect(old.estate.baseline.hosts[0]).toMatchObject({
      name: 'esx1',
      cores: 16,
      memoryGiB: 256,
      vms: ['a'],
      vcpus: 2,
    });
  });

  it('reads GB columns by their name and formula cells by their result', async () => {
    const { estate } = await read({
      vInfo: [
        ['VM', 'CPUs', 'Memory GB', 'Provisioned GB'],
        ['a', { formula: '1+1', result: 2 }, 8, 100],
      ],
    });
    expect(estate.assets[0]?.capacity).toEqual({ cores: 2, memoryGiB: 8 });
    expect(estate.assets[0]?.custom['provisioned_gib']).toBe('100');
    expect(estate.baseline.notes.join(' ')).toMatch(/no vHost sheet/);
  });

  it('skips powered-off VMs, templates and duplicates with where, unless included', async () => {
    const vInfo: Row[] = [
      ['VM', 'Powerstate', 'Template', 'CPUs', 'Memory'],
      ['on', 'poweredOn', false, 1, 1024],
      ['off', 'poweredOff', false, 1, 1024],
      ['tpl', 'poweredOff', true, 1, 1024],
      ['on', 'poweredOn', false, 1, 1024],
    ];
    const { estate } = await read({ vInfo });
    expect(estate.assets.map((a) => a.id)).toEqual(['on']);
    expect(estate.baseline.skipped).toEqual([
      { asset: 'off', reason: 'powered-off', where: 'x.xlsx:vInfo:3' },
      { asset: 'tpl', reason: 'template', where: 'x.xlsx:vInfo:4' },
      { asset: 'on', reason: 'duplicate', where: 'x.xlsx:vInfo:5' },
    ]);
    const all = await read({ vInfo }, { includePoweredOff: true, includeTemplates: true });
    expect(all.estate.assets.map((a) => a.id)).toEqual(['on', 'off', 'tpl']);
  });

  it('names file, sheet and header row when a required column is missing', async () => {
    const result = await readRvtoolsWorkbook(
      await workbook({
        vInfo: [
          ['VM', 'Memory'],
          ['a', 1024],
        ],
      }),
      { file: 'x.xlsx' },
    );
    expect(!result.ok && result.error.message).toMatch(
      /^x\.xlsx:vInfo:1:1: header row 1 has no column for "cpus"/,
    );
  });

  it('names file, sheet, row and column letter of a bad cell', async () => {
    const result = await readRvtoolsWorkbook(
      await workbook({
        vInfo: [
          ['VM', 'CPUs', 'Memory'],
          ['a', 'two', 1024],
        ],
      }),
      { file: 'x.xlsx' },
    );
    expect(!result.ok && result.error.message).toBe(
      'x.xlsx:vInfo:2:2: column B (CPUs): expected a number, found "two"',
    );
  });

  it('marks SQL Server VMs as licensed and maps the OS family', async () => {
    const { estate } = await read({
      vInfo: [
        ['VM', 'CPUs', 'Memory', 'OS according to the configuration file', 'Annotation'],
        ['db', 4, 8192, 'Microsoft Windows Server 2012 (64-bit)', 'SQL Server 2014 cluster'],
      ],
    });
    expect(estate.assets[0]?.business.licences).toEqual(['sql-server']);
    expect(estate.assets[0]?.technical?.osFamily).toBe('windows');
  });
});

describe('readRvtoolsCsvTexts', () => {
  it('reads per-tab CSVs and takes vCPU/vMemory usage before the host snapshot', async () => {
    const texts = new Map([
      ['RVTools_tabvInfo.csv', 'VM,Powerstate,CPUs,Memory,Host\r\nv1,poweredOn,2,2048,esx1\r\n'],
      ['RVTools_tabvCPU.csv', 'VM,Overall\nv1,1500\n'],
      ['vMemory.csv', 'VM;Consumed MB\nv1;1024\n'],
      ['vNetwork.csv', 'VM,Network\nv1,vlan 20\nv1,prod-pg\nv1,vlan 20\n'],
      ['notes.txt', 'ignored'],
    ]);
    const result = await readRvtoolsCsvTexts(texts, { file: 'dir' });
    if (!result.ok) throw result.error;
    expect(result.value.estate.assets[0]?.usage).toEqual({
      cpuMhz: 1500,
      memoryGiB: 1,
      source: 'vCPU Overall / vMemory',
    });
    expect(result.value.estate.baseline.unknownHosts).toEqual(['esx1']);
    expect(result.value.estate.assets[0]?.technical?.vlans).toEqual(['vlan 20', 'prod-pg']);
  });
});

describe('joinHostNames', () => {
  it('joins exact, then short case-insensitive, then unique prefix/suffix names', () => {
    const { map, unknown } = joinHostNames(
      ['vmprod-01', 'VMPROD-02.corp.com', 'bovmsp-04.customer.com', 'bovmdmz4-01'],
      ['vmprod-01', 'vmprod-02', 'vmsp-04', 'vmdmz7-02'],
    );
    expect([...map]).toEqual([
      ['vmprod-01', 'vmprod-01'],
      ['VMPROD-02.corp.com', 'vmprod-02'],
      ['bovmsp-04.customer.com', 'vmsp-04'],
    ]);
    expect(unknown).toEqual(['bovmdmz4-01']);
  });
});
