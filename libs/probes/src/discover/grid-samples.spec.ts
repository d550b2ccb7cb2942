import { gridSamples } from './grid-samples';
import { machinesOf, readingsOfLoad } from './discover-estate';
import type { HostFacts } from '../host-facts';

describe('gridSamples', () => {
  it('averages each metric per 5-minute slot, stamped at the slot start, cpu shares in percent', () => {
    const out = gridSamples([
      { metric: 'cpu', at: '2026-01-01T10:01:00Z', value: 1000 },
      { metric: 'cpu', at: '2026-01-01T10:04:59Z', value: 2000 },
      { metric: 'cpu', at: '2026-01-01T10:05:00Z', value: 500 },
      { metric: 'memory', at: '2026-01-01T10:02:00Z', value: 3.5 },
      { metric: 'cpu', at: '2026-01-01T10:02:00Z', value: 0.25, unit: 'share' },
    ]);
    const t0 = Date.parse('2026-01-01T10:00:00Z') / 1000;
    expect(out).toEqual([
      { metric: 'cpu_mhz', at: t0, value: 1500 },
      { metric: 'cpu_pct', at: t0, value: 25 },
      { metric: 'memory_gb', at: t0, value: 3.5 },
      { metric: 'cpu_mhz', at: t0 + 300, value: 500 },
    ]);
  });

  it('leaves out readings without a time or with a negative or non-finite value', () => {
    expect(
      gridSamples([
        { metric: 'cpu', at: 'not a time', value: 1 },
        { metric: 'cpu', at: '2026-01-01T10:00:00Z', value: -1 },
        { metric: 'memory', at: '2026-01-01T10:00:00Z', value: Number.NaN },
      ]),
    ).toEqual([]);
  });
});

describe('readingsOfLoad', () => {
  it('takes memory in use as physical less cached and buffers (net-snmp), the load as a share', () => {
    const at = '2026-01-01T10:00:00Z';
    expect(
      readingsOfLoad({
        at,
        cpuBusy: 0.4,
        storage: [
          { descr: 'Physical memory', usedGiB: 10, sizeGiB: 16 },
          { descr: 'Cached memory', usedGiB: 3, sizeGiB: 3 },
          { descr: 'Memory buffers', usedGiB: 1, sizeGiB: 16 },
          { descr: '/', usedGiB: 50, sizeGiB: 100 },
        ],
      }),
    ).toEqual([
      { metric: 'cpu', at, value: 0.4, unit: 'share' },
      { metric: 'memory', at, value: 6 },
    ]);
    expect(readingsOfLoad(undefined)).toEqual([]);
    expect(readingsOfLoad({ at, cpuBusy: 0.1, storage: [] })).toHaveLength(1);
  });
});

describe('machinesOf', () => {
  const fact = (target: string): HostFacts => ({
    source: { kind: 'ssh', target },
    identity: {},
    hardware: {},
    warnings: [],
  });
  it('joins what one address answered with what the identity chain joined, in first-seen order', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(fact) as [
      HostFacts,
      HostFacts,
      HostFacts,
      HostFacts,
    ];
    const groups = machinesOf([[a, b], [c], [d]], [[b, c]]);
    expect(groups).toEqual([[a, b, c], [d]]);
  });
});
