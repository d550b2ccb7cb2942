import { plausible, type FactWarning, type HostFacts, type HostInterface } from '../host-facts';
import { dropUndefined, mac, num, osFamily, text, unique, usableIp } from './fact-values';

type Json = Record<string, unknown>;

/** Whether an object holds Ansible facts: an `ansible_facts` object or `ansible_*` keys. */
export function isAnsible(value: Json): boolean {
  const facts = value['ansible_facts'];
  if (typeof facts === 'object' && facts !== null && !Array.isArray(facts)) return true;
  return Object.keys(value).some((k) => k.startsWith('ansible_'));
}

/**
 * One host's Ansible facts: the `setup` module's `{"ansible_facts": {…}}`, a fact-cache
 * file of `ansible_*` keys, or `ansible_facts` whose keys lack the prefix (hostvars).
 */
export function ansibleFacts(value: Json, file: string, where: string, name?: string): HostFacts {
  const inner = value['ansible_facts'];
  const f =
    typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Json) : value;
  const a = (key: string): unknown => f[`ansible_${key}`] ?? f[key];
  const warnings: FactWarning[] = [];
  const sockets = num(a('processor_count'));
  const perSocket = num(a('processor_cores'));
  const memoryMb = num(a('memtotal_mb'));
  const interfaces = interfacesOf(a);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const role = text(a('virtualization_role'))?.toLowerCase();
  const type = text(a('virtualization_type'))?.toLowerCase();
  const distribution = text(a('distribution'));
  const distVersion = text(a('distribution_version'));
  const family = osFamily(a('os_family'), a('system'), distribution);
  const version = [distribution, distVersion].filter((v) => v !== undefined).join(' ');
  const kernel = text(a('kernel'));
  return {
    source: { kind: 'facts', file },
    where,
    identity: dropUndefined({
      biosUuid: text(a('product_uuid')),
      serial: text(a('product_serial')),
      macs: unique([mac(get(a('default_ipv4'), 'macaddress')), ...interfaces.map((i) => i.mac)]),
      hostname: text(a('hostname')) ?? name,
      fqdn: text(a('fqdn')),
      ips: unique(
        [...list(a('all_ipv4_addresses')), ...list(a('all_ipv6_addresses'))].map(usableIp),
      ),
    }),
    hardware: dropUndefined({
      vendor: text(a('system_vendor')),
      model: text(a('product_name')),
      cpuModel: cpuModelOf(a('processor')),
      sockets: plausible('sockets', sockets, where, warnings),
      cores: plausible(
        'cores',
        perSocket !== undefined && sockets !== undefined ? perSocket * sockets : undefined,
        where,
        warnings,
      ),
      threads: plausible('threads', num(a('processor_vcpus')), where, warnings),
      memoryGiB: plausible(
        'memoryGiB',
        memoryMb === undefined ? undefined : memoryMb / 1024,
        where,
        warnings,
      ),
      virtualization:
        role === 'host'
          ? 'physical'
          : role === 'guest' && type !== undefined && type !== 'na'
            ? virtualName(type)
            : undefined,
    }),
    ...(family !== undefined || version !== '' || kernel !== undefined
      ? { os: dropUndefined({ family, version: version === '' ? undefined : version, kernel }) }
      : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings,
  };
}

const get = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)[key]
    : undefined;

/** `ansible_processor` lists `["0", "GenuineIntel", "Intel(R) Xeon(R) …", "1", …]`: the first model. */
function cpuModelOf(processor: unknown): string | undefined {
  if (!Array.isArray(processor)) return undefined;
  return processor
    .map(text)
    .find(
      (p) =>
        p !== undefined &&
        !/^\d+$/.test(p) &&
        !/^(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls)$/.test(p),
    );
}

function virtualName(type: string): string {
  if (type === 'virtualbox') return 'virtualbox';
  if (type === 'virtualpc' || type === 'hyperv') return 'hyperv';
  return type;
}

/** `ansible_interfaces` names, each with its `ansible_<name>` details. */
function interfacesOf(a: (key: string) => unknown): HostInterface[] {
  const names = a('interfaces');
  if (!Array.isArray(names)) return [];
  return names.flatMap((raw) => {
    const name = text(raw);
    if (name === undefined || name === 'lo') return [];
    const details = a(name.replace(/[-:.]/g, '_'));
    const m = mac(get(details, 'macaddress'));
    const ipv6 = get(details, 'ipv6');
    const ips = unique([
      usableIp(get(get(details, 'ipv4'), 'address')),
      ...(Array.isArray(ipv6) ? ipv6.map((x) => usableIp(get(x, 'address'))) : []),
    ]);
    const speed = num(get(details, 'speed'));
    if (m === undefined && ips === undefined) return [];
    return [
      dropUndefined({
        name,
        mac: m,
        ips,
        speedMbps: speed !== undefined && speed > 0 ? speed : undefined,
      }),
    ];
  });
}
