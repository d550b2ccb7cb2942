import type { AssetIdentity, AssetPayload } from '@vplan/contracts';
import { normalizeHeader } from '@vplan/formats';

/**
 * Identity keys an observation is matched by, strongest first (ARCHITECTURE.md §6: BIOS/VM
 * UUID, serial, MAC, then host name and IP). A stored asset carries the keys of its own
 * attributes (`hostname`; custom columns named serial / ip) and every key an observation
 * matched to it brought, as `kind:value` texts in canonical case.
 */
export type KeyKind = 'bios' | 'vm' | 'serial' | 'mac' | 'host' | 'ip';

export const KEY_ORDER: readonly KeyKind[] = ['bios', 'vm', 'serial', 'mac', 'host', 'ip'];

const SERIAL_COLUMNS = new Set(['serial', 'serial_number', 'serial_no', 'serialnumber']);
const IP_COLUMNS = new Set(['ip', 'ip_address', 'ipaddress', 'ips', 'ip_addresses']);

export function key(kind: KeyKind, value: string): string {
  const v = value.trim().toLowerCase();
  return `${kind}:${kind === 'mac' ? v.replace(/[^0-9a-f]/g, '') : v}`;
}

/** The keys of an observation's identity, grouped by kind in matching order. */
export function identityKeys(identity: AssetIdentity): { kind: KeyKind; keys: string[] }[] {
  const host: string[] = [];
  for (const name of [identity.hostname, identity.fqdn]) {
    if (name === undefined) continue;
    host.push(key('host', name));
    const short = name.split('.')[0];
    if (short && short !== name) host.push(key('host', short));
  }
  const groups: Record<KeyKind, string[]> = {
    bios: identity.biosUuid ? [key('bios', identity.biosUuid)] : [],
    vm: identity.vmUuid ? [key('vm', identity.vmUuid)] : [],
    serial: identity.serial ? [key('serial', identity.serial)] : [],
    mac: (identity.macs ?? []).map((m) => key('mac', m)),
    host: [...new Set(host)],
    ip: (identity.ips ?? []).map((ip) => key('ip', ip)),
  };
  return KEY_ORDER.map((kind) => ({ kind, keys: groups[kind] })).filter((g) => g.keys.length > 0);
}

/** The keys an asset's own attributes give. */
export function assetKeys(asset: AssetPayload): string[] {
  const keys: string[] = [];
  if (asset.hostname) {
    keys.push(key('host', asset.hostname));
    const short = asset.hostname.split('.')[0];
    if (short && short !== asset.hostname) keys.push(key('host', short));
  }
  for (const [column, value] of Object.entries(asset.custom)) {
    const name = normalizeHeader(column);
    if (SERIAL_COLUMNS.has(name)) keys.push(key('serial', value));
    if (IP_COLUMNS.has(name)) {
      for (const ip of value.split(/[;,\s]+/).filter(Boolean)) keys.push(key('ip', ip));
    }
  }
  return [...new Set(keys)];
}

/** The id a new asset gets when an observation matches none: the most stable name it has. */
export function newAssetId(identity: AssetIdentity): string {
  return (
    identity.assetId ??
    identity.hostname ??
    identity.fqdn ??
    identity.vmUuid ??
    identity.biosUuid ??
    identity.serial ??
    identity.macs?.[0] ??
    (identity.ips?.[0] as string)
  );
}
