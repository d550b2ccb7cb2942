import type { MetricSeries } from '@vplan/domain';
import { UNASSIGNED, chargeback } from './chargeback';

const flat = (metric: 'cpu' | 'memory', value: number, slots: number): MetricSeries => ({
  assetId: 'x',
  metric,
  stepSeconds: 300,
  start: 0,
  values: new Float32Array(slots).fill(value),
});

const COSTS = { perGhzHour: 0.01, perGibHour: 0.005, currency: 'EUR' };

describe('chargeback', () => {
  it('prices each group by its demand-hours and adds up to the estate', () => {
    const groups = chargeback(
      [
        // 12 slots = 1 h: 2 GHz·h of CPU on a 4 GHz server, 8 GiB·h of 16 GiB.
        {
          group: 'finance',
          capacity: { cpuMhz: 4000, memoryGiB: 16 },
          series: [flat('cpu', 2000, 12), flat('memory', 8, 12)],
        },
        { group: UNASSIGNED, capacity: {}, series: [flat('cpu', 1000, 12)] },
      ],
      COSTS,
    );
    const [finance, unassigned] = groups;
    expect(finance?.group).toBe('finance');
    expect(finance?.cpu.demandHours).toBeCloseTo(2, 9);
    expect(finance?.cpu.capacityHours).toBeCloseTo(4, 9);
    expect(finance?.cpu.utilization).toBeCloseTo(0.5, 9);
    expect(finance?.memory.utilization).toBeCloseTo(0.5, 9);
    expect(finance?.cpu.share).toBeCloseTo(2 / 3, 9);
    expect(finance?.chargeback).toBeCloseTo(2 * 0.01 + 8 * 0.005, 9);
    // Without a capacity there is demand and a charge, but no utilization.
    expect(unassigned?.cpu.utilization).toBeNull();
    expect(unassigned?.chargeback).toBeCloseTo(0.01, 9);
    const total = groups.reduce((sum, g) => sum + g.chargeback, 0);
    expect(total).toBeCloseTo(3 * 0.01 + 8 * 0.005, 9);
  });

  it('sorts groups by charge, largest first', () => {
    const groups = chargeback(
      [
        { group: 'small', capacity: {}, series: [flat('cpu', 100, 12)] },
        { group: 'large', capacity: {}, series: [flat('cpu', 900, 12)] },
      ],
      COSTS,
    );
    expect(groups.map((g) => g.group)).toEqual(['large', 'small']);
  });
});
