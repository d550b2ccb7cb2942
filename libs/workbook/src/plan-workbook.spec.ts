import { Workbook } from 'exceljs';
import { planToCsv, type PlanDocument } from '@vplan/formats';
import { samplePlan } from './plan.fixture';
import { planToXlsx } from './plan-workbook';

const HOSTILE = ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)'];

function v3Plan(): PlanDocument {
  const plan = samplePlan();
  plan.hosts[0]!.assets = ['a', ...HOSTILE];
  plan.hosts[0]!.allocation = { vcpus: 12, memoryGiB: 48.5, vms: 5 };
  plan.hosts[0]!.costPerMonth = 1234.5;
  plan.assets = ['a', ...HOSTILE, 'c'].map((id, i) => ({
    id,
    host: id === 'c' ? 'host-002' : 'host-001',
    basis: 'measured' as const,
    allocation: { vcpus: 2 + i, memoryGiB: 4 },
    peak: { cpu: 100 * (i + 1), memory: -0 },
    percentileValue: { cpu: 90 * (i + 1) },
    cpuFactor: 1,
    coverage: { cpu: 0.9 },
    confidence: 0.8,
    lowCoverage: false,
  }));
  plan.models = [{ name: 'std', capacity: {}, headroom: {}, usable: {}, hosts: 2 }];
  plan.today = {
    source: 'rvtools.xlsx',
    hosts: 7,
    cores: 112,
    memoryGiB: 1024,
    vms: 6,
    vcpus: 40,
    vcpuPerCore: { max: 3, mean: 1.5 },
    memoryRatio: { max: 1.2, mean: 0.8 },
    models: [{ name: 'old', hosts: 7 }],
    hostList: [{ name: 'esx-01', model: 'old', vms: 6, vcpus: 40, vmMemoryGiB: 100 }],
    unknownHosts: [],
  };
  return plan;
}

async function load(plan: PlanDocument): Promise<Workbook> {
  const workbook = new Workbook();
  // exceljs types its Buffer against an older @types/node.
  const bytes = (await planToXlsx(plan)) as unknown as Parameters<typeof workbook.xlsx.load>[0];
  await workbook.xlsx.load(bytes);
  return workbook;
}

const column = (wb: Workbook, sheet: string, col: number): unknown[] =>
  (wb.getWorksheet(sheet)!.getColumn(col).values as unknown[]).slice(2);

describe('planToXlsx', () => {
  it('writes one sheet per part of the plan, today included when present', async () => {
    const wb = await load(v3Plan());
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Hosts',
      'Assets',
      'Unplaced',
      'Rules',
      'Today vs plan',
      'Today hosts',
    ]);
    const plain = await load(samplePlan());
    expect(plain.getWorksheet('Today vs plan')).toBeUndefined();
    expect(plain.getWorksheet('Rules')!.getCell('B2').value).toMatch(/no rule set/);
  });

  it('has the figures of plan.json as number cells', async () => {
    const plan = v3Plan();
    const wb = await load(plan);
    const summary = new Map(
      wb
        .getWorksheet('Summary')!
        .getSheetValues()
        .slice(2)
        .map((r) => [(r as unknown[])[1], (r as unknown[])[2]]),
    );
    expect(summary.get('hosts')).toBe(plan.summary.hosts);
    expect(summary.get('lower bound')).toBe(plan.summary.lowerBound);
    expect(summary.get('hosts of model std')).toBe(2);
    expect(summary.get('hosts today')).toBe(7);
    expect(column(wb, 'Hosts', 1)).toEqual(plan.hosts.map((h) => h.id));
    const hosts = wb.getWorksheet('Hosts')!;
    expect(hosts.getCell('F2').value).toBe(5);
    expect(hosts.getCell('H2').value).toBe(48.5);
    expect(hosts.getCell('I2').value).toBe(0.55);
    expect(hosts.getCell('I2').numFmt).toBe('0.0 %');
    const assets = wb.getWorksheet('Assets')!;
    expect(assets.rowCount).toBe(plan.assets!.length + 1);
    expect(column(wb, 'Assets', 5)).toEqual(plan.assets!.map((a) => a.allocation.vcpus));
    expect(column(wb, 'Assets', 8)).toEqual(plan.assets!.map((a) => a.peak.cpu));
    expect(wb.getWorksheet('Today vs plan')!.getCell('B3').value).toBe(112);
    expect(wb.getWorksheet('Unplaced')!.getCell('B2').value).toBe(
      'needs a fax board; too big, for any host',
    );
  });

  it('freezes the header row of every table', async () => {
    const wb = await load(v3Plan());
    for (const sheet of wb.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
  });

  it('writes formula-like asset ids as inert text, in the workbook and in plan.csv', async () => {
    const plan = v3Plan();
    const wb = await load(plan);
    const ids = column(wb, 'Assets', 1);
    for (const hostile of HOSTILE) {
      expect(ids).toContain(`'${hostile}`);
      expect(planToCsv(plan)).toContain(`'${hostile.replace(/"/g, '""')}`);
    }
    const cell = wb.getWorksheet('Assets')!.getCell('A3');
    expect(cell.type).toBe(3); // ValueType.String: text, not a formula
    expect(String(cell.value).startsWith("'")).toBe(true);
  });
});
