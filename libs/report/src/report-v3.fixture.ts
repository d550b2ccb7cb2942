import type { PlanDocument, PlanEconomicsFigures } from '@vplan/formats';

const figures = (hosts: number, perHost: number): PlanEconomicsFigures => ({
  hosts,
  hostCostPerMonth: hosts * perHost,
  energyCostPerMonth: hosts * 40,
  licenceCostPerMonth: hosts * 100,
  costPerMonth: hosts * (perHost + 140),
  costPerYear: hosts * (perHost + 140) * 12,
  energyKwhPerMonth: hosts * 200,
  licensedCores: { windowsDatacenter: 32, sqlServer: 16 },
});

/**
 * The plan with v3 fields: the first host keeps today's `esx-01` (model `today-r640`), the
 * others are bought (`hostModel.name`); economics in EUR, today's estate of 12 hosts, a
 * label per host and one host at the usable limit.
 */
export function withV3Fields(plan: PlanDocument): PlanDocument {
  const bought = plan.hosts.length - 1;
  const model = plan.hostModel.name;
  return {
    ...plan,
    hosts: plan.hosts.map((h, i) => ({
      ...h,
      model: i === 0 ? 'today-r640' : model,
      ...(i === 0 ? { existing: 'esx-01' } : {}),
      label: i % 2 === 0 ? 'prod · pci · vlan 20' : 'test · vlan 30',
      peakUtilization: i === 1 ? { ...h.peakUtilization, cpu: 1 } : h.peakUtilization,
    })),
    economics: {
      objective: 'cost',
      currency: 'EUR',
      pricePerKwh: 0.2,
      hoursPerMonth: 730,
      total: figures(plan.hosts.length, 500),
      perModel: [
        { ...figures(1, 0), model: 'today-r640' },
        { ...figures(bought, 500), model },
      ],
      lowerBound: { value: 1000, gap: 0 },
      singleModels: [],
      savings: {
        vsToday: { hosts: 12 - plan.hosts.length, costPerMonth: 4321, energyKwhPerMonth: 900 },
        vsPeak: { hosts: 2, costPerMonth: 1280, energyKwhPerMonth: 400 },
      },
      assumptions: [],
    },
    today: {
      source: 'rvtools.xlsx',
      hosts: 12,
      cores: 288,
      memoryGiB: 6144,
      vms: 40,
      vcpus: 160,
      vcpuPerCore: { max: 1.2, mean: 0.6 },
      memoryRatio: { max: 0.9, mean: 0.5 },
      models: [{ name: 'today-r640', hosts: 12 }],
      hostList: [],
      unknownHosts: [],
    },
  };
}
