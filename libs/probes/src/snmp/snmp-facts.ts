import {
  plausible,
  type FactWarning,
  type HostFacts,
  type HostInterface,
  type HostOs,
} from '../host-facts';

// The facts of one SNMP walk (read by ./snmp-walk.ts): the values by OID, and what they say.

export type VarType = 'text' | 'hex' | 'oid' | 'int' | 'ip' | 'other';
export interface Varbind {
  readonly type: VarType;
  readonly text: string;
  readonly bytes?: readonly number[];
  readonly line: number;
}
/** Values by numeric OID without the leading dot (named OIDs not mapped are kept as named). */
export type Walk = Map<string, Varbind>;

/** The few MIB names this reader needs, so the walk may also be written without `-On`. */
export const NAMES: Readonly<Record<string, string>> = {
  sysDescr: '1.3.6.1.2.1.1.1',
  sysObjectID: '1.3.6.1.2.1.1.2',
  sysName: '1.3.6.1.2.1.1.5',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifSpeed: '1.3.6.1.2.1.2.2.1.5',
  ifPhysAddress: '1.3.6.1.2.1.2.2.1.6',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHighSpeed: '1.3.6.1.2.1.31.1.1.1.15',
  ipAdEntAddr: '1.3.6.1.2.1.4.20.1.1',
  ipAdEntIfIndex: '1.3.6.1.2.1.4.20.1.2',
  hrMemorySize: '1.3.6.1.2.1.25.2.2',
  hrStorageType: '1.3.6.1.2.1.25.2.3.1.2',
  hrStorageAllocationUnits: '1.3.6.1.2.1.25.2.3.1.4',
  hrStorageSize: '1.3.6.1.2.1.25.2.3.1.5',
  hrStorageFixedDisk: '1.3.6.1.2.1.25.2.1.4',
  hrDeviceType: '1.3.6.1.2.1.25.3.2.1.2',
  hrDeviceDescr: '1.3.6.1.2.1.25.3.2.1.3',
  hrDeviceProcessor: '1.3.6.1.2.1.25.3.1.3',
  hrDeviceNetwork: '1.3.6.1.2.1.25.3.1.4',
  hrProcessorLoad: '1.3.6.1.2.1.25.3.3.1.2',
  enterprises: '1.3.6.1.4.1',
};

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const HR_MEMORY_SIZE = '1.3.6.1.2.1.25.2.2.0';
const COLUMNS = [
  'ifDescr',
  'ifSpeed',
  'ifPhysAddress',
  'ifName',
  'ifHighSpeed',
  'ipAdEntAddr',
  'ipAdEntIfIndex',
  'hrStorageType',
  'hrStorageAllocationUnits',
  'hrStorageSize',
  'hrDeviceType',
  'hrDeviceDescr',
  'hrProcessorLoad',
] as const;
type Column = (typeof COLUMNS)[number];
type Tables = Record<Column, Map<string, Varbind>>;

/** Groups the table columns read here by row index, in one pass over the walk. */
function tablesOf(walk: Walk): Tables {
  const tables = Object.fromEntries(COLUMNS.map((c) => [c, new Map()])) as Tables;
  const prefixes = COLUMNS.map((c) => [c, `${NAMES[c] ?? ''}.`] as const);
  for (const [oid, value] of walk) {
    for (const [column, prefix] of prefixes) {
      if (oid.startsWith(prefix)) tables[column].set(oid.slice(prefix.length), value);
    }
  }
  return tables;
}

/** The facts of a walk read from a file: values are placed at `file:line`. */
export function hostFacts(
  walk: Walk,
  file: string,
  where: string,
  warnings: FactWarning[],
): HostFacts {
  return factsOfWalk(
    walk,
    { source: { kind: 'snmp', file }, where, at: (v) => `${file}:${v.line}` },
    warnings,
  );
}

/** Where a walk came from (a file or a live agent) and how to name one value's place. */
export interface WalkOrigin {
  readonly source: HostFacts['source'];
  readonly where: string;
  readonly at: (v: Varbind) => string;
}

/** The facts of a walk from any origin: the one OID → facts mapping of files and probes. */
export function factsOfWalk(walk: Walk, origin: WalkOrigin, warnings: FactWarning[]): HostFacts {
  const { at, where } = origin;
  const t = tablesOf(walk);
  const name = nameOf(walk.get(SYS_NAME), at, warnings);
  const interfaces = interfacesOf(t);
  const macs = [...new Set(interfaces.flatMap((i) => (i.mac !== undefined ? [i.mac] : [])))];
  const ips = [...t.ipAdEntAddr.values()]
    .map(ipOf)
    .filter((ip) => ip !== undefined && !/^(127\.|0\.0\.0\.0$)/.test(ip));
  const descr = walk.get(SYS_DESCR);
  const os = descr === undefined ? undefined : osOf(textOf(descr));
  const memory = walk.get(HR_MEMORY_SIZE);
  const processors = [...t.hrDeviceType]
    .filter(([, type]) => type.text === NAMES['hrDeviceProcessor'])
    .map(([idx]) => idx);
  const cpuTexts = [
    ...new Set(processors.map((idx) => textOf(t.hrDeviceDescr.get(idx))).filter((s) => s !== '')),
  ];
  const cpu =
    cpuTexts.length === 1 && /\d/.test(cpuTexts[0] ?? '')
      ? (cpuTexts[0] ?? '').replace(/^[A-Za-z]+:\s*/, '')
      : undefined;
  const cpuAt = t.hrDeviceDescr.get(processors[0] ?? '');
  const threads = t.hrProcessorLoad.size > 0 ? t.hrProcessorLoad.size : processors.length;
  const threadsAt = [...t.hrProcessorLoad.values()][0] ?? cpuAt;
  const hardware = {
    vendor: vendorOf(textOf(walk.get(SYS_OBJECT_ID))),
    cpuModel: cpu,
    threads:
      threads > 0 && threadsAt ? plausible('threads', threads, at(threadsAt), warnings) : undefined,
    cpuMhz:
      cpu !== undefined && cpuAt ? plausible('cpuMhz', mhzOf(cpu), at(cpuAt), warnings) : undefined,
    memoryGiB: memory
      ? plausible('memoryGiB', round(intOf(memory) / 1024 / 1024, 3), at(memory), warnings)
      : undefined,
    diskGiB: diskGiB(t, at, warnings),
  };
  const devices = [...t.hrDeviceDescr]
    .filter(([idx]) => !DEVICE_SKIP.has(t.hrDeviceType.get(idx)?.text ?? ''))
    .map(([, v]) => textOf(v))
    .filter((s) => s !== '');
  return {
    source: origin.source,
    where,
    identity: {
      ...(macs.length > 0 ? { macs } : {}),
      ...(ips.length > 0 ? { ips: ips as string[] } : {}),
      ...(name !== undefined ? { hostname: name.split('.')[0] } : {}),
      ...(name?.includes('.') ? { fqdn: name } : {}),
    },
    hardware: Object.fromEntries(Object.entries(hardware).filter(([, v]) => v !== undefined)),
    ...(os !== undefined ? { os } : {}),
    ...(devices.length > 0 ? { devices: [...new Set(devices)] } : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings,
  };
}

const DEVICE_SKIP = new Set([NAMES['hrDeviceProcessor'], NAMES['hrDeviceNetwork']]);

function nameOf(
  v: Varbind | undefined,
  at: (v: Varbind) => string,
  warnings: FactWarning[],
): string | undefined {
  if (v === undefined) return undefined;
  const name = textOf(v);
  if (name === '') return undefined;
  if (name.length <= 253 && name.split('.').every((label) => /^[A-Za-z0-9_-]{1,63}$/.test(label)))
    return name;
  warnings.push({
    where: at(v),
    field: 'identity.hostname',
    value: quoted(name),
    message: 'sysName is not a host name: not taken',
  });
  return undefined;
}

function interfacesOf(t: Tables): HostInterface[] {
  const ipsByIf = new Map<string, string[]>();
  for (const [ip, ifIndex] of t.ipAdEntIfIndex)
    ipsByIf.set(ifIndex.text, [...(ipsByIf.get(ifIndex.text) ?? []), ip]);
  const indexes = [...new Set([...t.ifDescr.keys(), ...t.ifPhysAddress.keys()])];
  return indexes.map((idx) => {
    const name = textOf(t.ifName.get(idx)) || textOf(t.ifDescr.get(idx));
    const mac = macOf(t.ifPhysAddress.get(idx));
    const high = intOf(t.ifHighSpeed.get(idx));
    const speed = intOf(t.ifSpeed.get(idx));
    const speedMbps =
      high > 0 ? high : speed > 0 && speed < 4_294_967_295 ? speed / 1e6 : undefined;
    const ips = ipsByIf.get(idx);
    return {
      ...(name !== '' ? { name } : {}),
      ...(mac !== undefined ? { mac } : {}),
      ...(ips !== undefined ? { ips } : {}),
      ...(speedMbps !== undefined ? { speedMbps } : {}),
    };
  });
}

/** Fixed-disk storage rows, allocation units (bytes) × size; a negative or zero row is skipped. */
function diskGiB(
  t: Tables,
  at: (v: Varbind) => string,
  warnings: FactWarning[],
): number | undefined {
  let bytes = 0;
  let first: Varbind | undefined;
  for (const [idx, type] of t.hrStorageType) {
    if (type.text !== NAMES['hrStorageFixedDisk']) continue;
    const size = t.hrStorageSize.get(idx);
    const units = intOf(t.hrStorageAllocationUnits.get(idx));
    if (size === undefined || intOf(size) < 0 || units < 0) {
      warnings.push({
        where: at(size ?? type),
        field: 'hardware.diskGiB',
        value: size?.text ?? '',
        message: 'fixed disk without a usable size: not counted',
      });
      continue;
    }
    first ??= size;
    bytes += intOf(size) * units;
  }
  return first === undefined
    ? undefined
    : plausible('diskGiB', round(bytes / 2 ** 30, 2), at(first), warnings);
}

function osOf(descr: string): HostOs | undefined {
  const windows = /Windows.*?Version (\d+)\.(\d+)(?: \(Build (\d+))?/.exec(descr);
  if (windows) {
    const [, major = '', minor = '', build] = windows;
    const release = WINDOWS[`${major}.${minor}`] ?? `Windows NT ${major}.${minor}`;
    return {
      family: 'windows',
      version: release,
      kernel: `NT ${major}.${minor}${build ? ` build ${build}` : ''}`,
    };
  }
  const family = FAMILIES.find(([re]) => re.test(descr))?.[1];
  if (family === undefined) return undefined;
  const kernel = /^(?:Linux|SunOS|FreeBSD|OpenBSD|NetBSD|Darwin|AIX|HP-UX) \S+ (\S+)/.exec(
    descr,
  )?.[1];
  return { family, ...(kernel !== undefined ? { kernel } : {}) };
}

/** Windows NT versions as the SNMP agent writes them (XP says "Windows 2000 Version 5.1"). */
const WINDOWS: Readonly<Record<string, string>> = {
  '5.0': 'Windows 2000',
  '5.1': 'Windows XP',
  '5.2': 'Windows XP x64 / Server 2003',
  '6.0': 'Windows Vista / Server 2008',
  '6.1': 'Windows 7 / Server 2008 R2',
  '6.2': 'Windows 8 / Server 2012',
  '6.3': 'Windows 8.1 / Server 2012 R2',
  '10.0': 'Windows 10 / Server 2016 or later',
};

const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/\bWindows\b/, 'windows'],
  [/\bLinux\b/, 'linux'],
  [/\bSunOS\b|\bSolaris\b/, 'solaris'],
  [/BSD\b/, 'bsd'],
  [/\bAIX\b/, 'aix'],
  [/\bHP-UX\b/, 'hp-ux'],
  [/\bDarwin\b/, 'macos'],
  [/\bVMware ESXi?\b/, 'esxi'],
];

/** Hardware vendors by IANA enterprise number; agent software (Net-SNMP, Microsoft) says nothing. */
const VENDORS: Readonly<Record<string, string>> = {
  '2': 'IBM',
  '9': 'Cisco',
  '11': 'HP',
  '42': 'Sun',
  '232': 'HP',
  '674': 'Dell',
  '789': 'NetApp',
  '2636': 'Juniper',
  '6876': 'VMware',
  '30065': 'Arista',
};

function vendorOf(oid: string): string | undefined {
  return VENDORS[/^1\.3\.6\.1\.4\.1\.(\d+)/.exec(oid)?.[1] ?? ''];
}

function textOf(v: Varbind | undefined): string {
  return v === undefined ? '' : clean(v.text);
}

function intOf(v: Varbind | undefined): number {
  return v?.type === 'int' ? Number(v.text) : Number.NaN;
}

function ipOf(v: Varbind): string | undefined {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(v.text) ? v.text : undefined;
}

/** Six bytes, or the `0:12:79:62:f9:40` text Net-SNMP prints, as `00:12:79:62:f9:40`; zero → none. */
function macOf(v: Varbind | undefined): string | undefined {
  if (v === undefined) return undefined;
  const parts = v.bytes?.map((b) => b.toString(16)) ?? v.text.trim().split(/[:\- ]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9A-Fa-f]{1,2}$/.test(p))) return undefined;
  const mac = parts.map((p) => p.padStart(2, '0').toLowerCase()).join(':');
  return mac === '00:00:00:00:00:00' ? undefined : mac;
}

function mhzOf(text: string): number | undefined {
  const model = text.slice(0, 200);
  const ghz = /(\d+(?:\.\d+)?)\s*GHz/i.exec(model)?.[1];
  if (ghz !== undefined) return Math.round(Number(ghz) * 1000);
  const mhz = /(\d+)\s*MHz/i.exec(model)?.[1];
  return mhz === undefined ? undefined : Number(mhz);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** Bad input as quoted in a message: controls replaced, at most 60 characters. */
export function quoted(text: string): string {
  const c = clean(text);
  return c.length > 60 ? `${c.slice(0, 57)}...` : c;
}
