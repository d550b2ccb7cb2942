import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatFailure, type FormatResult } from '@vplan/formats';
import type { FactWarning, HostFacts, HostOs, HostService } from '../host-facts';

/**
 * Reads an nmap `-oX` report (xmloutputversion 1.03–1.05): one {@link HostFacts} per
 * `<host>` whose `<status state="up">`, in file order, `where` = `file:line` of its `<host>`.
 * Hosts that are not up are left out without a warning (a /24 sweep lists every address it
 * tried; a down address is no machine). Facts: IPv4/IPv6 addresses and MACs, host name and
 * FQDN (PTR name first, else the name the user typed), open TCP/UDP ports with service name,
 * product and version, the most accurate OS match (a guess below 100 % accuracy adds a
 * warning) and, from a MAC vendor such as VMware or QEMU, `hardware.virtualization`. nmap
 * gives no sizing facts.
 *
 * DTDs are not processed: entities declared in the file are never expanded (an XML bomb stays
 * a few bytes of text); only the five XML entities and character references are decoded.
 * Malformed XML is refused with the line and column the validator reports; XML whose root is
 * not `<nmaprun>` is refused at 1:1.
 */
export function parseNmapXml(text: string, file: string): FormatResult<HostFacts[]> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    return formatFailure(file, line || 1, col || 1, `malformed XML: ${quoted(msg)}`);
  }
  let doc: unknown;
  try {
    doc = PARSER.parse(text);
  } catch (error) {
    return formatFailure(
      file,
      1,
      1,
      `unreadable XML: ${quoted(error instanceof Error ? error.message : String(error))}`,
    );
  }
  const top = record(doc) ?? {};
  if (!('nmaprun' in top)) {
    const first = Object.keys(top).find((k) => !k.startsWith('?'));
    const found = first === undefined ? 'no root element' : `root element <${quoted(first)}>`;
    return formatFailure(file, 1, 1, `not an nmap XML report: ${found}, expected <nmaprun>`);
  }
  const lines = lineStarts(text);
  const hosts: HostFacts[] = [];
  for (const host of list(record(top['nmaprun'])?.['host'])) {
    const h = record(host);
    if (h === undefined || attr(record(h['status']), 'state') !== 'up') continue;
    const meta = (h as Record<symbol, { startIndex?: number } | undefined>)[META];
    const offset = meta?.startIndex ?? 0;
    hosts.push(hostFacts(h, file, `${file}:${lineOf(lines, offset)}`));
  }
  return { ok: true, value: hosts };
}

const ARRAYS = new Set(['host', 'address', 'hostname', 'port', 'osmatch', 'osclass']);
const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  captureMetaData: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type Node = Record<string, unknown>;

function hostFacts(host: Node, file: string, where: string): HostFacts {
  const warnings: FactWarning[] = [];
  const ips: string[] = [];
  const macs: string[] = [];
  let virtualization: string | undefined;
  for (const a of list(host['address']).map(record)) {
    const addr = attr(a, 'addr');
    const type = attr(a, 'addrtype');
    if (addr === undefined) continue;
    if (type === 'ipv4' || type === 'ipv6') ips.push(addr);
    if (type === 'mac') {
      macs.push(addr.toLowerCase().replace(/-/g, ':'));
      virtualization ??= virtualizationOf(attr(a, 'vendor'));
    }
  }
  const names = list(record(host['hostnames'])?.['hostname']).map(record);
  const name =
    names.find((n) => attr(n, 'type') === 'PTR') ??
    names.find((n) => attr(n, 'name') !== undefined);
  const dns = attr(name, 'name');
  const services = servicesOf(host);
  const os = osOf(record(host['os']), where, warnings);
  return {
    source: { kind: 'nmap', file },
    where,
    identity: {
      ...(ips.length > 0 ? { ips } : {}),
      ...(macs.length > 0 ? { macs } : {}),
      ...(dns !== undefined ? { hostname: dns.split('.')[0] } : {}),
      ...(dns?.includes('.') ? { fqdn: dns } : {}),
    },
    hardware: virtualization !== undefined ? { virtualization } : {},
    ...(os !== undefined ? { os } : {}),
    ...(services.length > 0 ? { services } : {}),
    warnings,
  };
}

function servicesOf(host: Node): HostService[] {
  const out: HostService[] = [];
  for (const p of list(record(host['ports'])?.['port']).map(record)) {
    const protocol = attr(p, 'protocol');
    const port = Number(attr(p, 'portid'));
    if (attr(record(p?.['state']), 'state') !== 'open') continue;
    if ((protocol !== 'tcp' && protocol !== 'udp') || !Number.isInteger(port)) continue;
    const s = record(p?.['service']);
    const name = attr(s, 'name');
    const product = attr(s, 'product');
    const version = attr(s, 'version');
    out.push({
      port,
      protocol,
      ...(name !== undefined ? { name } : {}),
      ...(product !== undefined ? { product } : {}),
      ...(version !== undefined ? { version } : {}),
    });
  }
  return out;
}

/** The most accurate `<osmatch>` (the first on a tie); its family from its own `<osclass>`
 * (1.04+) or, in older reports, from the most accurate `<osclass>` beside it. */
function osOf(os: Node | undefined, where: string, warnings: FactWarning[]): HostOs | undefined {
  if (os === undefined) return undefined;
  const best = (nodes: (Node | undefined)[]): Node | undefined =>
    nodes.reduce<Node | undefined>(
      (b, n) => (n !== undefined && accuracy(n) > (b === undefined ? -1 : accuracy(b)) ? n : b),
      undefined,
    );
  const match = best(list(os['osmatch']).map(record));
  const cls = best(list(match?.['osclass']).map(record)) ?? best(list(os['osclass']).map(record));
  const osgen = attr(cls, 'osgen');
  const classVersion =
    osgen !== undefined ? `${attr(cls, 'osfamily') ?? ''} ${osgen}`.trim() : undefined;
  const version = attr(match, 'name') ?? classVersion;
  const family = familyOf(attr(cls, 'osfamily') ?? version);
  if (version === undefined && family === undefined) return undefined;
  const guess = match ?? cls;
  if (guess !== undefined && accuracy(guess) < 100) {
    warnings.push({
      where,
      field: 'os',
      value: version ?? attr(cls, 'osfamily') ?? '',
      message: `OS guessed by nmap at ${accuracy(guess)}% accuracy`,
    });
  }
  return {
    ...(family !== undefined ? { family } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

function accuracy(node: Node): number {
  const a = Number(attr(node, 'accuracy'));
  return Number.isFinite(a) ? a : 0;
}

const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/windows/i, 'windows'],
  [/mac os|macos|os x|darwin/i, 'macos'],
  [/linux/i, 'linux'],
  [/solaris|sunos/i, 'solaris'],
  [/bsd/i, 'bsd'],
  [/\baix\b/i, 'aix'],
  [/hp-?ux/i, 'hp-ux'],
  [/esxi?\b/i, 'esxi'],
];

function familyOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return FAMILIES.find(([re]) => re.test(text))?.[1] ?? text.toLowerCase();
}

/** MAC vendors that only hypervisors use (a Microsoft MAC may be a physical NIC: not taken). */
function virtualizationOf(vendor: string | undefined): string | undefined {
  if (vendor === undefined) return undefined;
  if (/vmware/i.test(vendor)) return 'vmware';
  if (/qemu/i.test(vendor)) return 'kvm';
  if (/xensource/i.test(vendor)) return 'xen';
  if (/pcs systemtechnik|virtualbox/i.test(vendor)) return 'virtualbox';
  if (/parallels/i.test(vendor)) return 'parallels';
  return undefined;
}

function record(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Node)
    : undefined;
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

/** An attribute's text, entities decoded, controls replaced by spaces; undefined when blank. */
function attr(node: Node | undefined, name: string): string | undefined {
  const raw = node?.[`@_${name}`];
  if (typeof raw !== 'string') return undefined;
  const text = clean(decodeEntities(raw));
  return text === '' ? undefined : text;
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** The five XML entities and character references; any other `&name;` is kept as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return XML_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** Bad input as quoted in a message: controls replaced, at most 60 characters. */
function quoted(text: string): string {
  const c = clean(text);
  return c.length > 60 ? `${c.slice(0, 57)}...` : c;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
