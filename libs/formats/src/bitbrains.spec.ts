import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { KIB_PER_GIB } from '@vplan/domain';
import { parseBitbrains, type BitbrainsTrace } from './bitbrains';
import { linesOf } from './lines.fixture';

const DATASETS = resolve(__dirname, '../../..', '../shared/datasets');
const MONTH = resolve(DATASETS, 'bitbrains_rnd/2013-7');
const HEADER =
  'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\t' +
  'Memory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\t' +
  'Disk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]';

function row(
  ts: number,
  cores: number,
  capMhz: number,
  useMhz: number,
  capKb: number,
  useKb: number,
): string {
  return [
    ts,
    cores,
    capMhz,
    useMhz,
    capMhz ? (useMhz / capMhz) * 100 : 0,
    capKb,
    useKb,
    0,
    0,
    0,
    0,
  ].join(';\t');
}

function gunzipText(file: string): string {
  return gunzipSync(readFileSync(resolve(MONTH, file))).toString('utf8');
}

async function parseOk(file: string, text: string, options = {}): Promise<BitbrainsTrace> {
  const result = await parseBitbrains(file, linesOf(text), options);
  if (!result.ok) throw result.error;
  return result.value;
}

async function parseError(text: string, file = 'vm.csv'): Promise<string> {
  const result = await parseBitbrains(file, linesOf(text));
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

/** An independent, simple reading of a Bitbrains file: slot → max, by plain splitting. */
function reference(text: string): {
  start: number;
  cpu: Map<number, number>;
  mem: Map<number, number>;
} {
  const cpu = new Map<number, number>();
  const mem = new Map<number, number>();
  let start = Infinity;
  for (const line of text.trim().split('\n').slice(1)) {
    const f = line.split(';\t').map(Number);
    const slot = Math.floor((f[0] as number) / 300);
    start = Math.min(start, slot);
    cpu.set(slot, Math.max(cpu.get(slot) ?? -1, f[3] as number));
    mem.set(slot, Math.max(mem.get(slot) ?? -1, (f[6] as number) / KIB_PER_GIB));
  }
  return { start, cpu, mem };
}

describe('parseBitbrains', () => {
  it('reads VM 1 of July 2013 as the plain reference reading does, slot by slot', async () => {
    const text = gunzipText('1.csv.gz');
    const trace = await parseOk('2013-7/1.csv.gz', text);
    const ref = reference(text);
    expect(trace.asset.id).toBe('1');
    expect(trace.rows).toBe(8260);
    const [cpu, memory] = trace.series;
    expect(cpu?.metric).toBe('cpu');
    expect(memory?.metric).toBe('memory');
    expect(cpu?.start).toBe(Math.floor(1372629804 / 300));
    expect(cpu?.start).toBe(ref.start);
    expect(cpu?.values[0]).toBeCloseTo(87.7799835, 4);
    expect(memory?.values[0]).toBeCloseTo(1034592.8 / KIB_PER_GIB, 6);
    for (const [series, expected] of [
      [cpu, ref.cpu],
      [memory, ref.mem],
    ] as const) {
      const values = series?.values ?? new Float32Array();
      let filled = 0;
      values.forEach((value, i) => {
        const want = expected.get(ref.start + i);
        if (want === undefined) expect(value).toBeNaN();
        else {
          expect(value).toBe(Math.fround(want));
          filled++;
        }
      });
      expect(filled).toBe(expected.size);
    }
  });

  it('takes the largest provisioned capacity as the asset capacity', async () => {
    const trace = await parseOk('1.csv.gz', gunzipText('1.csv.gz'));
    // VM 1 grows from 8218624 KiB to 8388608 KiB (8 GiB) during the month.
    expect(trace.asset.capacity).toEqual({ cpuMhz: 5851.9989, cores: 2, memoryGiB: 8 });
  });

  it('counts the powered-off rows of a VM that starts switched off', async () => {
    const trace = await parseOk('45.csv.gz', gunzipText('45.csv.gz'));
    expect(trace.poweredOffRows).toBe(1267);
    expect(trace.asset.capacity.cores).toBe(8);
    expect(trace.series[0]?.values[0]).toBe(0);
  });

  it('keeps the largest sample of a slot and leaves a slot without samples NaN', async () => {
    const text = [
      HEADER,
      row(3000, 2, 5000, 100, 1048576, 524288),
      row(3100, 2, 5000, 300, 1048576, 262144),
      row(3299, 2, 5000, 200, 1048576, 0),
      row(3900, 4, 6000, 50, 2097152, 1048576),
    ].join('\n');
    const trace = await parseOk('x/vm-7.csv', text);
    expect(trace.asset.id).toBe('vm-7');
    expect(trace.asset.capacity).toEqual({ cpuMhz: 6000, cores: 4, memoryGiB: 2 });
    const [cpu, memory] = trace.series;
    expect(cpu?.start).toBe(10);
    expect(Array.from(cpu?.values ?? [])).toEqual([300, NaN, NaN, 50]);
    expect(Array.from(memory?.values ?? [])).toEqual([0.5, NaN, NaN, 1]);
  });

  it('uses the configured grid step', async () => {
    const text = [
      HEADER,
      row(0, 1, 1000, 10, 0, 0),
      row(300, 1, 1000, 20, 0, 0),
      row(900, 1, 1000, 5, 0, 0),
    ].join('\n');
    const trace = await parseOk('v.csv', text, { stepSeconds: 600 });
    expect(Array.from(trace.series[0]?.values ?? [])).toEqual([20, 5]);
  });

  it('finds columns by name in any order, tolerating extra spaces and CRLF', async () => {
    const text =
      'Memory  usage [KB] ;\tCPU usage [MHZ];\tTimestamp [ms]\r\n' + '2097152;\t 12.5 ;\t600\r\n';
    const trace = await parseOk('v.csv', text);
    expect(trace.series[0]?.start).toBe(2);
    expect(trace.series[0]?.values[0]).toBe(12.5);
    expect(trace.series[1]?.values[0]).toBe(2);
    expect(trace.asset.capacity).toEqual({});
    expect(trace.poweredOffRows).toBe(0);
  });

  it('leaves the capacity unknown when every row is powered off', async () => {
    const trace = await parseOk('off.csv', [HEADER, row(0, 0, 0, 0, 0, 0)].join('\n'));
    expect(trace.asset.capacity).toEqual({});
    expect(trace.poweredOffRows).toBe(1);
  });

  it('gives no series for a file with only a header', async () => {
    const trace = await parseOk('empty.csv', `${HEADER}\n`);
    expect(trace.rows).toBe(0);
    expect(trace.series).toEqual([]);
  });

  it('reports an empty file at row 1', async () => {
    expect(await parseError('\n', 'e.csv')).toBe('e.csv:1:1: empty file: expected a header line');
  });

  it('reports a missing required column at the header row', async () => {
    expect(await parseError('Timestamp [ms];\tCPU usage [MHZ]\n1;\t2\n')).toBe(
      'vm.csv:1:1: missing required column "memory_usage_[kb]"',
    );
  });

  it('reports a row with too few fields at the first missing field', async () => {
    const bad = row(300, 1, 1000, 10, 0, 0).split(';\t').slice(0, 9).join(';\t');
    expect(await parseError([HEADER, row(0, 1, 1000, 10, 0, 0), bad].join('\n'))).toBe(
      'vm.csv:3:10: expected 11 fields, found 9',
    );
  });

  it('reports a row with too many fields at the first extra field', async () => {
    expect(await parseError([HEADER, `${row(0, 1, 1000, 10, 0, 0)};\t7`].join('\n'))).toBe(
      'vm.csv:2:12: expected 11 fields, found more',
    );
  });

  it('reports a non-numeric value with its column number and header', async () => {
    const bad = row(0, 1, 1000, 10, 0, 0).replace(';\t10;', ';\tten;');
    expect(await parseError([HEADER, bad].join('\n'))).toBe(
      'vm.csv:2:4: "CPU usage [MHZ]" is not a non-negative number: "ten"',
    );
  });

  it('reports an empty, a negative and a hexadecimal value', async () => {
    const empty = row(0, 1, 1000, 10, 0, 0).replace(/^0;/, ' ;');
    expect(await parseError([HEADER, empty].join('\n'))).toBe(
      'vm.csv:2:1: "Timestamp [ms]" is empty',
    );
    const negative = row(0, 1, 1000, 10, 0, -5);
    expect(await parseError([HEADER, negative].join('\n'))).toBe(
      'vm.csv:2:7: "Memory usage [KB]" is not a non-negative number: "-5"',
    );
    const hex = row(0, 1, 1000, 10, 0, 0).replace(/^0;/, '0x1;');
    expect(await parseError([HEADER, hex].join('\n'))).toMatch(/^vm\.csv:2:1: /);
  });

  it('counts blank lines in row numbers', async () => {
    const bad = row(0, 1, 1000, 10, 0, 0).replace(';\t1;', ';\tone;');
    expect(await parseError([HEADER, '', bad].join('\n'))).toBe(
      'vm.csv:3:2: "CPU cores" is not a non-negative number: "one"',
    );
  });
});
