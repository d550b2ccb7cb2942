import { parseLscpu } from './lscpu';

const XEON = [
  'Architecture:        x86_64',
  'CPU(s):              40',
  'Thread(s) per core:  2',
  'Core(s) per socket:  10',
  'Socket(s):           2',
  'Vendor ID:           GenuineIntel',
  'Model name:          Intel(R) Xeon(R)   CPU E5-2650 v3 @ 2.30GHz',
  'CPU MHz:             1200.000',
  'CPU max MHz:         3000.0000',
  'CPU min MHz:         1200.0000',
  'Virtualization:      VT-x',
  'L3 cache:            25600K',
].join('\n');

describe('parseLscpu', () => {
  it('reads threads, sockets, cores per socket × sockets, model and max clock', () => {
    const result = parseLscpu(XEON, 'lscpu.txt');
    if (!result.ok) throw result.error;
    expect(result.value).toEqual([
      {
        source: { kind: 'lscpu', file: 'lscpu.txt' },
        where: 'lscpu.txt:1',
        identity: {},
        hardware: {
          cpuModel: 'Intel(R) Xeon(R) CPU E5-2650 v3 @ 2.30GHz',
          sockets: 2,
          cores: 20,
          threads: 40,
          cpuMhz: 3000,
        },
        warnings: [],
      },
    ]);
  });

  it('takes the model name’s nominal clock before the instantaneous CPU MHz', () => {
    const text = XEON.split('\n')
      .filter((l) => !/max MHz/.test(l))
      .join('\n');
    const result = parseLscpu(text, 'old.txt');
    expect(result.ok && result.value[0]?.hardware.cpuMhz).toBe(2300);
  });

  it('names the hypervisor and warns that the topology is the guest’s view', () => {
    const result = parseLscpu(
      `${XEON}\nHypervisor vendor:   VMware\nVirtualization type: full\n`,
      'vm.txt',
    );
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.virtualization).toBe('vmware');
    expect(result.value[0]?.warnings[0]?.where).toBe('vm.txt:13');
  });

  it('turns an implausible clock into a warning with its line', () => {
    const result = parseLscpu(XEON.replace('3000.0000', '1386667.908'), 'odd.txt');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.cpuMhz).toBeUndefined();
    expect(result.value[0]?.warnings).toEqual([
      expect.objectContaining({ where: 'odd.txt:9', field: 'hardware.cpuMhz', value: 1386667.908 }),
    ]);
  });

  it('reads the indented sections of newer lscpu and lscpu -J', () => {
    const sections =
      'Vendor ID: AuthenticAMD\n  Model name: AMD EPYC 7302 16-Core Processor\n    CPU(s): 32\n    Socket(s): 1\n    Core(s) per socket: 16\n';
    const text = parseLscpu(sections, 'new.txt');
    const json = parseLscpu(
      JSON.stringify({
        lscpu: [
          { field: 'CPU(s):', data: '32' },
          {
            field: 'Vendor ID:',
            data: 'AuthenticAMD',
            children: [
              { field: 'Model name:', data: 'AMD EPYC 7302 16-Core Processor' },
              { field: 'Socket(s):', data: '1' },
              { field: 'Core(s) per socket:', data: '16' },
            ],
          },
        ],
      }),
      'j.json',
    );
    const expected = {
      cpuModel: 'AMD EPYC 7302 16-Core Processor',
      sockets: 1,
      cores: 16,
      threads: 32,
    };
    expect(text.ok && text.value[0]?.hardware).toEqual(expected);
    expect(json.ok && json.value[0]?.hardware).toEqual(expected);
  });

  it('reads /proc/cpuinfo: processors, physical ids and their cores', () => {
    const block = (p: number, id: number) =>
      `processor\t: ${p}\nmodel name\t: Quad-Core AMD Opteron(tm) Processor 2374 HE\ncpu MHz\t\t: 2200.000\nphysical id\t: ${id}\ncpu cores\t: 4\n`;
    const text = [0, 1, 2, 3, 4, 5, 6, 7].map((p) => block(p, p < 4 ? 0 : 1)).join('\n');
    const result = parseLscpu(text, 'cpuinfo');
    expect(result.ok && result.value[0]?.hardware).toEqual({
      cpuModel: 'Quad-Core AMD Opteron(tm) Processor 2374 HE',
      sockets: 2,
      cores: 8,
      threads: 8,
      cpuMhz: 2200,
    });
  });

  it('refuses a line without ":" at its line, control characters escaped', () => {
    const result = parseLscpu('CPU(s): 4\n\u0007garbage here\n', 'x.txt');
    expect(!result.ok && result.error.message).toBe(
      'x.txt:2:1: expected "Key: value", found "\\x07garbage here"',
    );
  });

  it('refuses an empty text at 1:1', () => {
    expect(!parseLscpu('\n\n', 'e.txt').ok).toBe(true);
  });
});
