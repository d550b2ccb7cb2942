import type { Asset, EstateBaseline, Estate, SkippedAsset, TodayHost } from '@vplan/domain';
import { FormatError } from '../format-error';
import { osFamilyOf } from '../inventory-values';
import { joinHostNames } from './host-join';
import { gibPerUnit, type RvtoolsSheetName } from './rvtools-columns';
import { clustersNote, readClusters } from './rvtools-clusters';
import { diskCustom, readDisks, type VmDisks } from './rvtools-disks';
import { mapSheet, sheetRows, type MappedSheet, type RvtoolsSheet } from './rvtools-sheet';

/** Options of the RVTools readers. */
export interface RvtoolsOptions {
  /** File name used in errors and `where` (`file:vInfo:row`). */
  readonly file: string;
  /** Plan powered-off and suspended VMs too; default false (they go to `baseline.skipped`). */
  readonly includePoweredOff?: boolean;
  /** Plan templates too; default false. */
  readonly includeTemplates?: boolean;
}

/** What an RVTools export gives: the estate (no series) with today's baseline. */
export interface RvtoolsImport {
  readonly estate: Estate & { readonly baseline: EstateBaseline };
}

const MAX_CUSTOM = 100;
const MAX_VALUE = 1024;

function readHosts(
  file: string,
  m: MappedSheet | undefined,
): Map<string, Omit<TodayHost, 'vms' | 'vcpus' | 'vmMemoryGiB'>> {
  const hosts = new Map<string, Omit<TodayHost, 'vms' | 'vcpus' | 'vmMemoryGiB'>>();
  if (!m) return hosts;
  const memUnit = gibPerUnit(m.sheet.header[m.index['memory'] ?? -1] ?? 'MB');
  for (const r of sheetRows(file, m)) {
    const name = r.text('host');
    if (name === undefined) continue;
    const sockets = r.number('sockets');
    const perCpu = r.number('coresPerCpu');
    const cores = r.number('cores') ?? (sockets && perCpu ? sockets * perCpu : undefined);
    const memory = r.number('memory');
    const cpuUsage = r.number('cpuUsage');
    const memoryUsage = r.number('memoryUsage');
    const hw = [r.text('vendor'), r.text('model')].filter((x) => x !== undefined).join(' ');
    hosts.set(name, {
      name,
      cluster: r.text('cluster'),
      datacenter: r.text('datacenter'),
      hardwareModel: hw === '' ? undefined : hw,
      cpuModel: r.text('cpuModel'),
      sockets,
      cores,
      mhz: r.number('speed'),
      memoryGiB: memory === undefined ? undefined : memory * memUnit,
      cpuUsage: cpuUsage === undefined ? undefined : cpuUsage / 100,
      memoryUsage: memoryUsage === undefined ? undefined : memoryUsage / 100,
      hypervisor: r.text('esxVersion'),
    });
  }
  return hosts;
}

function usageByVm(file: string, cpu: MappedSheet | undefined, mem: MappedSheet | undefined) {
  const cpuMhz = new Map<string, number>();
  const memGiB = new Map<string, number>();
  if (cpu)
    for (const r of sheetRows(file, cpu)) {
      const vm = r.text('vm');
      const v = r.number('overall');
      if (vm !== undefined && v !== undefined) cpuMhz.set(vm, v);
    }
  if (mem) {
    const field = mem.index['active'] !== undefined ? 'active' : 'consumed';
    const unit = gibPerUnit(mem.sheet.header[mem.index[field] ?? -1] ?? 'MB');
    for (const r of sheetRows(file, mem)) {
      const vm = r.text('vm');
      const v = r.number(field);
      if (vm !== undefined && v !== undefined) memGiB.set(vm, v * unit);
    }
  }
  return { cpuMhz, memGiB };
}

function limitCustom(custom: Record<string, string>, notes: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(custom)) {
    if (n >= MAX_CUSTOM) {
      notes.add(`more than ${MAX_CUSTOM} custom columns per VM: the rest are dropped`);
      break;
    }
    if (v.length > MAX_VALUE) notes.add(`custom values over ${MAX_VALUE} characters are truncated`);
    out[k.slice(0, 64)] = v.slice(0, MAX_VALUE);
    n++;
  }
  return out;
}

interface VmRow {
  readonly asset: Asset;
  readonly host?: string;
  readonly on: boolean;
}

function readVms(
  file: string,
  m: MappedSheet,
  options: RvtoolsOptions,
  notes: Set<string>,
  disks: ReadonlyMap<string, VmDisks>,
) {
  const vms: VmRow[] = [];
  const skipped: SkippedAsset[] = [];
  const seen = new Set<string>();
  const memUnit = gibPerUnit(m.sheet.header[m.index['memory'] ?? -1] ?? 'MB');
  const provField =
    m.index['provisioned'] !== undefined
      ? (m.sheet.header[m.index['provisioned'] as number] ?? '')
      : 'MB';
  const inUseField =
    m.index['inUse'] !== undefined ? (m.sheet.header[m.index['inUse'] as number] ?? '') : 'MB';
  for (const r of sheetRows(file, m)) {
    const id = r.text('vm') as string;
    const where = `${file}:vInfo:${r.row}`;
    if (seen.has(id)) {
      skipped.push({ asset: id, reason: 'duplicate', where });
      continue;
    }
    seen.add(id);
    const power = (r.text('powerState') ?? 'poweredOn').toLowerCase();
    const template = r.bool('template') === true;
    if (template && !options.includeTemplates) {
      skipped.push({ asset: id, reason: 'template', where });
      continue;
    }
    const on = power === 'poweredon';
    if (!on && !template && !options.includePoweredOff) {
      skipped.push({
        asset: id,
        reason: power === 'suspended' ? 'suspended' : 'powered-off',
        where,
      });
      continue;
    }
    const cpus = r.number('cpus');
    const memory = r.number('memory');
    if (cpus !== undefined && cpus <= 0)
      throw r.error(m.index['cpus'] as number, 'expected a positive vCPU count');
    if (memory !== undefined && memory < 0)
      throw r.error(m.index['memory'] as number, 'expected a memory size, not negative');
    if (cpus === undefined || memory === undefined)
      notes.add(`VMs with an empty CPUs or Memory cell keep no allocation (e.g. ${id}, ${where})`);
    const custom: Record<string, string> = {};
    const put = (key: string, v: number | string | undefined) => {
      if (v !== undefined) custom[key] = String(v);
    };
    const prov = r.number('provisioned');
    const inUse = r.number('inUse');
    put(
      'provisioned_gib',
      prov === undefined ? undefined : +(prov * gibPerUnit(provField)).toFixed(3),
    );
    put(
      'in_use_gib',
      inUse === undefined ? undefined : +(inUse * gibPerUnit(inUseField)).toFixed(3),
    );
    // Before the unmapped columns, so the limit on custom columns never drops them.
    const vmDisks = disks.get(id);
    Object.assign(custom, diskCustom(vmDisks));
    put('cluster', r.text('cluster'));
    put('datacenter', r.text('datacenter'));
    put('vm_uuid', r.text('vmUuid'));
    put('bios_uuid', r.text('biosUuid'));
    put('annotation', r.text('annotation'));
    for (const u of m.unmapped) {
      const v = r.cells[u.index];
      if (v !== undefined && String(v).trim() !== '') custom[u.name] = String(v).trim();
    }
    const os = r.text('osConfig') ?? r.text('osTools');
    const text = [os, r.text('osTools'), ...Object.values(custom)].join(' ');
    const licences = /sql\s*server|mssql/i.test(text) ? ['sql-server'] : undefined;
    const family = os === undefined ? undefined : osFamilyOf(os);
    vms.push({
      on,
      host: r.text('host'),
      asset: {
        id,
        hostname: id,
        capacity: { cores: cpus, memoryGiB: memory === undefined ? undefined : memory * memUnit },
        business: licences ? { licences } : {},
        technical:
          os === undefined && !vmDisks?.rdm
            ? undefined
            : { osFamily: family, osVersion: os, storage: vmDisks?.rdm ? 'san' : undefined },
        custom: limitCustom(custom, notes),
      },
    });
  }
  return { vms, skipped };
}

/**
 * Builds an estate and today's baseline from the sheets of an RVTools export. Throws
 * `FormatError` (`file:sheet:row:column: …`) on a missing required column or a bad cell.
 */
export function buildRvtoolsEstate(
  sheets: ReadonlyMap<RvtoolsSheetName, RvtoolsSheet>,
  options: RvtoolsOptions,
): RvtoolsImport {
  const { file } = options;
  const info = sheets.get('vInfo');
  if (!info)
    throw new FormatError({
      file,
      row: 1,
      column: 1,
      message: 'no vInfo sheet (the VMs of an RVTools export)',
    });
  const mapped = (n: RvtoolsSheetName) => {
    const s = sheets.get(n);
    return s ? mapSheet(file, s) : undefined;
  };
  const notes = new Set<string>(['RVTools "MB" columns are read as MiB']);
  const hostInfo = readHosts(file, mapped('vHost'));
  const usage = usageByVm(file, mapped('vCPU'), mapped('vMemory'));
  const disks = readDisks(file, mapped('vDisk'), notes);
  const { vms, skipped } = readVms(file, mapped('vInfo') as MappedSheet, options, notes, disks);
  const clusterSheet = mapped('vCluster');
  const clusters = clusterSheet ? readClusters(file, clusterSheet) : undefined;
  if (clusters) notes.add(clustersNote(clusters));
  const networks = networksByVm(file, mapped('vNetwork'));
  const join = joinHostNames(
    vms.flatMap((v) => (v.host === undefined ? [] : [v.host])),
    [...hostInfo.keys()],
  );
  if (join.unknown.length > 0)
    notes.add(
      `${join.unknown.length} host name(s) in vInfo have no vHost row: ${join.unknown.join(', ')}`,
    );
  // A VM whose host has no vHost row (or no clock) is sized at the estate's median clock.
  const clocks = [...hostInfo.values()]
    .flatMap((h) => (h.mhz === undefined ? [] : [h.mhz]))
    .sort((a, b) => a - b);
  const medianClock = clocks.length > 0 ? clocks[Math.floor(clocks.length / 2)] : undefined;
  let assumedClocks = 0;
  const assumedClock = (v: VmRow): number | undefined => {
    if (medianClock === undefined || (v.asset.capacity.cores ?? 0) === 0) return undefined;
    if (v.on) assumedClocks++;
    return medianClock;
  };
  const onHost = new Map<string, VmRow[]>();
  for (const v of vms) {
    const h = v.host === undefined ? undefined : join.map.get(v.host);
    if (h !== undefined && v.on) onHost.set(h, [...(onHost.get(h) ?? []), v]);
  }
  const assets = vms.map((v) =>
    withHost(v, v.host === undefined ? undefined : join.map.get(v.host)),
  );
  function withHost(v: VmRow, hostName: string | undefined): Asset {
    const host = hostName === undefined ? undefined : hostInfo.get(hostName);
    const cores = v.asset.capacity.cores ?? 0;
    const mem = v.asset.capacity.memoryGiB ?? 0;
    const clock = host?.mhz ?? assumedClock(v);
    const cpuMhz = clock === undefined || cores === 0 ? undefined : cores * clock;
    let u: Asset['usage'];
    const measuredCpu = usage.cpuMhz.get(v.asset.id);
    const measuredMem = usage.memGiB.get(v.asset.id);
    if (measuredCpu !== undefined || measuredMem !== undefined)
      u = { cpuMhz: measuredCpu, memoryGiB: measuredMem, source: 'vCPU Overall / vMemory' };
    else if (host && v.on && hostName !== undefined) {
      const peers = onHost.get(hostName) ?? [];
      const vcpus = peers.reduce((s, p) => s + (p.asset.capacity.cores ?? 0), 0);
      const vmem = peers.reduce((s, p) => s + (p.asset.capacity.memoryGiB ?? 0), 0);
      const hostMhz = (host.cores ?? 0) * (host.mhz ?? 0) * (host.cpuUsage ?? NaN);
      const hostMem = (host.memoryGiB ?? 0) * (host.memoryUsage ?? NaN);
      const c = Number.isFinite(hostMhz) && vcpus > 0 ? (hostMhz * cores) / vcpus : undefined;
      const m =
        Number.isFinite(hostMem) && vmem > 0 ? Math.min(mem, (hostMem * mem) / vmem) : undefined;
      if (c !== undefined || m !== undefined)
        u = { cpuMhz: c, memoryGiB: m, source: 'vHost CPU/memory usage % spread by vCPU/memory' };
    }
    const capacity = { ...v.asset.capacity, cpuMhz, cpuModel: host?.cpuModel };
    const vlans = networks.get(v.asset.id);
    const technical = vlans ? { ...v.asset.technical, vlans } : v.asset.technical;
    return clean({
      ...v.asset,
      capacity,
      technical,
      usage: u,
      custom: hostName ? { ...v.asset.custom, host: hostName } : v.asset.custom,
    });
  }
  if (assumedClocks > 0)
    notes.add(
      `${assumedClocks} powered-on VM(s) run on a host with no vHost clock: their provisioned CPU is vCPUs × the estate's median clock, ${medianClock} MHz`,
    );
  const hosts: TodayHost[] = [...hostInfo.values()].map((h) => {
    const peers = onHost.get(h.name) ?? [];
    return clean({
      ...h,
      vms: peers.map((p) => p.asset.id),
      vcpus: peers.reduce((s, p) => s + (p.asset.capacity.cores ?? 0), 0),
      vmMemoryGiB: peers.reduce((s, p) => s + (p.asset.capacity.memoryGiB ?? 0), 0),
    });
  });
  if (!sheets.has('vHost')) notes.add("no vHost sheet: today's hosts are unknown");
  return {
    estate: {
      assets,
      series: [],
      baseline: {
        source: file,
        hosts,
        unknownHosts: join.unknown,
        skipped,
        ...(clusters ? { clusters } : {}),
        notes: [...notes],
      },
    },
  };
}

/** Port group / network names per VM (vNetwork), kept as names: `vlan 20` stays a string. */
function networksByVm(file: string, m: MappedSheet | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (m)
    for (const r of sheetRows(file, m)) {
      const vm = r.text('vm');
      const net = r.text('network');
      if (vm === undefined || net === undefined) continue;
      const list = out.get(vm) ?? [];
      if (!list.includes(net)) out.set(vm, [...list, net.slice(0, 64)]);
    }
  return out;
}

/** Drops keys whose value is undefined (so assets compare and serialize cleanly). */
function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (v !== undefined) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? clean(v) : v;
  return out as T;
}
