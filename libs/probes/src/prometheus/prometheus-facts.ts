import { parseDmidecode } from '../dmidecode/dmidecode';
import { dropUndefined, mac, osFamily, unique, usableIp } from '../facts/fact-values';
import {
  plausible,
  type FactWarning,
  type HostFacts,
  type HostHardware,
  type HostInterface,
} from '../host-facts';
import { parseLscpu } from '../lscpu/lscpu';
import type { PromSeries } from './prometheus-api';

/** The instant vectors the facts are read from, each for all instances at once. */
export interface FactVectors {
  /** `node_uname_info`: nodename, release, sysname. */
  readonly uname: readonly PromSeries[];
  /** `node_os_info` (node_exporter ≥ 1.2): pretty_name. */
  readonly os: readonly PromSeries[];
  /** `node_dmi_info`: system_vendor, product_name, product_serial, product_uuid when readable. */
  readonly dmi: readonly PromSeries[];
  /** `node_memory_MemTotal_bytes`. */
  readonly memTotal: readonly PromSeries[];
  /** Logical CPUs by instance. */
  readonly threads: readonly PromSeries[];
  /** Distinct `package` of `node_cpu_info` by instance. */
  readonly sockets: readonly PromSeries[];
  /** Distinct `package`,`core` of `node_cpu_info` by instance. */
  readonly cores: readonly PromSeries[];
  /** `count by (instance, model_name) (node_cpu_info)`. */
  readonly models: readonly PromSeries[];
  /** Highest `node_cpu_frequency_max_hertz` (or scaling max) by instance. */
  readonly maxHertz: readonly PromSeries[];
  /** `node_network_info`: device, address. */
  readonly network: readonly PromSeries[];
}

export type FactVectorName = keyof FactVectors;

/** Each vector's PromQL, over the label matchers `sel` (e.g. `instance="db01:9100"`, or empty). */
export function factQueries(sel: string): Record<FactVectorName, string> {
  const m = `{${sel}}`;
  return {
    uname: `node_uname_info${m}`,
    os: `node_os_info${m}`,
    dmi: `node_dmi_info${m}`,
    memTotal: `node_memory_MemTotal_bytes${m}`,
    threads: `count by (instance) (count by (instance, cpu) (node_cpu_seconds_total${m}))`,
    sockets: `count by (instance) (count by (instance, package) (node_cpu_info${m}))`,
    cores: `count by (instance) (count by (instance, package, core) (node_cpu_info${m}))`,
    models: `count by (instance, model_name) (node_cpu_info${m})`,
    maxHertz:
      `max by (instance) (node_cpu_frequency_max_hertz${m})` +
      ` or max by (instance) (node_cpu_scaling_frequency_max_hertz${m})`,
    network: `node_network_info${m}`,
  };
}

/** A PromQL label matcher `name="value"`, the value escaped. */
export function matcher(name: string, value: string): string {
  return `${name}=${JSON.stringify(value)}`;
}

const GiB = 2 ** 30;

/** Series of one instance (the `instance` label) of a vector. */
function of(vector: readonly PromSeries[], instance: string): PromSeries[] {
  return vector.filter((s) => s.metric.instance === instance);
}

function numberOf(series: PromSeries | undefined): number | undefined {
  const v = series?.value === undefined ? undefined : Number(series.value[1]);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

function label(series: PromSeries | undefined, name: string): string | undefined {
  const v = series?.metric[name]?.replace(/\s+/g, ' ').trim();
  return v === undefined || v === '' ? undefined : v;
}

/**
 * One {@link HostFacts} (kind `prometheus`, `source.target` = the `instance` label) per
 * instance that has a `node_uname_info`: host name and kernel from uname, OS version from
 * os_info, vendor/model/serial/UUID from dmi_info (read through {@link parseDmidecode}, so
 * firmware placeholders are dropped and hypervisors recognised), memory, threads, sockets and
 * cores, CPU model (and its `@ 2.40GHz` clock, through {@link parseLscpu}) from cpu_info, the
 * clock from cpufreq's max when exposed, interfaces and MACs from network_info. `where` is
 * `<server> instance <instance>`. Implausible sizing values become warnings.
 */
export function factsOfVectors(vectors: FactVectors, server: string): HostFacts[] {
  const instances = unique(vectors.uname.map((s) => s.metric.instance)) ?? [];
  return instances.map((instance) => instanceFacts(vectors, instance, server));
}

function instanceFacts(v: FactVectors, instance: string, server: string): HostFacts {
  const where = `${server} instance ${instance}`;
  const warnings: FactWarning[] = [];
  const uname = of(v.uname, instance)[0];
  const nodename = label(uname, 'nodename');
  const dmi = dmiFacts(of(v.dmi, instance)[0], where);
  const model = label(
    [...of(v.models, instance)].sort((a, b) => (numberOf(b) ?? 0) - (numberOf(a) ?? 0))[0],
    'model_name',
  );
  const hertz = numberOf(of(v.maxHertz, instance)[0]);
  const cpuMhz =
    hertz !== undefined && hertz > 0 ? Math.round(hertz / 1e5) / 10 : clockOfModel(model, where);
  const memory = numberOf(of(v.memTotal, instance)[0]);
  const interfaces = interfacesOf(of(v.network, instance));
  const hardware: HostHardware = dropUndefined({
    vendor: dmi?.hardware.vendor,
    model: dmi?.hardware.model,
    virtualization: dmi?.hardware.virtualization,
    cpuModel: model,
    sockets: plausible('sockets', numberOf(of(v.sockets, instance)[0]), where, warnings),
    cores: plausible('cores', numberOf(of(v.cores, instance)[0]), where, warnings),
    threads: plausible('threads', numberOf(of(v.threads, instance)[0]), where, warnings),
    cpuMhz: plausible('cpuMhz', cpuMhz, where, warnings),
    memoryGiB: plausible(
      'memoryGiB',
      memory === undefined ? undefined : Math.round((memory / GiB) * 1000) / 1000,
      where,
      warnings,
    ),
  });
  const kernel = label(uname, 'release');
  const family = osFamily(label(uname, 'sysname'));
  const version = label(of(v.os, instance)[0], 'pretty_name');
  const host = instanceHost(instance);
  return {
    source: { kind: 'prometheus', target: instance },
    where,
    identity: dropUndefined({
      biosUuid: dmi?.identity.biosUuid,
      serial: dmi?.identity.serial,
      macs: unique(interfaces.map((i) => i.mac)),
      hostname: nodename?.split('.')[0],
      fqdn: nodename?.includes('.') ? nodename : undefined,
      ips: unique([usableIp(host !== undefined && isIpLiteral(host) ? host : undefined)]),
    }),
    hardware,
    ...(kernel !== undefined || family !== undefined || version !== undefined
      ? { os: dropUndefined({ family, version, kernel }) }
      : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings: [...warnings, ...(dmi?.warnings ?? [])],
  };
}

/** node_dmi_info's labels are sysfs' DMI fields: read as the System Information dmidecode shows. */
function dmiFacts(series: PromSeries | undefined, where: string): HostFacts | undefined {
  if (series === undefined) return undefined;
  const fields: [string, string | undefined][] = [
    ['Manufacturer', label(series, 'system_vendor')],
    ['Product Name', label(series, 'product_name')],
    ['Serial Number', label(series, 'product_serial')],
    ['UUID', label(series, 'product_uuid')],
  ];
  const present = fields.filter((f): f is [string, string] => f[1] !== undefined);
  if (present.length === 0) return undefined;
  const text = [
    'Handle 0x0001, DMI type 1, 27 bytes',
    'System Information',
    ...present.map(([key, value]) => `\t${key}: ${value}`),
    '',
  ].join('\n');
  const read = parseDmidecode(text, where);
  return read.ok ? read.value[0] : undefined;
}

/** The nominal clock a CPU model names (`… @ 2.40GHz`), as lscpu reads it; MHz. */
function clockOfModel(model: string | undefined, where: string): number | undefined {
  if (model === undefined) return undefined;
  const read = parseLscpu(`Model name: ${model}\n`, where);
  return read.ok ? read.value[0]?.hardware.cpuMhz : undefined;
}

function interfacesOf(series: readonly PromSeries[]): HostInterface[] {
  return series
    .filter((s) => label(s, 'device') !== 'lo')
    .map((s) => dropUndefined({ name: label(s, 'device'), mac: mac(label(s, 'address')) }))
    .filter((i) => i.name !== undefined || i.mac !== undefined)
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

/** The host part of an `instance` label (`10.0.0.5:9100`, `[fe80::1]:9100`, `db01:9100`). */
function instanceHost(instance: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed !== null) return bracketed[1];
  const hostPort = /^([^:]+)(?::\d+)?$/.exec(instance);
  return hostPort?.[1];
}

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
