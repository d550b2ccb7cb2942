import type { UsageSample } from '../ssh/ssh-sample';
import { retrieveOne } from './property-collector';
import { child, childText, children, el, moRefXml, text1, type XmlNode } from './soap-xml';
import { toNumber } from './vim-values';
import type { VsphereSession } from './vsphere-session';

/** One 5-minute value of one VM: cpu in MHz, memory in GiB. */
export interface VspherePerfSample extends UsageSample {
  /** The VM's inventory name. */
  readonly vm: string;
  /** Its managed object id (`vm-63`). */
  readonly ref: string;
  /** The vCenter counter the value comes from, e.g. `mem.consumed.average`. */
  readonly counter: string;
}

export interface PerfHistoryOptions {
  /** Start of the window (exclusive, as QueryPerf treats startTime). */
  readonly from: Date;
  readonly to: Date;
  /** Which counter the `memory` samples come from. Default `consumed` (`mem.consumed.average`). */
  readonly memory?: 'consumed' | 'active';
  /** VMs per QueryPerf call. Default 50. */
  readonly batchSize?: number;
}

/** The historical interval read: vCenter's 5-minute rollup (Past Day). */
export const PERF_INTERVAL_SECONDS = 300;

const KIB_PER_GIB = 1024 ** 2;

export interface CounterIds {
  readonly cpu: number;
  readonly memory: number;
  readonly names: ReadonlyMap<number, string>;
}

/**
 * Reads the 5-minute history of `cpu.usagemhz.average` and `mem.consumed.average` (or
 * `mem.active.average`) of `vms` through PerformanceManager.QueryPerf, in batches. Counter
 * ids differ between vCenters, so they are looked up by name in the `perfCounter` property
 * (vcsim does not implement QueryPerfCounterByLevel). Samples are sorted by VM, then time.
 */
export async function perfHistory(
  session: VsphereSession,
  vms: readonly { readonly ref: string; readonly name: string }[],
  options: PerfHistoryOptions,
): Promise<VspherePerfSample[]> {
  const perfManager = session.content.perfManager;
  if (perfManager === undefined)
    throw session.client.fail('protocol', 'this server has no PerformanceManager');
  if (vms.length === 0) return [];
  const counters = await counterIds(session, options.memory ?? 'consumed');
  const samples: VspherePerfSample[] = [];
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const names = new Map(vms.map((vm) => [vm.ref, vm.name]));
  for (let i = 0; i < vms.length; i += batchSize) {
    const specs = vms
      .slice(i, i + batchSize)
      .map(
        (vm) =>
          `<querySpec>${moRefXml('entity', { type: 'VirtualMachine', value: vm.ref })}` +
          `${el('startTime', options.from.toISOString())}${el('endTime', options.to.toISOString())}` +
          [counters.cpu, counters.memory]
            .map((id) => `<metricId>${el('counterId', id)}<instance></instance></metricId>`)
            .join('') +
          `${el('intervalId', PERF_INTERVAL_SECONDS)}</querySpec>`,
      )
      .join('');
    const response = await session.client.call(
      'QueryPerf',
      `<QueryPerf xmlns="urn:vim25">${moRefXml('_this', perfManager)}${specs}</QueryPerf>`,
    );
    for (const metric of children(response, 'returnval')) {
      samples.push(...samplesOf(metric, counters, names));
    }
  }
  return samples.sort(
    (a, b) =>
      a.ref.localeCompare(b.ref) || a.at.localeCompare(b.at) || a.metric.localeCompare(b.metric),
  );
}

async function counterIds(
  session: VsphereSession,
  memory: 'consumed' | 'active',
): Promise<CounterIds> {
  const perfManager = session.content.perfManager;
  const found =
    perfManager === undefined
      ? undefined
      : await retrieveOne(session, perfManager, ['perfCounter']);
  const byName = new Map<string, number>();
  for (const info of children(found?.props.get('perfCounter'), 'PerfCounterInfo')) {
    const id = toNumber(childText(info, 'key'));
    const group = childText(child(info, 'groupInfo'), 'key');
    const name = childText(child(info, 'nameInfo'), 'key');
    const rollup = childText(info, 'rollupType');
    if (id !== undefined && group && name && rollup) byName.set(`${group}.${name}.${rollup}`, id);
  }
  const memoryName = `mem.${memory}.average`;
  const cpu = byName.get('cpu.usagemhz.average');
  const mem = byName.get(memoryName);
  if (cpu === undefined || mem === undefined) {
    throw session.client.fail(
      'protocol',
      `the performance manager has no ${cpu === undefined ? 'cpu.usagemhz.average' : memoryName} counter`,
    );
  }
  return {
    cpu,
    memory: mem,
    names: new Map([
      [cpu, 'cpu.usagemhz.average'],
      [mem, memoryName],
    ]),
  };
}

/** Samples of one PerfEntityMetric (values of -1 mean "no data" in vSphere and are dropped). */
export function samplesOf(
  metric: XmlNode,
  counters: CounterIds,
  names: ReadonlyMap<string, string>,
): VspherePerfSample[] {
  const ref = text1(child(metric, 'entity'))?.trim() ?? '';
  const vm = names.get(ref) ?? ref;
  const times = children(metric, 'sampleInfo').map((s) => childText(s, 'timestamp'));
  const samples: VspherePerfSample[] = [];
  for (const series of children(metric, 'value')) {
    const id = toNumber(childText(child(series, 'id'), 'counterId'));
    const counter = id === undefined ? undefined : counters.names.get(id);
    if (counter === undefined) continue;
    const isCpu = id === counters.cpu;
    children(series, 'value').forEach((node, index) => {
      const raw = toNumber(text1(node));
      const stamp = times[index];
      if (raw === undefined || raw < 0 || stamp === undefined) return;
      const at = new Date(stamp);
      if (Number.isNaN(at.getTime())) return;
      samples.push({
        vm,
        ref,
        counter,
        metric: isCpu ? 'cpu' : 'memory',
        at: at.toISOString(),
        value: isCpu ? raw : raw / KIB_PER_GIB,
      });
    });
  }
  return samples;
}
