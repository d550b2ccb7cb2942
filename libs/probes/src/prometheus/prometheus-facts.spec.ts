import type { PromSeries } from './prometheus-api';
import { factQueries, factsOfVectors, matcher, type FactVectors } from './prometheus-facts';
import { samplesOf, usageQueries } from './prometheus-samples';

const at = 1_764_000_000;
const v = (metric: Record<string, string>, value: string | number = 1): PromSeries => ({
  metric,
  value: [at, String(value)],
});
const none: FactVectors = {
  uname: [],
  os: [],
  dmi: [],
  memTotal: [],
  threads: [],
  sockets: [],
  cores: [],
  models: [],
  maxHertz: [],
  network: [],
};
const A = '10.0.0.5:9100';
const B = 'db02.example.com:9100';

/** Two node_exporters as Prometheus answers them: A on a Dell with cpufreq, B a VMware guest. */
const vectors: FactVectors = {
  ...none,
  uname: [
    v({ instance: A, nodename: 'db01.example.com', release: '5.14.0-362.el9', sysname: 'Linux' }),
    v({ instance: B, nodename: 'db02', release: '6.1.0-18-amd64', sysname: 'Linux' }),
  ],
  os: [v({ instance: A, pretty_name: 'Rocky Linux 9.3 (Blue Onyx)' })],
  dmi: [
    v({
      instance: A,
      system_vendor: 'Dell Inc.',
      product_name: 'PowerEdge R740',
      product_serial: '7XK2L53',
      product_uuid: '4c4c4544-0058-4b10-8032-b7c04f4c3533',
    }),
    v({ instance: B, system_vendor: 'VMware, Inc.', product_name: 'VMware7,1' }),
  ],
  memTotal: [v({ instance: A }, 412_316_860_416), v({ instance: B }, 8_589_934_592)],
  threads: [v({ instance: A }, 64), v({ instance: B }, 4)],
  sockets: [v({ instance: A }, 2), v({ instance: B }, 1)],
  cores: [v({ instance: A }, 32), v({ instance: B }, 4)],
  models: [
    v({ instance: A, model_name: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz' }, 64),
    v({ instance: B, model_name: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz' }, 4),
  ],
  maxHertz: [v({ instance: A }, 3_900_000_000)],
  network: [
    v({ instance: A, device: 'lo', address: '00:00:00:00:00:00' }),
    v({ instance: A, device: 'eno1', address: 'B0:83:FE:AA:01:02' }),
    v({ instance: A, device: 'bond0', address: '' }),
    v({ instance: B, device: 'ens192', address: '00:50:56:a1:0b:2c' }),
  ],
};

describe('factsOfVectors', () => {
  const [a, b] = factsOfVectors(vectors, 'http://prom:9090');

  it('gives one HostFacts per instance with a node_uname_info, named by its instance', () => {
    expect([a?.source, b?.source]).toEqual([
      { kind: 'prometheus', target: A },
      { kind: 'prometheus', target: B },
    ]);
    expect(a?.where).toBe(`http://prom:9090 instance ${A}`);
    expect(factsOfVectors({ ...vectors, uname: [] }, 'p')).toEqual([]);
  });

  it('reads identity from uname, dmi_info, network_info and an IP instance label', () => {
    expect(a?.identity).toEqual({
      biosUuid: '4c4c4544-0058-4b10-8032-b7c04f4c3533',
      serial: '7XK2L53',
      macs: ['b0:83:fe:aa:01:02'],
      hostname: 'db01',
      fqdn: 'db01.example.com',
      ips: ['10.0.0.5'],
    });
    expect(b?.identity).toEqual({ macs: ['00:50:56:a1:0b:2c'], hostname: 'db02' });
    expect(a?.interfaces).toEqual([{ name: 'bond0' }, { name: 'eno1', mac: 'b0:83:fe:aa:01:02' }]);
  });

  it('sizes from memory, CPU counts and the cpufreq max clock, else the model name clock', () => {
    expect(a?.hardware).toEqual({
      vendor: 'Dell Inc.',
      model: 'PowerEdge R740',
      cpuModel: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz',
      sockets: 2,
      cores: 32,
      threads: 64,
      cpuMhz: 3900,
      memoryGiB: 384,
    });
    expect(b?.hardware).toMatchObject({ virtualization: 'vmware', cpuMhz: 2400, memoryGiB: 8 });
    expect(a?.os).toEqual({
      family: 'linux',
      version: 'Rocky Linux 9.3 (Blue Onyx)',
      kernel: '5.14.0-362.el9',
    });
  });

  it('keeps firmware placeholders and implausible values out, the latter with a warning', () => {
    const [odd] = factsOfVectors(
      {
        ...none,
        uname: [v({ instance: A, nodename: 'x', sysname: 'Linux' })],
        dmi: [v({ instance: A, system_vendor: 'To be filled by O.E.M.', product_name: '' })],
        memTotal: [v({ instance: A }, 1024)],
        threads: [v({ instance: A }, 'NaN')],
      },
      'p',
    );
    expect(odd?.hardware).toEqual({});
    expect(odd?.warnings.map((w) => w.field)).toEqual(['hardware.memoryGiB']);
  });
});

describe('factQueries and usageQueries', () => {
  it('escape the instance into a label matcher', () => {
    const sel = matcher('instance', 'a"b\\c');
    expect(sel).toBe('instance="a\\"b\\\\c"');
    expect(factQueries(sel).uname).toBe(`node_uname_info{${sel}}`);
    expect(usageQueries(sel, 300).cpu).toContain(`{mode=~"idle|iowait",${sel}}[300s]`);
    expect(usageQueries('', 20).memory).toBe(
      'node_memory_MemTotal_bytes{} - node_memory_MemAvailable_bytes{}',
    );
  });
});

describe('samplesOf', () => {
  const facts = factsOfVectors(vectors, 'p');
  const m = (instance: string, values: [number, string][]): PromSeries => ({
    metric: { instance },
    values,
  });

  it('turns the busy share into MHz of cores × clock when both are known, else keeps the share', () => {
    const samples = samplesOf(
      [
        m(A, [
          [at, '0.25'],
          [at + 300, 'NaN'],
        ]),
        m(B, [[at, '1.2']]),
      ],
      [],
      [facts[0] as (typeof facts)[number], { ...facts[1]!, hardware: {} }],
    );
    expect(samples).toEqual([
      {
        instance: A,
        metric: 'cpu',
        at: new Date(at * 1000).toISOString(),
        value: 0.25 * 32 * 3900,
        unit: 'MHz',
      },
      {
        instance: B,
        metric: 'cpu',
        at: new Date(at * 1000).toISOString(),
        value: 1,
        unit: 'share',
      },
    ]);
  });

  it('gives memory in use in GiB', () => {
    expect(samplesOf([], [m(B, [[at, String(3 * 2 ** 30)]])], facts)).toEqual([
      {
        instance: B,
        metric: 'memory',
        at: new Date(at * 1000).toISOString(),
        value: 3,
        unit: 'GiB',
      },
    ]);
  });
});
