import { datasetPath } from '@vplan/testing';
import { readRvtoolsWorkbook, type RvtoolsImport } from './rvtools-workbook';

async function read(...parts: string[]): Promise<RvtoolsImport> {
  const result = await readRvtoolsWorkbook(datasetPath('rvtools_exports', ...parts), {
    file: parts[parts.length - 1] as string,
  });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('readRvtoolsWorkbook on real exports', () => {
  it('reads SizingWorkshop: 763 powered-on VMs, 42 skipped (10 templates), 34 hosts with 528 cores', async () => {
    const { estate } = await read('mjvincent_rvtools-to-ibm-cloud', 'SizingWorkshop-RVTools.xlsx');
    const b = estate.baseline;
    expect(estate.assets).toHaveLength(763);
    expect(b.skipped).toHaveLength(42);
    expect(b.skipped.filter((s) => s.reason === 'template')).toHaveLength(10);
    expect(b.hosts).toHaveLength(34);
    expect(b.hosts.reduce((s, h) => s + (h.cores ?? 0), 0)).toBe(528);
    expect(b.unknownHosts).toHaveLength(5);
    const placed = b.hosts.reduce((s, h) => s + h.vms.length, 0);
    const onUnknown = estate.assets.filter((a) => a.capacity.cpuModel === undefined).length;
    expect(placed + onUnknown).toBe(763);
    expect(b.skipped[0]?.where).toMatch(/^SizingWorkshop-RVTools\.xlsx:vInfo:\d+$/);
    const joined = estate.assets.find((a) => a.capacity.cpuModel !== undefined);
    expect(joined?.capacity.cpuMhz).toBeGreaterThan(0);
    expect(joined?.usage?.source).toMatch(/vHost/);
  });

  it('reads no vDisk or vCluster from SizingWorkshop, which has neither sheet', async () => {
    const { estate } = await read('mjvincent_rvtools-to-ibm-cloud', 'SizingWorkshop-RVTools.xlsx');
    expect(estate.baseline.clusters).toBeUndefined();
    expect(estate.assets.some((a) => 'disks' in a.custom)).toBe(false);
  });

  it('reads the small complete workbook with vCPU/vMemory usage', async () => {
    const { estate } = await read('mjvincent_rvtools-to-ibm-cloud', 'rvtools-small-complete.xlsx');
    expect(estate.assets.length).toBeGreaterThan(0);
    expect(estate.baseline.hosts).toHaveLength(2);
  });

  it('sums the small workbook’s vDisk per VM and keeps its one vCluster row', async () => {
    const { estate } = await read('mjvincent_rvtools-to-ibm-cloud', 'rvtools-small-complete.xlsx');
    const disks = (id: string) => estate.assets.find((a) => a.id === id)?.custom;
    // 81,920 + 40,960 MiB and 102,400 + 225,280 MiB: the same as vInfo's provisioned size
    expect(disks('sample-web-01')).toMatchObject({
      disks: '2',
      disk_gib: '120',
      provisioned_gib: '120',
    });
    expect(disks('sample-db-01')).toMatchObject({
      disks: '2',
      disk_gib: '320',
      provisioned_gib: '320',
    });
    // its vCluster has only Cluster and TotalCpu (and the sheet streams unnamed, found by its header)
    expect(estate.baseline.clusters).toEqual([{ name: 'sample-cluster-a' }]);
    expect(estate.baseline.notes).toContain('vCluster: 1 cluster, HA not given');
    // its sheets stream unnamed: vPartition (Consumed MiB 40,960) is not taken for vMemory (Active 4,096)
    expect(estate.assets.find((a) => a.id === 'sample-web-01')?.usage?.memoryGiB).toBe(4);
  });

  it('reads the kubev2v RVTools 4.x example', async () => {
    const { estate } = await read('kubev2v_migration-planner', 'example1.xlsx');
    expect(estate.assets.length + estate.baseline.skipped.length).toBeGreaterThanOrEqual(8);
    expect(estate.baseline.hosts).toHaveLength(7);
  });

  it('reads the kubev2v vDisk sheet: one thin 100 GiB disk on vm-3, no RDM anywhere', async () => {
    const { estate } = await read('kubev2v_migration-planner', 'example1.xlsx');
    expect(estate.assets.find((a) => a.id === 'vm-3')?.custom).toMatchObject({
      disks: '1',
      disk_gib: '100',
      thin_disks: '1',
      disk_controllers: 'VMware paravirtual SCSI',
    });
    expect(estate.assets.every((a) => a.custom['disks'] === '1')).toBe(true);
    expect(estate.assets.some((a) => a.custom['rdm'] !== undefined)).toBe(false);
    expect(estate.assets.some((a) => a.technical?.storage !== undefined)).toBe(false);
  });
});
