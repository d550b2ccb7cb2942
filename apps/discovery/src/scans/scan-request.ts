import type { DiscoverProbe, DiscoverProblem, DiscoverRequest } from '@vplan/probes';
import type { ProbeCredentialOutcome } from '../credentials/credentials.service';
import type { ClaimedScan } from './scan.schema';

/** Probes `discoverEstate` runs; the others are noted as skipped (see `skippedProbeNotes`). */
const DISCOVERED: ReadonlySet<DiscoverProbe> = new Set([
  'tcp',
  'ssh',
  'snmp',
  'vsphere',
  'prometheus',
  'kubernetes',
]);

/** Notes of the scan's probes this release does not run (none today: every probe runs). */
export function skippedProbeNotes(scan: ClaimedScan): string[] {
  return scan.probes
    .filter((p) => !DISCOVERED.has(p))
    .map((p) => `${p}: skipped: no ${p} probe in this release`);
}

/** Opens a credential for a probe (`CredentialsService.probeCredentialOf`). */
export type OpenCredential = (id: string) => Promise<ProbeCredentialOutcome>;

/**
 * The discovery request of a scan: its probes, targets and ports, and its credentials
 * opened for the probes (address credentials in the scan's order, each vCenter's and
 * Prometheus server's own). A credential that cannot be used (missing, wrong shape, a kind
 * that does not fit) is a note naming it and what is wrong, never its secret; a manager
 * without a usable credential is left out.
 */
export async function discoverRequestOf(
  scan: ClaimedScan,
  open: OpenCredential,
): Promise<{ request: DiscoverRequest; notes: string[] }> {
  const notes: string[] = [];
  const opened = async (id: string, where: string) => {
    const got = await open(id);
    if (!got.ok) notes.push(`${where}: ${got.message}`);
    return got.ok ? got.value : undefined;
  };
  const ssh: NonNullable<DiscoverRequest['ssh']>[number][] = [];
  const snmp: NonNullable<DiscoverRequest['snmp']>[number][] = [];
  for (const [i, id] of scan.credentialIds.entries()) {
    const c = await opened(id, `credentialIds.${i}`);
    if (c?.kind === 'ssh') ssh.push(c.ssh);
    else if (c?.kind === 'snmp') snmp.push(c.snmp);
    else if (c) notes.push(`credentialIds.${i}: credential ${id} is not an ssh or snmp credential`);
  }
  const probes = new Set(scan.probes.filter((p): p is DiscoverProbe => DISCOVERED.has(p)));
  if (probes.has('ssh') && ssh.length === 0)
    notes.push('ssh: skipped: no usable ssh-password or ssh-key credential in credentialIds');
  if (probes.has('snmp') && snmp.length === 0)
    notes.push('snmp: skipped: no usable snmp-v2c or snmp-v3 credential in credentialIds');
  const vcenters: NonNullable<DiscoverRequest['vcenters']>[number][] = [];
  for (const [i, v] of scan.vcenters.entries()) {
    const c = await opened(v.credentialId, `vcenters.${i}`);
    if (c?.kind === 'vsphere')
      vcenters.push({
        url: v.url,
        ...(v.insecure ? { insecure: true } : {}),
        credential: c.vsphere,
      });
    else if (c)
      notes.push(`vcenters.${i}: credential ${v.credentialId} is not a vsphere credential`);
  }
  const prometheus: NonNullable<DiscoverRequest['prometheus']>[number][] = [];
  for (const [i, p] of scan.prometheus.entries()) {
    if (p.credentialId === undefined) {
      prometheus.push({ url: p.url });
      continue;
    }
    const c = await opened(p.credentialId, `prometheus.${i}`);
    if (c?.kind === 'prometheus') prometheus.push({ url: p.url, bearerToken: c.bearerToken });
    else if (c)
      notes.push(`prometheus.${i}: credential ${p.credentialId} is not a prometheus credential`);
  }
  const kubernetes: NonNullable<DiscoverRequest['kubernetes']>[number][] = [];
  for (const [i, k] of scan.kubernetes.entries()) {
    const c = await opened(k.credentialId, `kubernetes.${i}`);
    // A kubeconfig sent to the service never runs a login command (exec, auth-provider).
    if (c?.kind === 'kubernetes')
      kubernetes.push({
        kubeconfig: c.kubeconfig,
        ...(k.context !== undefined ? { context: k.context } : {}),
      });
    else if (c)
      notes.push(`kubernetes.${i}: credential ${k.credentialId} is not a kubernetes credential`);
  }
  return {
    request: {
      probes,
      cidrs: scan.cidrs,
      hosts: scan.hosts,
      ...(scan.ports ? { ports: scan.ports } : {}),
      sshPort: scan.sshPort,
      snmpPort: scan.snmpPort,
      ssh,
      snmp,
      vcenters,
      prometheus,
      kubernetes,
    },
    notes,
  };
}

/** Most notes a scan keeps, and most characters of one (the contract's bounds). */
export const MAX_NOTES = 32;
const NOTE_MAX = 500;

/** A probe's problem as a note: `ssh 127.0.0.1:22: …` (the probe's message already names it, or gets the name). */
export function problemNote(p: DiscoverProblem): string {
  const head = `${p.probe} ${p.target}`;
  return p.message.startsWith(head) ? p.message : `${head}: ${p.message}`;
}

/**
 * At most MAX_NOTES notes of at most 500 characters; when there are more, the last says
 * how many were left out (`… and 7 more problems`).
 */
export function capNotes(notes: readonly string[]): string[] {
  const cut = (note: string) => {
    const n = note.replace(/\s+/g, ' ').trim();
    return n.length > NOTE_MAX ? `${n.slice(0, NOTE_MAX - 1).trimEnd()}…` : n;
  };
  notes = notes.filter((n) => n.trim() !== '');
  if (notes.length <= MAX_NOTES) return notes.map(cut);
  const more = notes.length - (MAX_NOTES - 1);
  return [...notes.slice(0, MAX_NOTES - 1).map(cut), `… and ${more} more problems`];
}
