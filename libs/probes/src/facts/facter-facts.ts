import { plausible, type FactWarning, type HostFacts, type HostInterface } from '../host-facts';
import { dropUndefined, mac, mhz, num, osFamily, text, unique, usableIp } from './fact-values';

type Json = Record<string, unknown>;

/** Keys only facter (legacy flat or 3/4 structured) writes. */
const FACTER_KEYS = [
  'processors',
  'processorcount',
  'physicalprocessorcount',
  'memory',
  'memorysize_mb',
  'dmi',
  'networking',
  'os',
  'operatingsystem',
  'facterversion',
  'kernel',
  'productname',
  'manufacturer',
  'serialnumber',
  'macaddress',
  'ipaddress',
];

/** Whether an object holds facter facts (at least two facter keys, so a stray `os` is not one). */
export function isFacter(value: Json): boolean {
  return FACTER_KEYS.filter((k) => k in value).length >= 2;
}

const get = (value: unknown, ...path: string[]): unknown => {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Json)[key];
  }
  return at;
};

/** One host's facter facts (`facter --json`, facter 2 flat and 3/4 structured keys). */
export function facterFacts(f: Json, file: string, where: string, name?: string): HostFacts {
  const warnings: FactWarning[] = [];
  const interfaces = interfacesOf(f);
  const totalBytes = num(get(f, 'memory', 'system', 'total_bytes'));
  const memoryMb = num(f['memorysize_mb']);
  const memoryGiB =
    totalBytes !== undefined
      ? totalBytes / 1024 ** 3
      : memoryMb !== undefined
        ? memoryMb / 1024
        : undefined;
  const sockets = num(get(f, 'processors', 'physicalcount')) ?? num(f['physicalprocessorcount']);
  const perSocket = num(get(f, 'processors', 'cores'));
  const models = get(f, 'processors', 'models');
  const virtual = text(f['virtual'])?.toLowerCase();
  const isVirtual = f['is_virtual'] === true || f['is_virtual'] === 'true';
  const hostname = text(get(f, 'networking', 'hostname')) ?? text(f['hostname']) ?? name;
  const osName = text(get(f, 'os', 'name')) ?? text(f['operatingsystem']);
  const osRelease = text(get(f, 'os', 'release', 'full')) ?? text(f['operatingsystemrelease']);
  const kernel = text(f['kernelrelease']);
  const family = osFamily(f['kernel'], get(f, 'os', 'family'), f['osfamily'], osName);
  const version = [osName, osRelease].filter((v) => v !== undefined).join(' ');
  return {
    source: { kind: 'facts', file },
    where,
    identity: dropUndefined({
      biosUuid: text(get(f, 'dmi', 'product', 'uuid')) ?? text(f['uuid']),
      serial: text(get(f, 'dmi', 'product', 'serial_number')) ?? text(f['serialnumber']),
      macs: unique([
        mac(get(f, 'networking', 'mac')),
        mac(f['macaddress']),
        ...interfaces.map((i) => i.mac),
      ]),
      hostname,
      fqdn: text(get(f, 'networking', 'fqdn')) ?? text(f['fqdn']),
      ips: unique([
        usableIp(get(f, 'networking', 'ip')),
        usableIp(f['ipaddress']),
        ...interfaces.flatMap((i) => i.ips ?? []),
      ]),
    }),
    hardware: dropUndefined({
      vendor: text(get(f, 'dmi', 'manufacturer')) ?? text(f['manufacturer']),
      model: text(get(f, 'dmi', 'product', 'name')) ?? text(f['productname']),
      cpuModel: Array.isArray(models) ? text(models[0]) : text(f['processor0']),
      sockets: plausible('sockets', sockets, where, warnings),
      cores: plausible(
        'cores',
        perSocket !== undefined && sockets !== undefined ? perSocket * sockets : undefined,
        where,
        warnings,
      ),
      threads: plausible(
        'threads',
        num(get(f, 'processors', 'count')) ?? num(f['processorcount']),
        where,
        warnings,
      ),
      cpuMhz: plausible('cpuMhz', mhz(get(f, 'processors', 'speed')), where, warnings),
      memoryGiB: plausible('memoryGiB', memoryGiB, where, warnings),
      virtualization:
        virtual ?? (f['is_virtual'] === undefined ? undefined : isVirtual ? undefined : 'physical'),
    }),
    ...(family !== undefined || version !== '' || kernel !== undefined
      ? { os: dropUndefined({ family, version: version === '' ? undefined : version, kernel }) }
      : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings,
  };
}

/** `networking.interfaces` (facter 3/4), else the legacy `interfaces` list with `macaddress_<if>`. */
function interfacesOf(f: Json): HostInterface[] {
  const structured = get(f, 'networking', 'interfaces');
  if (typeof structured === 'object' && structured !== null && !Array.isArray(structured)) {
    return Object.entries(structured as Json).flatMap(([name, i]) => {
      const bindings = [get(i, 'bindings'), get(i, 'bindings6')].flatMap((b) =>
        Array.isArray(b) ? b : [],
      );
      const ips = unique([
        usableIp(get(i, 'ip')),
        usableIp(get(i, 'ip6')),
        ...bindings.map((b) => usableIp(get(b, 'address'))),
      ]);
      const m = mac(get(i, 'mac'));
      if (name === 'lo' || (m === undefined && ips === undefined)) return [];
      return [dropUndefined({ name, mac: m, ips })];
    });
  }
  const names = text(f['interfaces'])?.split(',') ?? [];
  return names.flatMap((raw) => {
    const name = raw.trim();
    const m = mac(f[`macaddress_${name}`]);
    const ips = unique([usableIp(f[`ipaddress_${name}`]), usableIp(f[`ipaddress6_${name}`])]);
    if (name === '' || name === 'lo' || (m === undefined && ips === undefined)) return [];
    return [dropUndefined({ name, mac: m, ips })];
  });
}
