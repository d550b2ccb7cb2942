import { KIB_PER_GIB } from '@vplan/domain';
import { generateEstate } from '@vplan/simulation';
import { parseBitbrains, type BitbrainsTrace } from './bitbrains';
import {
  BITBRAINS_HEADER as HEADER,
  bitbrainsRow as row,
  expectReferenceValues,
  referenceReading as reference,
} from './bitbrains.fixture';
import { linesOf } from './lines.fixture';

/**
 * A simulated server as a Bitbrains file: a row per 5-minute slot, 0..299 s into it, with
 * gaps where rows are missing and two samples in some slots.
 */
function simulatedFile(): { text: string; cores: number; cpuMhz: number; memoryGiB: number } {
  const estate = generateEstate({ servers: 3, seed: 4, weeks: 2 });
  const asset = estate.assets[0]!;
  const [cpu, memory] = estate.series;
  const { cores = 1, cpuMhz = 0, memoryGiB = 0 } = asset.capacity;
  const rows = [HEADER];
  for (let i = 0; i < 600; i++) {
    if (i % 97 === 13) continue;
    const ts = (cpu!.start + i) * 300 + ((i * 53) % 300);
    const use = (k: number) =>
      row(
        ts,
        cores,
        cpuMhz,
        cpu!.values[k]!,
        memoryGiB * KIB_PER_GIB,
        memory!.values[k]! * KIB_PER_GIB,
      );
    rows.push(use(i));
    if (i % 41 === 0) rows.push(use(i + 1).replace(/^\d+/, String(ts + 1)));
  }
  return { text: rows.join('\n'), cores, cpuMhz, memoryGiB };
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

describe('parseBitbrains', () => {
  it('reads a simulated server as the plain reference reading does, slot by slot', async () => {
    const { text, cores, cpuMhz, memoryGiB } = simulatedFile();
    const trace = await parseOk('x/sim-1.csv.gz', text);
    const ref = reference(text);
    expect(trace.asset.id).toBe('sim-1');
    expect(trace.rows).toBe(text.split('\n').length - 1);
    expect(trace.asset.capacity).toEqual({ cpuMhz, cores, memoryGiB });
    const [cpu, memory] = trace.series;
    expect(cpu?.metric).toBe('cpu');
    expect(memory?.metric).toBe('memory');
    expect(cpu?.start).toBe(ref.start);
    expect(memory?.start).toBe(ref.start);
    expectReferenceValues(cpu, ref.cpu, ref.start);
    expectReferenceValues(memory, ref.mem, ref.start);
    expect(cpu?.values.some((v) => Number.isNaN(v))).toBe(true);
  });

  it('counts the powered-off rows of a VM that starts switched off', async () => {
    const text = [
      HEADER,
      row(0, 0, 0, 0, 0, 0),
      row(300, 0, 0, 0, 0, 0),
      row(600, 8, 20000, 700, 4194304, 1048576),
    ].join('\n');
    const trace = await parseOk('off-first.csv', text);
    expect(trace.poweredOffRows).toBe(2);
    expect(trace.asset.capacity).toEqual({ cpuMhz: 20000, cores: 8, memoryGiB: 4 });
    expect(Array.from(trace.series[0]?.values ?? [])).toEqual([0, 0, 700]);
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
