import { read, readError, type Row } from './rvtools-workbook.fixture';
import { readRvtoolsCsvTexts } from './rvtools-workbook';

const VINFO: Row[] = [
  ['VM', 'Powerstate', 'CPUs', 'Memory', 'Provisioned MiB', 'OS', 'Host', 'Department'],
  ['a', 'poweredOn', 2, 4096, 51200, 'Red Hat Enterprise Linux 8 (64-bit)', 'esx1', 'finance'],
  ['b', 'poweredOn', 1, 2048, 10240, null, 'esx1', null],
  ['c', 'poweredOn', 1, 2048, 10240, null, 'esx1', null],
];
const VHOST: Row[] = [
  ['Host', 'Cluster', '# Cores', 'Speed', '# Memory'],
  ['esx1', 'C1', 16, 2700, 262144],
];

/** vDisk rows of VMs a (10 GiB + 30.5 GiB) and b (1 GiB), capacities in the header's unit. */
function vDisk(unit: 'MB' | 'MiB' | 'GB'): Row[] {
  const size = (gib: number) => (unit === 'GB' ? gib : gib * 1024);
  return [
    ['VM', 'Disk', `Capacity ${unit}`, 'Thin', 'Controller'],
    ['a', 'Hard disk 1', size(10), 'True', 'VMware paravirtual SCSI'],
    ['a', 'Hard disk 2', size(30.5), 'False', 'LSI Logic SAS'],
    ['b', 'Hard disk 1', size(1), true, 'VMware paravirtual SCSI'],
  ];
}

describe('readRvtoolsWorkbook with a vDisk sheet', () => {
  it('sums each VM’s disks to GiB alike from MB, MiB and GB headers', async () => {
    const [mb, mib, gb] = await Promise.all(
      (['MB', 'MiB', 'GB'] as const).map((u) =>
        read({ vInfo: VINFO, vHost: VHOST, vDisk: vDisk(u) }),
      ),
    );
    expect(mb?.estate.assets).toEqual(mib?.estate.assets);
    expect(gb?.estate.assets).toEqual(mib?.estate.assets);
    const [a, b, c] = mib?.estate.assets ?? [];
    expect(a?.custom).toMatchObject({
      disks: '2',
      disk_gib: '40.5',
      thin_disks: '1',
      disk_controllers: 'VMware paravirtual SCSI; LSI Logic SAS',
      Department: 'finance',
    });
    expect(b?.custom).toMatchObject({ disks: '1', disk_gib: '1', thin_disks: '1' });
    expect(c?.custom).not.toHaveProperty('disks');
    expect(a?.technical).toEqual({
      osFamily: 'linux',
      osVersion: 'Red Hat Enterprise Linux 8 (64-bit)',
    });
  });

  it('counts a repeated Disk label of one VM once (a duplicate VM name in vInfo)', async () => {
    const disks = vDisk('MiB');
    const { estate } = await read({ vInfo: VINFO, vDisk: [...disks, disks[1] as Row] });
    expect(estate.assets[0]?.custom).toMatchObject({ disks: '2', disk_gib: '40.5' });
  });

  it('marks a VM with a raw device mapping as needing SAN storage', async () => {
    const { estate } = await read({
      vInfo: VINFO,
      vDisk: [
        ['VM', 'Disk', 'Capacity MiB', 'Raw', 'Disk Mode', 'Raw Comp. Mode'],
        ['a', 'Hard disk 1', 10240, 'False', 'persistent', null],
        ['a', 'Hard disk 2', 512000, 'True', 'independent_persistent', 'physicalMode'],
        ['b', 'Hard disk 1', 10240, false, 'persistent', null],
      ],
    });
    const [a, b] = estate.assets;
    expect(a?.technical).toEqual({
      osFamily: 'linux',
      osVersion: 'Red Hat Enterprise Linux 8 (64-bit)',
      storage: 'san',
    });
    expect(a?.custom).toMatchObject({
      disks: '2',
      disk_gib: '510',
      rdm: 'true',
      rdm_mode: 'physical',
    });
    expect(b?.technical).toBeUndefined();
    expect(b?.custom).not.toHaveProperty('rdm');
  });

  it('names sheet, row and column of a bad capacity cell', async () => {
    const disks: Row[] = [
      ['VM', 'Disk', 'Capacity MiB'],
      ['a', 'Hard disk 1', 10240],
      ['a', 'Hard disk 2', 'big'],
    ];
    expect(await readError({ vInfo: VINFO, vDisk: disks })).toBe(
      'x.xlsx:vDisk:3:3: column C (Capacity MiB): expected a number, found "big"',
    );
    disks[2] = ['a', 'Hard disk 2', -1];
    expect(await readError({ vInfo: VINFO, vDisk: disks })).toBe(
      'x.xlsx:vDisk:3:3: column C (Capacity MiB): expected a disk size, not negative',
    );
  });
});

describe('readRvtoolsWorkbook with a vCluster sheet', () => {
  it('keeps each cluster’s HA settings from text and boolean cells, with a note', async () => {
    const { estate } = await read({
      vInfo: VINFO,
      vCluster: [
        [
          'Name',
          'NumHosts',
          'HA enabled',
          'Failover Level',
          'AdmissionControlEnabled',
          'DRS enabled',
        ],
        ['C1', 4, 'True', 1, true, 'TRUE'],
        ['C2', 2, true, 1, 'false', false],
        ['C3', 3, 'False', null, false, 'true'],
      ],
    });
    expect(estate.baseline.clusters).toEqual([
      {
        name: 'C1',
        hosts: 4,
        haEnabled: true,
        failoverLevel: 1,
        admissionControl: true,
        drsEnabled: true,
      },
      {
        name: 'C2',
        hosts: 2,
        haEnabled: true,
        failoverLevel: 1,
        admissionControl: false,
        drsEnabled: false,
      },
      { name: 'C3', hosts: 3, haEnabled: false, admissionControl: false, drsEnabled: true },
    ]);
    expect(estate.baseline.notes).toContain('vCluster: 3 clusters, HA on 2 (failover level 1)');
  });

  it('reads the other header names and says when HA is not given', async () => {
    const { estate } = await read({
      vInfo: VINFO,
      vCluster: [
        ['Cluster', '# Hosts', 'HA Enabled', 'HA Failover Level'],
        ['C1', 4, 'true', 2],
        ['C2', 2, null, null],
      ],
    });
    expect(estate.baseline.clusters).toEqual([
      { name: 'C1', hosts: 4, haEnabled: true, failoverLevel: 2 },
      { name: 'C2', hosts: 2 },
    ]);
    expect(estate.baseline.notes).toContain(
      'vCluster: 2 clusters, HA on 1 (failover level 2), HA not given for 1',
    );
  });

  it('names the cell of a boolean that is not True or False', async () => {
    expect(
      await readError({
        vInfo: VINFO,
        vCluster: [
          ['Name', 'HA enabled', 'DRS enabled'],
          ['C1', 'True', 'True'],
          ['C2', 'yes', 'True'],
        ],
      }),
    ).toBe('x.xlsx:vCluster:3:2: column B (HA enabled): expected True or False, found "yes"');
  });
});

describe('an RVTools export without vDisk and vCluster', () => {
  it('reads as before: no disk columns, no clusters, no new notes', async () => {
    const { estate } = await read({ vInfo: VINFO, vHost: VHOST });
    expect(estate.baseline).not.toHaveProperty('clusters');
    expect(estate.baseline.notes).toEqual(['RVTools "MB" columns are read as MiB']);
    expect(Object.keys(estate.assets[0]?.custom ?? {})).toEqual([
      'provisioned_gib',
      'Department',
      'host',
    ]);
    expect(estate.assets[0]?.technical).toEqual({
      osFamily: 'linux',
      osVersion: 'Red Hat Enterprise Linux 8 (64-bit)',
    });
  });
});

describe('readRvtoolsCsvTexts with vDisk and vCluster tabs', () => {
  it('reads RVTools_tabvDisk.csv and RVTools_tabvCluster.csv', async () => {
    const texts = new Map([
      ['RVTools_tabvInfo.csv', 'VM,Powerstate,CPUs,Memory\nv1,poweredOn,2,2048\n'],
      [
        'RVTools_tabvDisk.csv',
        'VM,Disk,Capacity GB,RDM\nv1,Hard disk 1,20,False\nv1,Hard disk 2,5.5,True\n',
      ],
      ['RVTools_tabvCluster.csv', 'Name,HA enabled,Failover Level\nC1,False,\n'],
    ]);
    const result = await readRvtoolsCsvTexts(texts, { file: 'dir' });
    if (!result.ok) throw result.error;
    const { assets, baseline } = result.value.estate;
    expect(assets[0]?.custom).toMatchObject({ disks: '2', disk_gib: '25.5', rdm: 'true' });
    expect(assets[0]?.technical).toEqual({ storage: 'san' });
    expect(baseline.clusters).toEqual([{ name: 'C1', haEnabled: false }]);
    expect(baseline.notes).toContain('vCluster: 1 cluster, HA on 0');
  });
});
