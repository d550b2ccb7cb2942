import { csvRecordsOfText } from './csv';
import { PLAN_CSV_HEADER, planToCsv } from './plan-csv';
import { samplePlan } from './plan.fixture';

describe('planToCsv', () => {
  it('writes one row per asset, placed first, then unplaced with their reasons', () => {
    const blank = ','.repeat(PLAN_CSV_HEADER.length - 4);
    // Placed rows end with the host model (the plan's, `std`) and no host of today.
    const placed = `${','.repeat(PLAN_CSV_HEADER.length - 6)},std,`;
    expect(planToCsv(samplePlan())).toBe(
      [
        PLAN_CSV_HEADER.join(','),
        `a,host-001,placed,${placed}`,
        `"b, ""big""",host-001,placed,${placed}`,
        `c,host-002,placed,${placed}`,
        `fax-01,,unplaced,"needs a fax board; too big, for any host"${blank}`,
        '',
      ].join('\n'),
    );
  });

  it('reads back into the same fields', () => {
    const rows = [...csvRecordsOfText(planToCsv(samplePlan()), { file: 'plan.csv' })].map(
      (r) => r.fields,
    );
    expect(rows[2]?.slice(0, 4)).toEqual(['b, "big"', 'host-001', 'placed', '']);
    expect(rows).toHaveLength(5);
  });

  it('writes only the header for an empty plan', () => {
    expect(planToCsv({ ...samplePlan(), hosts: [], unplaced: [] })).toBe(
      `${PLAN_CSV_HEADER.join(',')}\n`,
    );
  });

  it('writes the sizing columns of a sized asset and defuses formula cells', () => {
    const plan = samplePlan();
    const csv = planToCsv({
      ...plan,
      hosts: [{ ...plan.hosts[0]!, assets: ['=cmd'] }],
      unplaced: [],
      assets: [
        {
          id: '=cmd',
          host: 'host-001',
          basis: 'measured',
          allocation: { vcpus: 4, memoryGiB: 16 },
          peak: { cpu: 2000, memory: 8 },
          percentileValue: { cpu: 1500, memory: 7.5 },
          cpuFactor: 0.8,
          coverage: { cpu: 0.9, memory: 1 },
          confidence: 0.9,
          lowCoverage: false,
        },
      ],
    });
    expect(csv.split('\n')[1]).toBe(
      "'=cmd,host-001,placed,,measured,4,16,2000,8,1500,7.5,0.8,,,0.9,1,0.9,no,std,",
    );
  });
});
