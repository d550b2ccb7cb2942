import { linesOf } from './lines.fixture';
import {
  parsePlanetLab,
  PLANETLAB_VM_TYPES,
  planetLabOrigin,
  planetLabSeries,
  planetLabVmTypes,
  type PlanetLabTrace,
} from './planetlab';

async function parseOk(file: string, text: string): Promise<PlanetLabTrace> {
  const result = await parsePlanetLab(file, linesOf(text));
  if (!result.ok) throw result.error;
  return result.value;
}

async function parseError(text: string): Promise<string> {
  const result = await parsePlanetLab('20110303/vm', linesOf(text));
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

describe('parsePlanetLab', () => {
  it('reads a day file: 288 percentages named after the file', async () => {
    const day = Array.from({ length: 288 }, (_, i) => String((i * 37) % 101));
    const trace = await parseOk('20110303/vm_a-1', `${day.join('\n')}\n`);
    expect(trace.assetId).toBe('vm_a-1');
    expect(Array.from(trace.percent)).toEqual(day.map(Number));
  });

  it('keeps spaces in a file name as part of the asset id', async () => {
    const name = 'aladdin_planetlab_extranet_uni-passau_de_ rnp_dcc_ufjf';
    const trace = await parseOk(`20110303/${name}`, '3\n4\n');
    expect(trace.assetId).toBe(name);
  });

  it('accepts 100 and surrounding spaces', async () => {
    expect(Array.from((await parseOk('v', '0\n 100 \n7\n')).percent)).toEqual([0, 100, 7]);
  });

  it('reports a value above 100 with file:row:1', async () => {
    expect(await parseError('5\n101\n')).toBe(
      '20110303/vm:2:1: expected an integer CPU percentage 0..100, found "101"',
    );
  });

  it('reports negative, fractional and non-numeric values', async () => {
    expect(await parseError('-1\n')).toMatch(/^20110303\/vm:1:1: .*found "-1"$/);
    expect(await parseError('1\n2\n12.5\n')).toMatch(/^20110303\/vm:3:1: .*found "12.5"$/);
    expect(await parseError('abc\n')).toMatch(/^20110303\/vm:1:1: .*found "abc"$/);
  });

  it('reports a blank line, since every line is a time slot', async () => {
    expect(await parseError('1\n\n3\n')).toBe(
      '20110303/vm:2:1: expected an integer CPU percentage 0..100, found an empty line',
    );
  });

  it('reports an empty file', async () => {
    expect(await parseError('')).toBe('20110303/vm:1:1: empty file: expected CPU percentages');
  });
});

describe('planetLabVmTypes', () => {
  it('splits names into four CloudSim types of equal count, in byte order', () => {
    const names = Array.from({ length: 12 }, (_, i) => `vm-${String(11 - i).padStart(2, '0')}`);
    const types = planetLabVmTypes(names);
    expect(names.map((n) => types.get(n)?.type)).toEqual([3, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0]);
    expect(types.get('vm-00')).toEqual({ type: 0, cpuMhz: 2500, memoryGiB: 870 / 1024 });
    expect(types.get('vm-11')).toEqual({ type: 3, cpuMhz: 500, memoryGiB: 613 / 1024 });
  });

  it('orders names by bytes, not by locale', () => {
    // Bytes: "B" (66) < "_" (95) < "a" (97) < "b" (98); a locale order would put "_a" or "B" elsewhere.
    const types = planetLabVmTypes(['b', 'a', '_a', 'B']);
    expect(['B', '_a', 'a', 'b'].map((name) => types.get(name)?.type)).toEqual([0, 1, 2, 3]);
  });

  it('gives the CloudSim sizes: ceil(n/4) VMs per type, the last type fewer', () => {
    const types = planetLabVmTypes(['a', 'b', 'c', 'd', 'e']);
    expect(['a', 'b', 'c', 'd', 'e'].map((name) => types.get(name)?.type)).toEqual([0, 0, 1, 1, 2]);
    expect(PLANETLAB_VM_TYPES.map((t) => [t.cpuMhz, t.memoryGiB * 1024])).toEqual([
      [2500, 870],
      [2000, 1740],
      [1000, 1740],
      [500, 613],
    ]);
  });
});

describe('planetLabOrigin', () => {
  it('starts a YYYYMMDD folder at midnight UTC of that day', () => {
    expect(planetLabOrigin('20110303')).toBe(Date.UTC(2011, 2, 3) / 1000);
  });

  it('starts any other folder at the epoch', () => {
    expect(planetLabOrigin('traces')).toBe(0);
    expect(planetLabOrigin('20111340')).toBe(0);
    expect(planetLabOrigin('2011030')).toBe(0);
  });
});

describe('planetLabSeries', () => {
  const trace: PlanetLabTrace = { assetId: 'vm', percent: Uint8Array.from([0, 50, 100]) };

  it('turns percentages into MHz of the VM size and holds memory constant', () => {
    const origin = planetLabOrigin('20110303');
    const [cpu, memory] = planetLabSeries(
      trace,
      { cpuMhz: 2000, memoryGiB: 1.5 },
      { originSeconds: origin },
    );
    expect(cpu?.start).toBe(origin / 300);
    expect(cpu?.stepSeconds).toBe(300);
    expect(Array.from(cpu?.values ?? [])).toEqual([0, 1000, 2000]);
    expect(Array.from(memory?.values ?? [])).toEqual([1.5, 1.5, 1.5]);
  });

  it('keeps lines 300 s apart on a coarser grid, the largest per slot', () => {
    const [cpu] = planetLabSeries(trace, { cpuMhz: 1000, memoryGiB: 1 }, { stepSeconds: 600 });
    expect(cpu?.start).toBe(0);
    expect(Array.from(cpu?.values ?? [])).toEqual([500, 1000]);
  });
});
