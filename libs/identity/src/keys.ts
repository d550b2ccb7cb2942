// One observation's usable keys, normalised, per rule of the chain.
import { classifyMac } from './mac';
import { normalizeFqdn, normalizeIp, normalizeSshHostKey, shortHostname } from './names';
import type { IdentityObservation, IdentityRule } from './observation';
import { usableSerial } from './serial';
import { normalizeUuid, uuidClassKey } from './uuid';

/** An index key (what equal observations share) and how a merge reports it. */
export interface RuleKey {
  readonly index: string;
  readonly shown: string;
  /** `mac` only: a hypervisor-assigned address. */
  readonly virtual?: boolean;
}

export interface ObservationKeys {
  readonly byRule: Readonly<Record<IdentityRule, readonly RuleKey[]>>;
  /** Single-valued keys that prove two machines different: tag (rule or `ssh-host-key:<alg>`) → value. */
  readonly conflictTags: ReadonlyMap<string, string>;
  readonly hasUuid: boolean;
  readonly live: boolean;
}

const NONE: readonly RuleKey[] = Object.freeze([]);

const one = (index: string | undefined, shown = index): readonly RuleKey[] =>
  index === undefined ? NONE : [{ index, shown: shown as string }];

function sortedUnique(keys: RuleKey[]): readonly RuleKey[] {
  if (keys.length < 2) return keys.length === 0 ? NONE : keys;
  const seen = new Map<string, RuleKey>();
  for (const k of keys) if (!seen.has(k.index)) seen.set(k.index, k);
  return [...seen.values()].sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
}

/** Normalises an observation's keys (junk dropped) for every rule. */
export function observationKeys(o: IdentityObservation): ObservationKeys {
  const k = o.keys;
  const bios = normalizeUuid(k.biosUuid);
  const vm = normalizeUuid(k.vmUuid);
  const serial = usableSerial(k.serial);
  const ssh = normalizeSshHostKey(k.sshHostKey);
  const macs: RuleKey[] = [];
  for (const text of k.macs ?? []) {
    const { mac, class: kind } = classifyMac(text);
    if (mac !== undefined && (kind === 'universal' || kind === 'virtual'))
      macs.push({ index: mac, shown: mac, virtual: kind === 'virtual' });
  }
  const fqdn = normalizeFqdn(k.fqdn);
  const host = shortHostname(k.hostname ?? k.fqdn);
  const site = (k.site ?? '').trim().toLowerCase();
  const hostIp: RuleKey[] = [];
  if (host !== undefined)
    for (const text of k.ips ?? []) {
      const ip = normalizeIp(text);
      if (ip !== undefined)
        hostIp.push({ index: `${site}|${host}|${ip}`, shown: `${site}|${host}|${ip}` });
    }
  const tags = new Map<string, string>();
  if (bios !== undefined) tags.set('bios-uuid', uuidClassKey(bios));
  if (vm !== undefined) tags.set('vm-uuid', vm);
  if (serial !== undefined) tags.set('serial', serial);
  if (ssh?.algorithm !== undefined) tags.set(`ssh-host-key:${ssh.algorithm}`, ssh.key);
  return {
    byRule: {
      'bios-uuid': bios === undefined ? [] : one(uuidClassKey(bios), bios),
      'vm-uuid': one(vm),
      serial: one(serial),
      'ssh-host-key': one(ssh?.key),
      mac: sortedUnique(macs),
      fqdn: one(fqdn),
      'hostname-ip': sortedUnique(hostIp),
    },
    conflictTags: tags,
    hasUuid: bios !== undefined || vm !== undefined,
    live: o.live !== false,
  };
}
