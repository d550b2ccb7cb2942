import { reconcile, type IdentityObservation } from '@vplan/identity';
import type { HostFacts } from './host-facts';

/** The facts of one machine, and how they were found to be one (rule and key per merge). */
export interface MachineFacts {
  readonly facts: readonly HostFacts[];
  readonly merges: ReturnType<typeof reconcile>['machines'][number]['merges'];
}

/**
 * Groups facts by machine with the identity rule chain of `@vplan/identity` (BIOS UUID,
 * VM UUID, serial, SSH host key, MAC, FQDN, host name + IP; first match wins), in the order
 * the machines were first seen.
 */
export function groupMachines(facts: readonly HostFacts[]): MachineFacts[] {
  const observations: IdentityObservation[] = facts.map((f, i) => ({
    id: String(i),
    source: f.source.kind,
    keys: {
      ...(f.identity.biosUuid !== undefined ? { biosUuid: f.identity.biosUuid } : {}),
      ...(f.identity.vmUuid !== undefined ? { vmUuid: f.identity.vmUuid } : {}),
      ...(f.identity.serial !== undefined ? { serial: f.identity.serial } : {}),
      ...(f.identity.sshHostKey !== undefined ? { sshHostKey: f.identity.sshHostKey } : {}),
      ...(f.identity.macs !== undefined ? { macs: f.identity.macs } : {}),
      ...(f.identity.fqdn !== undefined ? { fqdn: f.identity.fqdn } : {}),
      ...(f.identity.hostname !== undefined ? { hostname: f.identity.hostname } : {}),
      ...(f.identity.ips !== undefined ? { ips: f.identity.ips } : {}),
    },
  }));
  const { machines } = reconcile(observations);
  return machines
    .map((m) => ({
      first: Math.min(...m.members.map(Number)),
      facts: [...m.members]
        .map(Number)
        .sort((a, b) => a - b)
        .map((i) => facts[i]!),
      merges: m.merges,
    }))
    .sort((a, b) => a.first - b.first)
    .map(({ facts: f, merges }) => ({ facts: f, merges }));
}
