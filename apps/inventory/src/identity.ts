import { ASSET_ID_MAX, type AssetIdentity, type AssetPayload } from '@vplan/contracts';
import { normalizeHeader } from '@vplan/formats';
import {
  IDENTITY_RULES,
  normalizeFqdn,
  normalizeIp,
  normalizeSshHostKey,
  normalizeUuid,
  shortHostname,
  swapUuid,
  usableMac,
  usableSerial,
  type IdentityRule,
} from '@vplan/identity';

/**
 * The rules an asset's keys are indexed by: the identity lib's chain (ARCHITECTURE.md §10,
 * libs/identity/README.md), then a bare short host name within a site — the inventory's
 * own weakest rule, so an inventory row naming only a host name still meets what
 * discovery sees of it.
 */
export type KeyRule = IdentityRule | 'hostname';

/** The chain, strongest first: a merge records the first rule that matched. */
export const KEY_CHAIN: readonly KeyRule[] = [...IDENTITY_RULES, 'hostname'];

/**
 * Rules whose key is single-valued per machine: two assets holding different values of
 * one of them are different machines (the lib's cannot-link keys).
 */
const SINGLE_VALUED: ReadonlySet<KeyRule> = new Set<KeyRule>([
  'bios-uuid',
  'vm-uuid',
  'serial',
  'ssh-host-key',
]);

const SERIAL_COLUMNS = new Set(['serial', 'serial_number', 'serial_no', 'serialnumber']);
const IP_COLUMNS = new Set(['ip', 'ip_address', 'ipaddress', 'ips', 'ip_addresses']);

/** The stored text of a key: `<rule>:<normalised value>`. */
export function key(rule: KeyRule, value: string): string {
  return `${rule}:${value}`;
}

/** The rule and normalised value of a stored key; `undefined` for keys of another format. */
export function parseKey(text: string): { rule: KeyRule; value: string } | undefined {
  const at = text.indexOf(':');
  const rule = text.slice(0, at) as KeyRule;
  return at > 0 && KEY_CHAIN.includes(rule) ? { rule, value: text.slice(at + 1) } : undefined;
}

/**
 * One key for a BIOS UUID and its SMBIOS byte-swapped twin: the lexicographically smaller
 * canonical text of the two (the identity lib's equivalence class), so either byte order
 * finds the asset with one index lookup.
 */
export function biosUuidKey(text: string | undefined): string | undefined {
  const uuid = normalizeUuid(text);
  if (uuid === undefined) return undefined;
  const swapped = swapUuid(uuid);
  return swapped < uuid ? swapped : uuid;
}

const siteOf = (site: string | undefined): string => (site ?? '').trim().toLowerCase();

/** The name keys of a host: FQDN, `site|host|ip` per address, `site|host`. */
function nameKeys(
  hostname: string | undefined,
  fqdn: string | undefined,
  ips: readonly string[],
  site: string | undefined,
): Record<'fqdn' | 'hostname-ip' | 'hostname', string[]> {
  const s = siteOf(site);
  const short = shortHostname(hostname ?? fqdn);
  const fqdns = [normalizeFqdn(fqdn), normalizeFqdn(hostname)].filter(
    (f): f is string => f !== undefined,
  );
  const hostIps =
    short === undefined
      ? []
      : ips.map(normalizeIp).flatMap((ip) => (ip === undefined ? [] : [`${s}|${short}|${ip}`]));
  return {
    fqdn: [...new Set(fqdns)].map((f) => key('fqdn', f)),
    'hostname-ip': [...new Set(hostIps)].sort().map((k) => key('hostname-ip', k)),
    hostname: short === undefined ? [] : [key('hostname', `${s}|${short}`)],
  };
}

/**
 * The usable keys of an observation's identity, normalised by the identity lib and
 * grouped by rule in chain order (junk UUIDs and serials, unusable MACs — virtual, pooled,
 * locally administered … — and bare IPs give none). `site` scopes host names and IPs (the
 * observation's `attributes.site`; absent = the empty site).
 */
export function identityKeys(
  identity: AssetIdentity,
  site?: string,
): { rule: KeyRule; keys: string[] }[] {
  const bios = biosUuidKey(identity.biosUuid);
  const vm = normalizeUuid(identity.vmUuid);
  const serial = usableSerial(identity.serial);
  const ssh = normalizeSshHostKey(identity.sshHostKey);
  const macs = (identity.macs ?? []).map((m) => usableMac(m)).filter((m) => m !== undefined);
  const names = nameKeys(identity.hostname, identity.fqdn, identity.ips ?? [], site);
  const groups: Record<KeyRule, string[]> = {
    'bios-uuid': bios === undefined ? [] : [key('bios-uuid', bios)],
    'vm-uuid': vm === undefined ? [] : [key('vm-uuid', vm)],
    serial: serial === undefined ? [] : [key('serial', serial)],
    'ssh-host-key': ssh === undefined ? [] : [key('ssh-host-key', ssh.key)],
    mac: [...new Set(macs)].sort().map((m) => key('mac', m)),
    ...names,
  };
  return KEY_CHAIN.map((rule) => ({ rule, keys: groups[rule] })).filter((g) => g.keys.length > 0);
}

/**
 * The keys an asset's own attributes give (host name and site; custom serial / ip
 * columns); a sited asset's names also without the site (see `matchObservation`).
 */
export function assetKeys(asset: AssetPayload): string[] {
  const keys: string[] = [];
  const ips: string[] = [];
  for (const [column, value] of Object.entries(asset.custom)) {
    const name = normalizeHeader(column);
    const serial = SERIAL_COLUMNS.has(name) ? usableSerial(value) : undefined;
    if (serial !== undefined) keys.push(key('serial', serial));
    if (IP_COLUMNS.has(name)) ips.push(...value.split(/[;,\s]+/).filter(Boolean));
  }
  const names = nameKeys(asset.hostname, undefined, ips, asset.site);
  keys.push(...names.fqdn, ...names['hostname-ip'], ...names.hostname);
  // A sited asset also answers to its names without a site: probes rarely know the site.
  const siteless = nameKeys(asset.hostname, undefined, ips, undefined);
  if (siteOf(asset.site) !== '') keys.push(...siteless['hostname-ip'], ...siteless.hostname);
  return [...new Set(keys)];
}

/**
 * The single-valued keys a set of keys holds, by tag: the rule, and for SSH host keys the
 * algorithm too (`ssh-host-key:ssh-ed25519`: a host has one key per algorithm; a bare
 * fingerprint names none, so it never proves two hosts different).
 */
export function cannotLinkTags(keys: readonly string[]): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const text of keys) {
    const k = parseKey(text);
    if (k === undefined || !SINGLE_VALUED.has(k.rule)) continue;
    let tag: string = k.rule;
    if (k.rule === 'ssh-host-key') {
      const algorithm = normalizeSshHostKey(k.value)?.algorithm;
      if (algorithm === undefined) continue;
      tag = `ssh-host-key:${algorithm}`;
    }
    const values = tags.get(tag) ?? new Set<string>();
    values.add(k.value);
    tags.set(tag, values);
  }
  return tags;
}

/**
 * The id a new asset gets when an observation matches none: its most stable usable name
 * (asset id, host name, FQDN, VM or BIOS UUID, serial, MAC, IP — junk values skipped),
 * else `observation-<observationId>`. The caller makes it unique.
 */
export function newAssetId(identity: AssetIdentity, observationId: string): string {
  const mac = (identity.macs ?? []).map((m) => usableMac(m, { allowVirtual: true })).find(Boolean);
  const name =
    identity.assetId ??
    identity.hostname ??
    identity.fqdn ??
    normalizeUuid(identity.vmUuid) ??
    normalizeUuid(identity.biosUuid) ??
    usableSerial(identity.serial) ??
    mac ??
    identity.ips?.map(normalizeIp).find(Boolean) ??
    `observation-${observationId}`;
  return name.slice(0, ASSET_ID_MAX).trim();
}
