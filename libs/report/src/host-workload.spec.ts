import { hostWorkload } from './host-workload';
import { buildReportFixture } from './report.fixture';

describe('hostWorkload', () => {
  const { plan, demand } = buildReportFixture({ hosts: 3, vmsPerHost: 12, slots: 2016 });

  it('stacks the top VMs individually and the rest as others', () => {
    const host = plan.hosts[0];
    if (!host) throw new Error('fixture has no host');
    const workload = hostWorkload(plan, host, demand, { topVms: 8, maxPoints: 400 });
    expect(workload.top).toHaveLength(8);
    expect(workload.othersCount).toBe(4);
    for (const stack of workload.stacks) expect(stack.sample.values).toHaveLength(9);
  });

  it('ranks the stacked VMs by mean demand relative to usable capacity', () => {
    const host = plan.hosts[1];
    if (!host) throw new Error('fixture has no host');
    const workload = hostWorkload(plan, host, demand, { topVms: 8, maxPoints: 400 });
    const score = (id: string): number =>
      (demand.get(id) ?? []).reduce((sum, values, r) => {
        const usable = r === 0 ? 80_000 : 921.6;
        return sum + values.reduce((a, b) => a + b, 0) / values.length / usable;
      }, 0);
    const scores = workload.top.map(score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const others = host.assets.filter((id) => !workload.top.includes(id)).map(score);
    expect(Math.max(...others)).toBeLessThanOrEqual(Math.min(...scores));
  });

  it('keeps downsampled stacked totals within the true host peak and reaches it', () => {
    for (const host of plan.hosts) {
      const workload = hostWorkload(plan, host, demand, { topVms: 8, maxPoints: 400 });
      for (const stack of workload.stacks) {
        const truePeak = host.peak[stack.resource] ?? Number.NaN;
        const drawn = Array.from(stack.sample.totals);
        expect(drawn).toHaveLength(400);
        expect(Math.max(...drawn)).toBe(truePeak);
        expect(drawn.every((v) => v <= truePeak)).toBe(true);
      }
    }
  });

  it('draws a lone extra VM as itself rather than as one "other"', () => {
    const small = buildReportFixture({ hosts: 1, vmsPerHost: 9, slots: 48 });
    const host = small.plan.hosts[0];
    if (!host) throw new Error('fixture has no host');
    const workload = hostWorkload(small.plan, host, small.demand, { topVms: 8, maxPoints: 400 });
    expect(workload.top).toHaveLength(9);
    expect(workload.othersCount).toBe(0);
  });
});
