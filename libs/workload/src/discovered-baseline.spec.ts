import { makeAsset } from '@vplan/domain';
import { joinEstate } from './join-estate';
import { splitHypervisors } from './discovered-baseline';

const host = makeAsset('esx1', {
  hostname: 'esx1',
  capacity: { cores: 16, cpuMhz: 16 * 2400, memoryGiB: 256, cpuModel: 'Xeon Gold 6130' },
  custom: {
    asset_kind: 'hypervisor',
    cluster: 'C0',
    datacenter_name: 'DC0',
    cpu_clock_mhz: '2400',
    sockets: '2',
  },
});
const vm = (id: string, on: string | undefined) =>
  makeAsset(id, {
    capacity: { cores: 4, memoryGiB: 8 },
    custom: on !== undefined ? { runs_on: on } : {},
  });

describe('splitHypervisors', () => {
  it('keeps inventories without hypervisors as they are', () => {
    const out = splitHypervisors([vm('a', undefined)]);
    expect(out.workloads.map((a) => a.id)).toEqual(['a']);
    expect(out.baseline).toBeUndefined();
  });

  it("makes discovered hypervisors today's hosts with the VMs that run on them, and no workload", () => {
    const out = splitHypervisors([host, vm('vm1', 'ESX1'), vm('vm2', 'esx1'), vm('vm3', 'esx9')]);
    expect(out.workloads.map((a) => a.id)).toEqual(['vm1', 'vm2', 'vm3']);
    expect(out.baseline?.hosts).toEqual([
      {
        name: 'esx1',
        cluster: 'C0',
        datacenter: 'DC0',
        cpuModel: 'Xeon Gold 6130',
        sockets: 2,
        cores: 16,
        mhz: 2400,
        memoryGiB: 256,
        vms: ['vm1', 'vm2'],
        vcpus: 8,
        vmMemoryGiB: 16,
      },
    ]);
    expect(out.baseline?.unknownHosts).toEqual(['esx9']);
    expect(out.baseline?.notes[0]).toMatch(
      /1 hypervisor host\(s\) discovered \(esx1\).*not planned/,
    );
  });

  it('joinEstate plans the VMs only and leaves the hypervisors’ traces out', () => {
    const series = (assetId: string) => ({
      assetId,
      metric: 'cpu' as const,
      stepSeconds: 300,
      start: 0,
      values: new Float32Array([1, 2]),
    });
    const estate = joinEstate(
      [
        { id: 'esx1', capacity: {}, series: [series('esx1')] },
        { id: 'vm1', capacity: {}, series: [series('vm1')] },
      ],
      [host, vm('vm1', 'esx1')],
    );
    expect(estate.assets.map((a) => a.id)).toEqual(['vm1']);
    expect(estate.series.map((s) => s.assetId)).toEqual(['vm1']);
    expect(estate.baseline?.hosts[0]?.vms).toEqual(['vm1']);
  });
});
