import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FormatError } from '@vplan/formats';
import { InputError } from './input-error';
import { loadInventory } from './load-inventory';
import { isRvtoolsInventory, loadRvtools } from './load-rvtools';

describe('loadRvtools', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vplan-rvtools-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an .xlsx export through --inventory with its baseline', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('vInfo').addRows([
      ['VM', 'Powerstate', 'CPUs', 'Memory', 'Host'],
      ['web-1', 'poweredOn', 2, 4096, 'esx1'],
      ['old-1', 'poweredOff', 2, 4096, 'esx1'],
    ]);
    wb.addWorksheet('vHost').addRows([
      ['Host', '# Cores', 'Speed', '# Memory'],
      ['esx1', 16, 2000, 131072],
    ]);
    const file = join(dir, 'export.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await isRvtoolsInventory(file)).toBe(true);
    const { estate } = await loadRvtools(file);
    expect(estate.baseline.source).toBe('export.xlsx');
    expect(estate.baseline.hosts[0]?.vms).toEqual(['web-1']);
    expect(estate.baseline.skipped).toEqual([
      { asset: 'old-1', reason: 'powered-off', where: 'export.xlsx:vInfo:3' },
    ]);
    expect((await loadInventory(file)).map((a) => a.id)).toEqual(['web-1']);
  });

  it('reads a folder of per-tab CSVs and reports bad cells with sheet and column', async () => {
    const folder = join(dir, 'csvs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'RVTools_tabvInfo.csv'), 'VM,CPUs,Memory\na,2,1024\nb,x,1024\n');
    expect(await isRvtoolsInventory(folder)).toBe(true);
    await expect(loadInventory(folder)).rejects.toThrow(
      new FormatError({
        file: 'csvs:vInfo',
        row: 3,
        column: 2,
        message: 'column B (CPUs): expected a number, found "x"',
      }),
    );
  });

  it('throws InputError for a missing workbook', async () => {
    await expect(loadRvtools(join(dir, 'none.xlsx'))).rejects.toBeInstanceOf(InputError);
  });
});
