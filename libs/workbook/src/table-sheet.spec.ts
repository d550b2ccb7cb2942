import { Workbook } from 'exceljs';
import { addTableSheet } from './table-sheet';

describe('addTableSheet', () => {
  it('writes a filtered table with number formats and inert text', () => {
    const workbook = new Workbook();
    const sheet = addTableSheet(
      workbook,
      'T',
      [
        { header: 'id' },
        { header: 'share', format: 'percent' },
        { header: 'n', format: 'integer' },
      ],
      [
        ['=1+1', 0.25, -3],
        ['a-long-host-name-01', undefined, 1234],
      ],
    );
    expect(sheet.autoFilter).toEqual({ from: { row: 1, column: 1 }, to: { row: 3, column: 3 } });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('A2').value).toBe("'=1+1");
    expect(sheet.getCell('B2').numFmt).toBe('0.0 %');
    expect(sheet.getCell('C2').value).toBe(-3);
    expect(sheet.getCell('C3').numFmt).toBe('#,##0');
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.getColumn(3).width).toBe(8);
  });
});
