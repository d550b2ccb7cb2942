import type { FactWarning, HostFacts } from '../host-facts';
import {
  SnmpProbeError,
  targetLabel,
  walkSubtree,
  withSession,
  type Session,
  type SnmpCredential,
  type SnmpProbeOptions,
  type SnmpTarget,
} from './snmp-session';
import {
  factsOfVarbinds,
  loadOfVarbinds,
  type SnmpLoadSample,
  type SnmpVarbind,
} from './snmp-varbinds';

/** The subtrees a probe walks: what the walk parser maps to facts (hrSWRun is not read). */
export const SNMP_PROBE_SUBTREES = [
  '1.3.6.1.2.1.1', // SNMPv2-MIB system
  '1.3.6.1.2.1.25.1', // HOST-RESOURCES-MIB hrSystem
  '1.3.6.1.2.1.25.2', // hrStorage (hrMemorySize, hrStorageTable)
  '1.3.6.1.2.1.25.3', // hrDevice (hrDeviceTable, hrProcessorTable …)
  '1.3.6.1.2.1.2', // IF-MIB interfaces / ifTable
  '1.3.6.1.2.1.31', // IF-MIB ifMIB / ifXTable
  '1.3.6.1.2.1.4.20', // IP-MIB ipAddrTable
] as const;

const LOAD_SUBTREES = ['1.3.6.1.2.1.25.3.3.1.2', '1.3.6.1.2.1.25.2.3.1'] as const;

const DEFAULT_MAX_VARBINDS = 50_000;

async function walkAll(
  session: Session,
  subtrees: readonly string[],
  limit: number,
): Promise<{ varbinds: SnmpVarbind[]; truncated: boolean }> {
  const varbinds: SnmpVarbind[] = [];
  for (const oid of subtrees) {
    const part = await walkSubtree(session, oid, limit - varbinds.length);
    varbinds.push(...part.varbinds);
    if (part.truncated) return { varbinds, truncated: true };
  }
  return { varbinds, truncated: false };
}

/**
 * Reads one agent's system, host-resources, interface and address tables (GETBULK walks,
 * at most `options.maxVarbinds`) and maps them to {@link HostFacts} (kind `snmp`,
 * `source.target` = `host:port`) by the SNMP walk parser's mapping. Rejects with
 * {@link SnmpProbeError}: `timeout` (no answer; a wrong v2c community looks the same),
 * `auth` (v3 user, keys or access refused), `protocol` (anything else). The session is
 * closed in every case.
 */
export async function probeSnmp(
  target: SnmpTarget,
  credential: SnmpCredential,
  options: SnmpProbeOptions,
): Promise<{ facts: HostFacts }> {
  const label = targetLabel(target);
  const limit = options.maxVarbinds ?? DEFAULT_MAX_VARBINDS;
  return withSession(target, credential, options, async (session) => {
    const { varbinds, truncated } = await walkAll(session, SNMP_PROBE_SUBTREES, limit);
    const warnings: FactWarning[] = [];
    if (truncated) {
      warnings.push({
        where: label,
        message: `walk stopped at ${limit} varbinds: facts may be incomplete`,
      });
    }
    if (!varbinds.some((vb) => vb.oid.replace(/^\./, '').startsWith('1.3.6.1.2.1.1.'))) {
      warnings.push({
        where: label,
        message: 'the agent returned no SNMPv2-MIB system objects (view restricted?)',
      });
    }
    return { facts: factsOfVarbinds(varbinds, label, warnings) };
  });
}

/**
 * One workload sample of an agent: mean hrProcessorLoad (the agent's 1-minute average per
 * processor) / 100 as `cpuBusy`, and hrStorageTable use in GiB. Rejects like
 * {@link probeSnmp}; an agent without hrProcessorTable is a `protocol` failure.
 */
export async function pollSnmpLoad(
  target: SnmpTarget,
  credential: SnmpCredential,
  options: SnmpProbeOptions,
): Promise<SnmpLoadSample> {
  const label = targetLabel(target);
  const limit = options.maxVarbinds ?? DEFAULT_MAX_VARBINDS;
  return withSession(target, credential, options, async (session) => {
    const { varbinds } = await walkAll(session, LOAD_SUBTREES, limit);
    const sample = loadOfVarbinds(varbinds, new Date().toISOString());
    if (sample === undefined) {
      throw new SnmpProbeError(
        label,
        'protocol',
        `${label}: the agent reports no hrProcessorLoad (Net-SNMP has it after a minute of uptime)`,
      );
    }
    return sample;
  });
}
