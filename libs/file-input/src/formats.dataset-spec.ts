// Acceptance of the Bitbrains and PlanetLab parsers (@vplan/formats) on the real data sets
// (npm run test:datasets). It lives here, at the I/O edge that reads those files, since the
// pure formats lib does no I/O and its specs use generated text.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KIB_PER_GIB } from '@vplan/domain';
import {
  parseBitbrains,
  parsePlanetLab,
  planetLabVmTypes,
  type BitbrainsTrace,
  type PlanetLabTrace,
} from '@vplan/formats';
import { datasetPath } from '@vplan/testing';
import { readLines, readText } from './read-lines';

const MONTH = datasetPath('bitbrains_rnd', '2013-7');
const DAY = datasetPath('planetlab', '20110303');

async function bitbrains(file: string): Promise<{ trace: BitbrainsTrace; text: string }> {
  const result = await parseBitbrains(`2013-7/${file}`, readLines(join(MONTH, file)));
  if (!result.ok) throw result.error;
  return { trace: result.value, text: await readText(join(MONTH, file)) };
}

async function planetLab(name: string): Promise<PlanetLabTrace> {
  const result = await parsePlanetLab(`20110303/${name}`, readLines(join(DAY, name)));
  if (!result.ok) throw result.error;
  return result.value;
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

const dayNames = () => readdirSync(DAY).filter((name) => !name.startsWith('.'));

describe('parseBitbrains on Bitbrains Rnd, July 2013', () => {
  it('reads VM 1 as the plain reference reading does, slot by slot', async () => {
    const { trace, text } = await bitbrains('1.csv.gz');
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
      let filled = 0;
      (series?.values ?? new Float32Array()).forEach((value, i) => {
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
    const { trace } = await bitbrains('1.csv.gz');
    // VM 1 grows from 8218624 KiB to 8388608 KiB (8 GiB) during the month.
    expect(trace.asset.capacity).toEqual({ cpuMhz: 5851.9989, cores: 2, memoryGiB: 8 });
  });

  it('counts the powered-off rows of a VM that starts switched off', async () => {
    const { trace } = await bitbrains('45.csv.gz');
    expect(trace.poweredOffRows).toBe(1267);
    expect(trace.asset.capacity.cores).toBe(8);
    expect(trace.series[0]?.values[0]).toBe(0);
  });
});

describe('parsePlanetLab on PlanetLab 20110303', () => {
  it('reads a real day file: 288 percentages named after the file', async () => {
    const name = '146-179_surfsnel_dsl_internl_net_colostate_557';
    const trace = await planetLab(name);
    expect(trace.assetId).toBe(name);
    expect(trace.percent).toHaveLength(288);
    expect(Array.from(trace.percent.slice(0, 3))).toEqual([24, 34, 29]);
  });

  it('keeps spaces in a real file name as part of the asset id', async () => {
    const name = 'aladdin_planetlab_extranet_uni-passau_de_ rnp_dcc_ufjf';
    expect((await planetLab(name)).assetId).toBe(name);
  });

  it('reads every file of 20110303 (1052 VMs, values 0..99)', async () => {
    const names = dayNames();
    expect(names).toHaveLength(1052);
    let max = 0;
    for (const name of names) {
      const trace = await planetLab(name);
      expect(trace.percent).toHaveLength(288);
      max = Math.max(max, ...trace.percent);
    }
    expect(max).toBe(99);
  });

  it('splits the 1052 VMs into four CloudSim types of 263', () => {
    const types = planetLabVmTypes(dayNames());
    const counts = [0, 0, 0, 0];
    for (const type of types.values()) counts[type.type] = (counts[type.type] ?? 0) + 1;
    expect(counts).toEqual([263, 263, 263, 263]);
    expect(types.get('146-179_surfsnel_dsl_internl_net_colostate_557')?.cpuMhz).toBe(2500);
    expect(types.get('plab1_cs_ust_hk_uw_oneswarm')?.type).toBe(0);
    expect(types.get('plab1_nec-labs_com_nyu_d')?.type).toBe(1);
    expect(types.get('planetlab2_cs_columbia_edu_arizona_nest')?.type).toBe(3);
    expect(types.get('vn5_cse_wustl_edu_uw_oneswarm')).toEqual({
      type: 3,
      cpuMhz: 500,
      memoryGiB: 613 / 1024,
    });
  });
});
