// Names, addresses and SSH host keys: canonical text forms for the weaker rules.

const LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;
const JUNK_HOSTS: ReadonlySet<string> = new Set([
  'localhost',
  'localhost4',
  'localhost6',
  'unknown',
  'none',
]);

function labels(text: string): string[] | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (t === '' || normalizeIp(t) !== undefined) return undefined;
  const parts = t.split('.');
  return parts.every((l) => LABEL.test(l)) ? parts : undefined;
}

/**
 * A fully qualified domain name, lower-case, without the trailing dot; `undefined` unless
 * it has at least two valid labels, and for IP addresses and `localhost…` names.
 */
export function normalizeFqdn(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = labels(text);
  if (!parts || parts.length < 2 || JUNK_HOSTS.has(parts[0] as string)) return undefined;
  return parts.join('.');
}

/**
 * The short host name (first label, lower-case) of a host name or FQDN; `undefined` for
 * invalid names, IP addresses and `localhost`-like placeholders.
 */
export function shortHostname(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const first = labels(text)?.[0];
  return first === undefined || JUNK_HOSTS.has(first) ? undefined : first;
}

function ipv4(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return undefined;
  const [a, b] = parts.map(Number) as [number, number];
  // Unspecified, loopback, link-local, multicast and broadcast name no one machine.
  if (a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224) return undefined;
  return parts.map(Number).join('.');
}

function ipv6(text: string): string | undefined {
  const t = text.replace(/%.*$/, '');
  if (!/^[0-9a-f:.]+$/.test(t) || t.split('::').length > 2) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (mapped) return ipv4(mapped[1] as string);
  const [head = '', tail] = t.split('::');
  const h = head === '' ? [] : head.split(':');
  const tl = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - h.length - tl.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tl];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const words = groups.map((g) => parseInt(g, 16));
  const w0 = words[0] as number;
  if (words.every((w) => w === 0) || (words.slice(0, 7).every((w) => w === 0) && words[7] === 1))
    return undefined; // :: and ::1
  if ((w0 & 0xffc0) === 0xfe80 || (w0 & 0xff00) === 0xff00) return undefined; // link-local, multicast
  return words.map((w) => w.toString(16)).join(':');
}

/**
 * An IP address in one text form: IPv4 dotted decimal without leading zeros; IPv6 as eight
 * lower-case groups without zero compression (`2001:db8:0:0:0:0:0:1`), zone id dropped,
 * IPv4-mapped addresses as IPv4. `undefined` for junk and for addresses that name no one
 * machine: unspecified, loopback, link-local, multicast, broadcast.
 */
export function normalizeIp(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim().toLowerCase();
  return t.includes(':') ? ipv6(t) : ipv4(t);
}

/** An SSH host key in one text form, and its algorithm when the text names it. */
export interface SshHostKey {
  /** `ssh-ed25519 AAAA…` (type and base64, comment dropped), `SHA256:…` or `MD5:aa:bb:…`. */
  readonly key: string;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa` …; absent for bare fingerprints. */
  readonly algorithm?: string;
}

/**
 * An SSH host key in one text form: an OpenSSH public key line (`type base64 [comment]`,
 * comment dropped), a `SHA256:` fingerprint (base64, case kept, padding dropped) or an MD5
 * fingerprint (`MD5:` prefix optional, hex lower-cased). A key and a fingerprint of it do
 * not compare equal: sources must report the same form (pure code computes no hashes).
 */
export function normalizeSshHostKey(text: string | null | undefined): SshHostKey | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const line = /^((?:ssh|ecdsa|sk)-[\w@.-]+)\s+([A-Za-z0-9+/]{16,}={0,2})(\s.*)?$/.exec(t);
  if (line) return { key: `${line[1]} ${line[2]}`, algorithm: line[1] as string };
  const sha = /^sha256:([A-Za-z0-9+/]{43})=?$/i.exec(t);
  if (sha) return { key: `SHA256:${sha[1]}` };
  const md5 = /^(?:md5:)?((?:[0-9a-f]{2}:){15}[0-9a-f]{2})$/i.exec(t);
  if (md5) return { key: `MD5:${(md5[1] as string).toLowerCase()}` };
  return undefined;
}
