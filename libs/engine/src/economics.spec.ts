import type { TargetModel } from '@vplan/domain';
import {
  energyKwhPerMonth,
  hostMonthlyCost,
  objectiveValue,
  planEconomics,
  todayHostCost,
} from './economics';

const model: TargetModel = {
  name: 'm',
  capacity: { cpu: 1000 },
  cores: 32,
  sockets: 2,
  costPerMonth: 1000,
  powerWatts: { idle: 100, peak: 300 },
  licences: { windowsDatacenter: { perCoreMonth: 10 }, sqlServer: { perCoreMonth: 100 } },
};
const half = [0.5, 0.5, 0.5];

describe('energyKwhPerMonth', () => {
  it('is idle + (peak − idle) × mean utilization × 730 h', () => {
    expect(energyKwhPerMonth({ idle: 100, peak: 300 }, half)).toBeCloseTo(146, 9);
    expect(energyKwhPerMonth({ idle: 100, peak: 300 }, [0, 1])).toBeCloseTo(146, 9);
    expect(energyKwhPerMonth({ idle: 100, peak: 300 }, [])).toBeCloseTo(73, 9);
  });
});

describe('hostMonthlyCost', () => {
  it('adds hardware, energy and licences of the whole host', () => {
    const cost = hostMonthlyCost({
      model,
      cpuUtilization: half,
      licences: ['windows-datacenter', 'sql-server'],
      pricePerKwh: 0.2,
    });
    expect(cost.energyCostPerMonth).toBeCloseTo(29.2, 9);
    expect(cost.licensedCores).toEqual({ windowsDatacenter: 32, sqlServer: 32 });
    expect(cost.licenceCostPerMonth).toBe(32 * 10 + 32 * 100);
    expect(cost.costPerMonth).toBeCloseTo(1000 + 29.2 + 3520, 9);
    expect(cost.assumptions).toEqual([]);
  });

  it('counts missing cost and power as 0 and says so', () => {
    const bare: TargetModel = { name: 'bare', capacity: { cpu: 1 }, cores: 12 };
    const cost = hostMonthlyCost({
      model: bare,
      cpuUtilization: half,
      licences: ['sql-server'],
      pricePerKwh: 0.2,
    });
    expect(cost.costPerMonth).toBe(0);
    expect(cost.licensedCores.sqlServer).toBe(16);
    expect(cost.assumptions).toHaveLength(3);
    expect(cost.assumptions[0]).toMatch(/model bare: no cost_per_month/);
  });
});

describe('planEconomics', () => {
  const price = (licences: ('windows-datacenter' | 'sql-server')[]) =>
    hostMonthlyCost({ model, cpuUtilization: half, licences, pricePerKwh: 0.2 });

  it('rewards grouping Windows/SQL VMs on fewer licensed hosts', () => {
    const grouped = planEconomics({
      objective: 'cost',
      pricePerKwh: 0.2,
      hosts: [
        { model: 'm', cost: price(['windows-datacenter', 'sql-server']) },
        { model: 'm', cost: price([]) },
      ],
      lowerBound: 0,
    });
    const spread = planEconomics({
      objective: 'cost',
      pricePerKwh: 0.2,
      hosts: [
        { model: 'm', cost: price(['sql-server']) },
        { model: 'm', cost: price(['windows-datacenter']) },
      ],
      lowerBound: 0,
    });
    expect(grouped.total.licenceCostPerMonth).toBe(3520);
    expect(spread.total.licenceCostPerMonth).toBe(3520);
    const both = planEconomics({
      objective: 'cost',
      pricePerKwh: 0.2,
      hosts: [
        { model: 'm', cost: price(['windows-datacenter', 'sql-server']) },
        { model: 'm', cost: price(['windows-datacenter', 'sql-server']) },
      ],
      lowerBound: 0,
    });
    expect(both.total.costPerMonth).toBeGreaterThan(grouped.total.costPerMonth);
    expect(both.total.licensedCores).toEqual({ windowsDatacenter: 64, sqlServer: 64 });
  });

  it('groups by model, picks the best single model and prices savings', () => {
    const cheap = hostMonthlyCost({
      model: { ...model, name: 'c', costPerMonth: 500 },
      cpuUtilization: half,
      licences: [],
      pricePerKwh: 0.2,
    });
    const dear = price([]);
    const today = todayHostCost({
      name: 'esx1',
      cores: 16,
      cpuUtilization: [0.5],
      licences: [],
      pricePerKwh: 0.2,
    });
    const econ = planEconomics({
      objective: 'cost',
      pricePerKwh: 0.2,
      hosts: [
        { model: 'c', cost: cheap },
        { model: 'm', cost: dear },
      ],
      lowerBound: 1400,
      singleModels: [
        { model: 'c', hosts: [cheap, cheap], unplaced: 3 },
        { model: 'm', hosts: [dear, dear], unplaced: 0 },
      ],
      today: [today, today, today],
      peakBased: { hosts: 4, model: 'c' },
    });
    expect(econ.perModel.map((p) => [p.model, p.hosts, p.costPerMonth])).toEqual([
      ['c', 1, 529.2],
      ['m', 1, 1029.2],
    ]);
    expect(econ.total.costPerYear).toBeCloseTo(1558.4 * 12, 6);
    expect(econ.bestSingleModel).toBe('m');
    expect(econ.lowerBound).toEqual({ value: 1400, gap: 158.4 });
    // today: 250 W × 730 h = 182.5 kWh per host, hardware owned.
    expect(econ.savings.vsToday).toEqual({
      hosts: 1,
      costPerMonth: 3 * 36.5 - 1558.4,
      energyKwhPerMonth: 3 * 182.5 - 292,
    });
    expect(econ.savings.vsPeak).toEqual({
      hosts: 2,
      costPerMonth: 558.4,
      energyKwhPerMonth: 4 * 146 - 292,
    });
    expect(econ.assumptions.some((a) => /esx1: power assumed idle 150 W/.test(a))).toBe(true);
    expect(objectiveValue(econ.total, 'hosts')).toBe(2);
    expect(objectiveValue(econ.total, 'power')).toBe(292);
  });
});
