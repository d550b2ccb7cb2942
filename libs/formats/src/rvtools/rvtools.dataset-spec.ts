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

  it('reads the small complete workbook with vCPU/vMemory usage', async () => {
    const { estate } = await read('mjvincent_rvtools-to-ibm-cloud', 'rvtools-small-complete.xlsx');
    expect(estate.assets.length).toBeGreaterThan(0);
    expect(estate.baseline.hosts).toHaveLength(2);
  });

  it('reads the kubev2v RVTools 4.x example', async () => {
    const { estate } = await read('kubev2v_migration-planner', 'example1.xlsx');
    expect(estate.assets.length + estate.baseline.skipped.length).toBeGreaterThanOrEqual(8);
    expect(estate.baseline.hosts).toHaveLength(7);
  });
});
