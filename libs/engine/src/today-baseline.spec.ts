import { makeAsset, type EstateBaseline } from '@vplan/domain';
import { parsePlanDocument, planOptionsSchema } from '@vplan/formats';
import { planEstate } from './plan-estate';
import { existingModels, planToday, todaySummaryLine } from './today-baseline';

const baseline: EstateBaseline = {
  source: 'export.xlsx',
  hosts: [
    {
      name: 'esx-01',
      cluster: 'c1',
      hardwareModel: 'HP DL380 Gen9',
      cpuModel: 'Xeon E5-2680 v3',
      cores: 24,
      mhz: 2500,
      memoryGiB: 256,
      vms: ['a', 'b'],
      vcpus: 48,
      vmMemoryGiB: 192,
    },
    {
      name: 'esx-02',
      cluster: 'c1',
      hardwareModel: 'HP DL380 Gen9',
      cpuModel: 'Xeon E5-2680 v3',
      cores: 24,
      mhz: 2500,
      memoryGiB: 256,
      vms: ['c'],
      vcpus: 24,
      vmMemoryGiB: 320,
    },
    { name: 'esx-03', cpuModel: 'Xeon Gold 6130', vms: [], vcpus: 0, vmMemoryGiB: 0 },
  ],
  unknownHosts: ['esx-99'],
  skipped: [{ asset: 'old', reason: 'powered-off', where: 'export.xlsx:vInfo:7' }],
  notes: [],
};

describe('planToday', () => {
  const today = planToday(baseline);

  it('totals hosts, cores, memory, VMs and vCPUs of today', () => {
    expect(today).toMatchObject({ hosts: 3, cores: 48, memoryGiB: 512, vms: 3, vcpus: 72 });
    expect(today.unknownHosts).toEqual(['esx-99']);
  });

  it('gives max and mean ratios over the hosts where each is known', () => {
    expect(today.vcpuPerCore).toEqual({ max: 2, mean: 1.5 });
    expect(today.memoryRatio).toEqual({ max: 1.25, mean: 1 });
    expect(today.hostList[2]).not.toHaveProperty('vcpuPerCore');
  });

  it('groups hosts by hardware model and CPU model', () => {
    expect(today.models).toEqual([
      {
        name: 'HP DL380 Gen9',
        cpuModel: 'Xeon E5-2680 v3',
        hosts: 2,
        cores: 48,
        memoryGiB: 512,
      },
      { name: 'Xeon Gold 6130', cpuModel: 'Xeon Gold 6130', hosts: 1 },
    ]);
  });

  it('says it in one summary line', () => {
    expect(todaySummaryLine(today)).toBe(
      'today: 3 hosts (48 cores, 512 GiB), 3 VMs, vCPU:core max 2.00 (mean 1.50), ' +
        'memory configured:physical max 1.25 (mean 1.00), 1 host(s) not in inventory',
    );
  });
});

describe('planEstate with a baseline', () => {
  it('writes today and skipped into a plan.json that reads back', () => {
    const flat = (assetId: string, metric: 'cpu' | 'memory', value: number) => ({
      assetId,
      metric,
      stepSeconds: 300,
      start: 0,
      values: new Float32Array(12).fill(value),
    });
    const estate = {
      assets: [makeAsset('a'), makeAsset('b')],
      series: [flat('a', 'cpu', 400), flat('a', 'memory', 4), flat('b', 'cpu', 300)],
      baseline,
    };
    const options = planOptionsSchema.parse({ hostCpuMhz: 1000, hostMemoryGiB: 16 });
    const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
    const { plan } = planEstate(estate, options, { source: 'x', format: 'csv' }, context);
    const read = parsePlanDocument(JSON.stringify(plan), 'plan.json');
    if (!read.ok) throw read.error;
    expect(read.value.today?.hosts).toBe(3);
    expect(read.value.today?.vcpuPerCore.max).toBe(2);
    expect(read.value.skipped).toEqual([
      { asset: 'old', reason: 'powered-off', where: 'export.xlsx:vInfo:7' },
    ]);
  });

  it('leaves today out when the estate has no baseline', () => {
    const estate = { assets: [makeAsset('a')], series: [] };
    const options = planOptionsSchema.parse({ hostCpuMhz: 1000, resources: ['cpu'] });
    const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
    const { plan } = planEstate(estate, options, { source: 'x', format: 'csv' }, context);
    expect(plan).not.toHaveProperty('today');
    expect(plan).not.toHaveProperty('skipped');
  });
});

describe('existingModels', () => {
  it('groups hosts by CPU model, cores and memory with today highest ratios as limits', () => {
    const grouped = existingModels(baseline);
    expect(grouped.models).toEqual([
      {
        name: 'HP DL380 Gen9 · 24 cores · 256 GiB',
        cpuModel: 'Xeon E5-2680 v3',
        cores: 24,
        memoryGiB: 256,
        cpuMhz: 60000,
        hosts: ['esx-01', 'esx-02'],
      },
    ]);
    expect(grouped.vcpuPerCore).toBe(2);
    expect(grouped.memoryOvercommit).toBe(1.25);
    expect(grouped.unusable).toEqual(['esx-03']);
  });
});
