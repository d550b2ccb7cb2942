import { csvRecordsOfText } from '@vplan/formats';
import { cpuRatingTableOf } from '@vplan/workload';
import {
  FAIR_USE_NOTE,
  formatRatingTable,
  median,
  publishedMonth,
  ratingTable,
  specResults,
  type SpecResult,
} from './spec-ratings';

// SPEC's header as exported: a TAB inside one name, trailing spaces, one name more than fields.
const HEADER =
  'Benchmark,"Hardware Vendor\t","Base Result","# Cores","# Chips ","Processor ","Processor MHz",Published,Disclosure,Disclosures';

function csv(rows: readonly string[]): string {
  return [HEADER, ...rows].join('\n');
}

const row = (bench: string, base: string, cores: string, cpu: string, mhz: string, pub: string) =>
  `${bench},"Vendor",${base},${cores},2,"${cpu}",${mhz},${pub},"<A HREF=""x"">HTML</A>"`;

describe('specResults', () => {
  it('keeps the usable CINT2017rate base results and counts the rows it saw', () => {
    const text = csv([
      row('CINT2017rate', '65.7', '16', 'Intel Xeon E5-2670', '2600', 'Jun-2023'),
      row('CFP2017rate', '70', '16', 'Intel Xeon E5-2670', '2600', 'Jun-2023'),
      row('CINT2017rate', '0', '32', 'Intel Xeon Platinum 8253', '2200', 'Sep-2019'),
      row('CINT2017rate', '10', '0', 'redacted', '0', 'Feb-2020'),
      row('CINT2017rate', '650', '64', 'Intel Xeon Gold 6548Y+', '2500', 'Mar-2024'),
    ]);
    const { results, seen } = specResults(csvRecordsOfText(text, { file: 'r.csv' }));
    expect(seen).toBe(4);
    expect(results).toEqual([
      {
        processor: 'Intel Xeon E5-2670',
        baseResult: 65.7,
        cores: 16,
        mhz: 2600,
        published: '2023-06',
      },
      {
        processor: 'Intel Xeon Gold 6548Y+',
        baseResult: 650,
        cores: 64,
        mhz: 2500,
        published: '2024-03',
      },
    ]);
  });

  it('refuses a file without the columns it needs', () => {
    const records = csvRecordsOfText('Benchmark,System\nCINT2017rate,x', { file: 'r.csv' });
    expect(() => specResults(records)).toThrow('no column "Base Result"');
  });
});

describe('publishedMonth', () => {
  it('turns SPEC month names into YYYY-MM and anything else into an empty string', () => {
    expect(publishedMonth('Mar-2026')).toBe('2026-03');
    expect(publishedMonth('dec-2017')).toBe('2017-12');
    expect(publishedMonth('2026-03')).toBe('');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('ratingTable', () => {
  const result = (processor: string, baseResult: number, cores: number, mhz: number) =>
    ({ processor, baseResult, cores, mhz, published: '2024-02' }) satisfies SpecResult;

  it('groups names of one model and keeps the median per-core rating, clock and count', () => {
    const table = ratingTable(
      [
        result('Intel Xeon Gold 6548Y+', 640, 64, 2500),
        result('Intel Xeon Gold  6548Y+', 330, 32, 2500),
        result('Intel Xeon Gold 6548Y+', 600, 64, 2400),
        result('AMD EPYC 9654', 1630, 192, 2400),
        { ...result('AMD EPYC 9654', 1700, 192, 2400), published: '2025-11' },
      ],
      { dataset: 'spec', file: 'r.csv', rows: 5 },
    );
    expect(table.models).toEqual({
      'amd epyc 9654': [8.67, 2400, 2],
      'intel xeon gold 6548y+': [10, 2500, 3],
    });
    expect(Object.keys(table.models)).toEqual(['amd epyc 9654', 'intel xeon gold 6548y+']);
    expect(table.version).toBe('cpu2017-2025-11/1');
    expect(table.source).toEqual({
      dataset: 'spec',
      file: 'r.csv',
      rows: 5,
      generatedBy: 'tools/cpu-ratings',
      note: FAIR_USE_NOTE,
    });
    expect(table.source.note).toContain('not SPEC results');
  });

  it('writes JSON with one model per line that the workload lib reads back', () => {
    const table = ratingTable([result('Intel Xeon E5-2670', 65.7, 16, 2600)], {
      dataset: 'spec',
      file: 'r.csv',
      rows: 1,
    });
    const text = formatRatingTable(table);
    expect(text).toContain('\n    "intel xeon e5-2670": [4.11, 2600, 1]\n');
    expect(JSON.parse(text)).toEqual(table);
    const rating = cpuRatingTableOf(JSON.parse(text)).lookup(
      'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz',
    );
    expect(rating?.perGHz).toBeCloseTo(4.11 / 2.6, 10);
  });
});
