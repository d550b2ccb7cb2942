import { busyShare, readUsage, usageSamples } from './ssh-sample';

const stat = (user: number, idle: number): string =>
  `cpu  ${user} 0 0 ${idle} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n` +
  'MemTotal:       4194304 kB\nMemAvailable:   3145728 kB\n';

describe('usageSamples', () => {
  const first = readUsage(stat(100, 900), new Date('2026-01-01T00:00:00Z'));
  const last = readUsage(stat(150, 1050), new Date('2026-01-01T00:01:00Z'));

  it('reads busy and total jiffies, logical CPUs and memory in use', () => {
    expect(first).toMatchObject({ cpuBusy: 100, cpuTotal: 1000, cpus: 2, memoryUsedGiB: 1 });
    expect(busyShare(first, last)).toBeCloseTo(0.25, 9);
  });

  it('gives CPU MHz as busy share × cores × MHz at the end, and memory at both readings', () => {
    expect(usageSamples(first, last, { cores: 4, cpuMhz: 2000 })).toEqual([
      { metric: 'cpu', at: '2026-01-01T00:01:00.000Z', value: 2000 },
      { metric: 'memory', at: '2026-01-01T00:00:00.000Z', value: 1 },
      { metric: 'memory', at: '2026-01-01T00:01:00.000Z', value: 1 },
    ]);
  });

  it('gives no CPU sample without a clock or when the counters did not move', () => {
    expect(usageSamples(first, last, { cores: 4 }).map((s) => s.metric)).toEqual([
      'memory',
      'memory',
    ]);
    expect(busyShare(first, first)).toBeUndefined();
  });
});
