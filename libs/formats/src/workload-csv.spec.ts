import type { AssetCapacity, MetricSeries } from '@vplan/domain';
import { linesOf } from './lines.fixture';
import {
  parseTimestamp,
  parseWorkloadCsv,
  WORKLOAD_METRICS,
  type WorkloadCsv,
} from './workload-csv';

const T0 = Date.UTC(2024, 0, 1) / 1000; // Monday 2024-01-01 00:00 UTC, a multiple of 300

async function parseOk(text: string, extra = {}): Promise<WorkloadCsv> {
  const result = await parseWorkloadCsv({ file: 'w.csv', lines: linesOf(text), ...extra });
  if (!result.ok) throw result.error;
  return result.value;
}

async function parseError(text: string, extra = {}): Promise<string> {
  const result = await parseWorkloadCsv({ file: 'w.csv', lines: linesOf(text), ...extra });
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

function find(csv: WorkloadCsv, asset: string, metric: string): MetricSeries | undefined {
  return csv.series.find((s) => s.assetId === asset && s.metric === metric);
}

describe('parseWorkloadCsv', () => {
  it('turns long rows into cpu MHz and memory GiB series on the 300-s grid', async () => {
    const csv = await parseOk(
      [
        'timestamp,asset,metric,value',
        '2024-01-01T00:00:00Z,b,cpu_mhz,100',
        '2024-01-01T00:02:00Z,b,cpu_mhz,300',
        '2024-01-01T01:05:00+01:00,b,cpu_mhz,50',
        `${T0 + 900},b,memory_mb,512`,
        `${T0},a,memory_kb,1048576`,
        `${T0},a,cpu_ghz,1.5`,
      ].join('\n'),
    );
    expect(csv.rows).toBe(6);
    expect(csv.assetIds).toEqual(['a', 'b']);
    expect(csv.series.map((s) => `${s.assetId}:${s.metric}`)).toEqual([
      'a:cpu',
      'a:memory',
      'b:cpu',
      'b:memory',
    ]);
    const cpu = find(csv, 'b', 'cpu');
    expect(cpu?.start).toBe(T0 / 300);
    expect(Array.from(cpu?.values ?? [])).toEqual([300, 50]);
    expect(find(csv, 'b', 'memory')?.start).toBe(T0 / 300 + 3);
    expect(Array.from(find(csv, 'b', 'memory')?.values ?? [])).toEqual([0.5]);
    expect(Array.from(find(csv, 'a', 'memory')?.values ?? [])).toEqual([1]);
    expect(Array.from(find(csv, 'a', 'cpu')?.values ?? [])).toEqual([1500]);
  });

  it('leaves slots without samples NaN and honours the step', async () => {
    const text = [
      'timestamp,asset,metric,value',
      `${T0},a,cpu_mhz,1`,
      `${T0 + 1800},a,cpu_mhz,2`,
    ].join('\n');
    expect(Array.from(find(await parseOk(text), 'a', 'cpu')?.values ?? [])).toEqual([
      1,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      2,
    ]);
    const hourly = await parseOk(text, { stepSeconds: 3600 });
    expect(Array.from(find(hourly, 'a', 'cpu')?.values ?? [])).toEqual([2]);
  });

  it('finds the columns by name, in any order and case, with aliases', async () => {
    const csv = await parseOk(
      ['Value,Metric,VM,Time', '7,CPU_MHz,x,1500', '3,Memory-GiB,x,1500'].join('\n'),
    );
    expect(find(csv, 'x', 'cpu')?.start).toBe(5);
    expect(find(csv, 'x', 'memory')?.values[0]).toBe(3);
  });

  it('scales percentages by the inventory capacity', async () => {
    const capacity: Record<string, AssetCapacity> = { a: { cpuMhz: 2000, memoryGiB: 8 } };
    const csv = await parseOk(
      ['timestamp,asset,metric,value', `${T0},a,cpu_pct,25`, `${T0},a,memory_pct,50`].join('\n'),
      {
        capacityOf: (id: string) => capacity[id],
      },
    );
    expect(find(csv, 'a', 'cpu')?.values[0]).toBe(500);
    expect(find(csv, 'a', 'memory')?.values[0]).toBe(4);
  });

  it('accepts disk and network metrics', async () => {
    const csv = await parseOk(
      ['timestamp,asset,metric,value', `${T0},a,disk_iops,120`, `${T0},a,network_mbps,9`].join(
        '\n',
      ),
    );
    expect(csv.series.map((s) => s.metric)).toEqual(['disk', 'network']);
  });

  it('names the inventory column a percentage needs when the capacity is missing', async () => {
    const header = 'timestamp,asset,metric,value';
    expect(await parseError([header, `${T0},a,cpu_mhz,1`, `${T0},a,cpu_pct,5`].join('\n'))).toBe(
      'w.csv:3:3: cpu_pct needs the CPU capacity of asset "a": give it cpu_mhz (or cores and cpu_ghz) in the inventory',
    );
    expect(
      await parseError([header, `${T0},a,memory_pct,5`].join('\n'), {
        capacityOf: () => ({ cpuMhz: 1 }),
      }),
    ).toBe(
      'w.csv:2:3: memory_pct needs the memory capacity of asset "a": give it memory_gb (or memory_mb) in the inventory',
    );
  });

  it('reports bad timestamps, including one without a zone', async () => {
    const header = 'asset,timestamp,metric,value';
    expect(await parseError([header, 'a,yesterday,cpu_mhz,1'].join('\n'))).toBe(
      'w.csv:2:2: timestamp must be epoch seconds or ISO-8601 with a zone, found "yesterday"',
    );
    expect(await parseError([header, 'a,2024-01-01T00:00:00,cpu_mhz,1'].join('\n'))).toMatch(
      /^w\.csv:2:2: /,
    );
    expect(await parseError([header, 'a,2024-13-01T00:00:00Z,cpu_mhz,1'].join('\n'))).toMatch(
      /^w\.csv:2:2: /,
    );
  });

  it('reports an unknown metric, an empty asset and a bad value', async () => {
    const header = 'timestamp,asset,metric,value';
    expect(await parseError([header, `${T0},a,temperature,1`].join('\n'))).toMatch(
      /^w\.csv:2:3: unknown metric "temperature" \(expected one of cpu_mhz, /,
    );
    expect(await parseError([header, `${T0}, ,cpu_mhz,1`].join('\n'))).toBe(
      'w.csv:2:2: asset is empty',
    );
    expect(await parseError([header, `${T0},a,cpu_mhz,-4`].join('\n'))).toBe(
      'w.csv:2:4: value must be a non-negative number, found "-4"',
    );
    expect(await parseError([header, `${T0},a,cpu_mhz,`].join('\n'))).toBe(
      'w.csv:2:4: value must be a non-negative number, found ""',
    );
  });

  it('reports a wrong field count, a missing column and an empty file', async () => {
    expect(await parseError(['timestamp,asset,metric,value', `${T0},a,cpu_mhz`].join('\n'))).toBe(
      'w.csv:2:4: expected 4 fields, found 3',
    );
    expect(await parseError('timestamp,asset,value\n')).toBe(
      'w.csv:1:1: missing required column "metric"',
    );
    expect(await parseError('')).toBe('w.csv:1:1: empty file: expected a header line');
  });

  it('documents each metric once', () => {
    const names = WORKLOAD_METRICS.map((m) => m.metric);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'cpu_mhz',
        'cpu_pct',
        'memory_gb',
        'memory_pct',
        'memory_mb',
        'memory_kb',
      ]),
    );
  });
});

describe('parseTimestamp', () => {
  it('reads epoch seconds and ISO-8601 with Z or an offset', () => {
    expect(parseTimestamp('1372629804')).toBe(1372629804);
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toBe(T0);
    expect(parseTimestamp('2024-01-01 02:00+02:00')).toBe(T0);
    expect(parseTimestamp('2024-01-01T02:00:00.500+0200')).toBe(T0 + 0.5);
    expect(parseTimestamp('2024-01-01T01:00:00+01')).toBe(T0);
  });

  it('refuses text without a zone or that is not a date', () => {
    expect(parseTimestamp('2024-01-01T00:00:00')).toBeNaN();
    expect(parseTimestamp('2024-02-30T00:00:00Z')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });
});
