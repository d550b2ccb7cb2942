// Readers of what the SSH probe's commands print. Each is pure, tolerant (unreadable
// output gives nothing rather than an exception) and linear in its input.
import type { HostInterface, HostOs, HostService } from '../host-facts';

/** `/etc/os-release` as `KEY → value` (quotes and escapes removed). */
export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    let value = (m[2] as string).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    out.set(m[1] as string, value);
  }
  return out;
}

const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/^linux$/i, 'linux'],
  [/^sunos$/i, 'solaris'],
  [/bsd$|^dragonfly$/i, 'bsd'],
  [/^aix$/i, 'aix'],
  [/^hp-ux$/i, 'hp-ux'],
  [/^darwin$/i, 'macos'],
];

/** OS from `uname -srm` (`Linux 6.1.0-18-amd64 x86_64`) and os-release (`PRETTY_NAME`). */
export function osOf(uname: string | undefined, osRelease: Map<string, string>): HostOs {
  const [system, kernel] = (uname ?? '').trim().split(/\s+/);
  const family = FAMILIES.find(([pattern]) => pattern.test(system ?? ''))?.[1];
  const named =
    osRelease.get('PRETTY_NAME') ??
    [osRelease.get('NAME'), osRelease.get('VERSION_ID')].filter((v) => v !== undefined).join(' ');
  return {
    ...(family !== undefined ? { family } : {}),
    ...(named !== '' ? { version: named } : {}),
    ...(kernel !== undefined && kernel !== '' ? { kernel } : {}),
  };
}

/** A host name as `hostname` prints it, or undefined when the output is no host name. */
export function hostNameOf(text: string | undefined): string | undefined {
  const name = (text ?? '').trim();
  return /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252})$/.test(name) ? name : undefined;
}

/** `/proc/meminfo` values in kB by key (`MemTotal`, `MemAvailable` …). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s*kB)?\s*$/.exec(line);
    if (m !== null) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

const KIB_PER_GIB = 1024 * 1024;

/** MemTotal, GiB. */
export function memoryGiBOf(meminfo: Map<string, number>): number | undefined {
  const total = meminfo.get('MemTotal');
  return total === undefined ? undefined : total / KIB_PER_GIB;
}

/** Memory in use, GiB: MemTotal − MemAvailable (older kernels: − MemFree − Buffers − Cached). */
export function memoryUsedGiBOf(meminfo: Map<string, number>): number | undefined {
  const total = meminfo.get('MemTotal');
  if (total === undefined) return undefined;
  const available =
    meminfo.get('MemAvailable') ??
    (meminfo.get('MemFree') ?? 0) + (meminfo.get('Buffers') ?? 0) + (meminfo.get('Cached') ?? 0);
  return Math.max(0, total - available) / KIB_PER_GIB;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Summed size of whole disks in `lsblk -J -b -d -o NAME,SIZE,TYPE`, GiB (zram, loop, rom left out). */
export function diskGiBOf(text: string): number | undefined {
  const doc = parseJson(text) as { blockdevices?: unknown } | undefined;
  if (!Array.isArray(doc?.blockdevices)) return undefined;
  let bytes = 0;
  let disks = 0;
  for (const dev of doc.blockdevices as { name?: unknown; size?: unknown; type?: unknown }[]) {
    if (dev?.type !== 'disk' || /^(zram|ram|loop|nbd)\d/.test(String(dev.name))) continue;
    const size = Number(dev.size);
    if (!Number.isFinite(size) || size <= 0) continue;
    bytes += size;
    disks += 1;
  }
  return disks === 0 ? undefined : bytes / 1024 ** 3;
}

/** Whether an address identifies the machine (not loopback, link-local or unspecified). */
const routable = (ip: string): boolean =>
  !/^(127\.|169\.254\.|0\.0\.0\.0$)/.test(ip) && !/^(::1?$|fe[89ab][0-9a-f]:)/i.test(ip);

/** `ip -j addr`: interfaces other than loopback, with MAC (Ethernet-like links) and addresses. */
export function interfacesOf(text: string): HostInterface[] {
  const doc = parseJson(text);
  if (!Array.isArray(doc)) return [];
  const out: HostInterface[] = [];
  for (const link of doc as Record<string, unknown>[]) {
    if (link === null || typeof link !== 'object' || link['link_type'] === 'loopback') continue;
    const name = typeof link['ifname'] === 'string' ? link['ifname'] : undefined;
    const address = typeof link['address'] === 'string' ? link['address'].toLowerCase() : '';
    const mac =
      link['link_type'] === 'ether' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(address)
        ? address
        : undefined;
    const infos = Array.isArray(link['addr_info'])
      ? (link['addr_info'] as { local?: unknown }[])
      : [];
    const ips = infos
      .map((info) => info?.local)
      .filter((ip): ip is string => typeof ip === 'string' && routable(ip));
    out.push({
      ...(name !== undefined ? { name } : {}),
      ...(mac !== undefined && mac !== '00:00:00:00:00:00' ? { mac } : {}),
      ...(ips.length > 0 ? { ips } : {}),
    });
  }
  return out;
}

/** `lsusb`: device names (`Aladdin Knowledge Systems HASP …`), root hubs left out. */
export function usbDevicesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^Bus \d+ Device \d+: ID [0-9a-f]{4}:[0-9a-f]{4}\s*(.*)$/i.exec(line.trim());
    const name = m?.[1]?.trim();
    if (name !== undefined && name !== '' && !/root hub/i.test(name)) out.push(name);
  }
  return out;
}

/**
 * `lspci -mm`: `class: vendor device` per device (`Fibre Channel: QLogic Corp. ISP2532 …`),
 * bridges left out.
 */
export function pciDevicesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
    const [kind, vendor, device] = fields;
    if (kind === undefined || vendor === undefined || device === undefined) continue;
    if (/bridge/i.test(kind)) continue;
    out.push(`${kind}: ${vendor} ${device}`.trim());
  }
  return out;
}

/** `ss -Htln`: listening TCP ports, once each, ascending. */
export function listeningOf(text: string): HostService[] {
  const ports = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    const local = line.trim().split(/\s+/)[3];
    const m = /:(\d+)$/.exec(local ?? '');
    const port = Number(m?.[1]);
    if (Number.isInteger(port) && port > 0 && port < 65_536) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'tcp' as const }));
}

/** Firmware placeholders that mean "no value" in /sys/class/dmi/id and dmidecode. */
const PLACEHOLDER =
  /^(not specified|not present|not available|not applicable|to be filled by o\.e\.m\.|default string|system product name|system manufacturer|none|unknown|n\/a|-+)$/i;

/** A one-line /sys/class/dmi/id value, undefined when empty or a placeholder. */
export function dmiValueOf(text: string | undefined): string | undefined {
  const value = (text ?? '').trim();
  return value === '' || value.includes('\n') || PLACEHOLDER.test(value) ? undefined : value;
}
