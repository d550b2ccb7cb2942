import type { Asset, EstateBaseline, TodayHost } from '@vplan/domain';

/**
 * The custom attribute naming what kind of machine a discovered asset is: `hypervisor`
 * (an ESXi host a vCenter listed: today's capacity, not a workload) or `container-host`
 * (a Kubernetes node). Written by discovery; absent on servers and VMs.
 */
export const ASSET_KIND_ATTRIBUTE = 'asset_kind';

const num = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
};

/**
 * Splits an inventory into the workloads a plan places and the hypervisors it does not:
 * the hypervisors become today's hosts (with the VMs whose `runs_on` names them, their
 * vCPUs and memory), so a plan reports today and can keep them; the note says so.
 * Undefined baseline when the inventory holds no hypervisor.
 */
export function splitHypervisors(inventory: readonly Asset[]): {
  workloads: Asset[];
  hypervisors: ReadonlySet<string>;
  baseline?: EstateBaseline;
} {
  const hosts = inventory.filter((a) => a.custom[ASSET_KIND_ATTRIBUTE] === 'hypervisor');
  if (hosts.length === 0) return { workloads: [...inventory], hypervisors: new Set() };
  const ids = new Set(hosts.map((h) => h.id));
  const workloads = inventory.filter((a) => !ids.has(a.id));
  const byName = new Map<string, Asset[]>();
  for (const vm of workloads) {
    const on = vm.custom['runs_on'];
    if (on !== undefined)
      byName.set(on.toLowerCase(), [...(byName.get(on.toLowerCase()) ?? []), vm]);
  }
  const today: TodayHost[] = hosts.map((h) => {
    const name = h.hostname ?? h.id;
    const vms = byName.get(name.toLowerCase()) ?? byName.get(h.id.toLowerCase()) ?? [];
    const vendorModel = [h.custom['vendor'], h.custom['model']].filter(Boolean).join(' ');
    const mhz = num(h.custom['cpu_clock_mhz']);
    const sockets = num(h.custom['sockets']);
    return {
      name,
      ...(h.custom['cluster'] !== undefined ? { cluster: h.custom['cluster'] } : {}),
      ...(h.custom['datacenter_name'] !== undefined
        ? { datacenter: h.custom['datacenter_name'] }
        : {}),
      ...(vendorModel !== '' ? { hardwareModel: vendorModel } : {}),
      ...(h.capacity.cpuModel !== undefined ? { cpuModel: h.capacity.cpuModel } : {}),
      ...(sockets !== undefined ? { sockets } : {}),
      ...(h.capacity.cores !== undefined ? { cores: h.capacity.cores } : {}),
      ...(mhz !== undefined ? { mhz } : {}),
      ...(h.capacity.memoryGiB !== undefined ? { memoryGiB: h.capacity.memoryGiB } : {}),
      vms: vms.map((vm) => vm.id),
      vcpus: vms.reduce((s, vm) => s + (vm.capacity.cores ?? 0), 0),
      vmMemoryGiB: vms.reduce((s, vm) => s + (vm.capacity.memoryGiB ?? 0), 0),
    };
  });
  const placed = new Set(today.flatMap((h) => h.vms));
  const unknownHosts = [
    ...new Set(
      workloads
        .filter((vm) => vm.custom['runs_on'] !== undefined && !placed.has(vm.id))
        .map((vm) => vm.custom['runs_on']!),
    ),
  ].sort();
  return {
    workloads,
    hypervisors: ids,
    baseline: {
      source: 'discovered hypervisors',
      hosts: today,
      unknownHosts,
      skipped: [],
      notes: [
        `${hosts.length} hypervisor host(s) discovered (${hosts
          .slice(0, 5)
          .map((h) => h.id)
          .join(
            ', ',
          )}${hosts.length > 5 ? ', …' : ''}) are today's hosts, not planned as workloads`,
      ],
    },
  };
}
