import { createHash } from 'node:crypto';
import {
  CUSTOM_VALUE_MAX,
  observationSchema,
  type AssetAttributes,
  type AssetIdentity,
  type Observation,
} from '@vplan/contracts';
import {
  FACT_SOURCE_PRIORITY,
  factsToAssets,
  type DiscoveredMachine,
  type HostFacts,
} from '@vplan/probes';

/** Most MACs and addresses one identity carries (the contract's bound). */
const MAX_KEYS = 64;

/**
 * The observations of one discovered machine: one per source fact (`source.name` = the
 * fact's source kind: `tcp`, `ssh`, `snmp`, `vsphere`, `prometheus`), each with the
 * identity of the whole machine (so inventory joins what one address answered even when
 * its sources share no key) and the attributes that source gave. Ids are derived from the
 * scan and the source, so a scan run again (given back on shutdown) publishes the same ids.
 */
export function machineObservations(
  machine: DiscoveredMachine,
  meta: { readonly scanId: string; readonly observedAt: string },
  used: Set<string> = new Set(),
): Observation[] {
  const identity = machineIdentity(machine.facts);
  return machine.facts.map((fact) => {
    let observationId = observationIdOf(meta.scanId, fact);
    for (let n = 2; used.has(observationId); n++)
      observationId = observationIdOf(meta.scanId, fact, n);
    used.add(observationId);
    return observationSchema.parse({
      observationId,
      source: { kind: 'probe', name: fact.source.kind, scanId: meta.scanId },
      observedAt: meta.observedAt,
      identity,
      attributes: factAttributes(fact),
    });
  });
}

/** The union of the identity keys of a machine's facts (one value per key: the most trusted source's). */
export function machineIdentity(facts: readonly HostFacts[]): AssetIdentity {
  const ordered = [...facts].sort((a, b) => rank(a) - rank(b));
  const first = <K extends 'biosUuid' | 'vmUuid' | 'serial' | 'sshHostKey' | 'hostname' | 'fqdn'>(
    key: K,
  ) => ordered.map((f) => f.identity[key]).find((v) => v !== undefined && v !== '');
  const all = (key: 'macs' | 'ips') => [
    ...new Set(ordered.flatMap((f) => f.identity[key] ?? []).filter((v) => v !== '')),
  ];
  const macs = all('macs').slice(0, MAX_KEYS);
  const ips = all('ips').slice(0, MAX_KEYS);
  const scalars = {
    biosUuid: first('biosUuid'),
    vmUuid: first('vmUuid'),
    serial: first('serial'),
    sshHostKey: first('sshHostKey'),
    hostname: first('hostname'),
    fqdn: first('fqdn'),
  };
  return {
    ...Object.fromEntries(Object.entries(scalars).filter(([, v]) => v !== undefined)),
    ...(macs.length > 0 ? { macs } : {}),
    ...(ips.length > 0 ? { ips } : {}),
  };
}

/**
 * What one source said of a machine as asset attributes — the one mapping from HostFacts
 * (through `factsToAssets`, which keeps implausible values out of capacity and lists them
 * in `custom.warnings`): host name, capacity, OS and peripherals, identity keys and the
 * source's provenance as custom attributes; open TCP ports as `custom.open_ports`.
 */
export function factAttributes(fact: HostFacts): AssetAttributes {
  const [asset] = factsToAssets([[fact]]);
  if (!asset) return {};
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(asset.custom))
    if (v !== '') custom[k] = v.length > CUSTOM_VALUE_MAX ? v.slice(0, CUSTOM_VALUE_MAX) : v;
  const ports = (fact.services ?? [])
    .filter((s) => s.protocol === 'tcp')
    .map((s) => s.port)
    .sort((a, b) => a - b);
  const { vlans, peripherals, ...t } = asset.technical ?? {};
  const technical: NonNullable<AssetAttributes['technical']> = {
    ...t,
    ...(vlans ? { vlans: [...vlans] } : {}),
    ...(peripherals ? { peripherals: peripherals.slice(0, 256) } : {}),
  };
  if (ports.length > 0) custom['open_ports'] = ports.join(',').slice(0, CUSTOM_VALUE_MAX);
  return {
    ...(asset.hostname ? { hostname: asset.hostname } : {}),
    ...nonEmpty('capacity', asset.capacity),
    ...nonEmpty('technical', technical),
    ...nonEmpty('custom', custom),
  };
}

/** `<scanId>-<24 hex of sha256(source kind, target, strongest key)>`: stable across runs of the scan. */
export function observationIdOf(scanId: string, fact: HostFacts, n = 1): string {
  const { identity: i, source } = fact;
  const key = i.vmUuid ?? i.biosUuid ?? i.serial ?? i.hostname ?? (i.ips ?? []).join(',');
  const hash = createHash('sha256')
    .update([source.kind, source.target ?? source.file ?? '', key, String(n)].join('\u0000'))
    .digest('hex');
  return `${scanId.slice(0, 39)}-${hash.slice(0, 24)}`;
}

/** A UUID (version 8, name-based) of an observation id: the event id, so JetStream drops a re-publish. */
export function eventIdOf(observationId: string): string {
  const h = createHash('sha256').update(`vplan-observation:${observationId}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const rank = (f: HostFacts): number => {
  const i = FACT_SOURCE_PRIORITY.indexOf(f.source.kind);
  return i < 0 ? FACT_SOURCE_PRIORITY.length : i;
};

function nonEmpty<K extends string, V extends object>(
  key: K,
  value: V | undefined,
): Partial<Record<K, V>> {
  if (value === undefined) return {};
  const present = Object.values(value).some((v) => v !== undefined);
  return present ? ({ [key]: value } as Record<K, V>) : {};
}
