import { csvRecordsOfText } from './csv';
import { planToCsv } from './plan-csv';
import { samplePlan } from './plan.fixture';

describe('planToCsv', () => {
  it('writes one row per asset, placed first, then unplaced with their reasons', () => {
    expect(planToCsv(samplePlan())).toBe(
      [
        'asset,host,status,reason',
        'a,host-001,placed,',
        '"b, ""big""",host-001,placed,',
        'c,host-002,placed,',
        'fax-01,,unplaced,"needs a fax board; too big, for any host"',
        '',
      ].join('\n'),
    );
  });

  it('reads back into the same fields', () => {
    const rows = [...csvRecordsOfText(planToCsv(samplePlan()), { file: 'plan.csv' })].map(
      (r) => r.fields,
    );
    expect(rows[2]).toEqual(['b, "big"', 'host-001', 'placed', '']);
    expect(rows).toHaveLength(5);
  });

  it('writes only the header for an empty plan', () => {
    expect(planToCsv({ ...samplePlan(), hosts: [], unplaced: [] })).toBe(
      'asset,host,status,reason\n',
    );
  });
});
