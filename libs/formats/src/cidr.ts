import type { ValueOutcome } from './weekly-window';

/**
 * Parses a subnet in CIDR notation, IPv4 (`10.1.2.0/24`) or IPv6 (`2001:db8::/48`), and
 * returns it canonical: host bits cleared (`10.1.2.7/24` → `10.1.2.0/24`), IPv6 in
 * RFC 5952 form (lower case, longest zero run as `::`), so equal subnets compare equal.
 */
export function parseCidr(text: string): ValueOutcome<string> {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  const isV6 = address.includes(':');
  const groups = isV6 ? ipv6Groups(address) : ipv4Groups(address);
  const bits = isV6 ? 128 : 32;
  if (groups === undefined) {
    return {
      ok: false,
      message: `must be in CIDR notation such as 10.1.2.0/24 or 2001:db8::/48, found "${text}"`,
    };
  }
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return {
      ok: false,
      message: `needs a prefix length /0–/${bits} (CIDR notation such as ${isV6 ? '2001:db8::/48' : '10.1.2.0/24'}), found "${text}"`,
    };
  }
  const prefix = Number(prefixText);
  const width = isV6 ? 16 : 8;
  const network = groups.map((value, i) => {
    const keep = Math.max(0, Math.min(width, prefix - i * width));
    const mask = keep === 0 ? 0 : ((0xffff << (width - keep)) & ((1 << width) - 1)) >>> 0;
    return value & mask;
  });
  const written = isV6 ? formatIpv6(network) : network.join('.');
  return { ok: true, value: `${written}/${prefix}` };
}

function ipv4Groups(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function ipv6Groups(address: string): number[] | undefined {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const groups = half.split(':');
    return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))
      ? groups.map((g) => parseInt(g, 16))
      : undefined;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** RFC 5952: the longest run of two or more zero groups (the first on a tie) becomes `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
