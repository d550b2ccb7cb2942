import type { ScanJob } from '@vplan/contracts';
import type { KubernetesSource, SnmpCredential, SshCredential } from '@vplan/probes';
import { apiTarget, callJson } from '../remote/api-client';
import { discoverRemotely, type RemoteScan, type ScanCredential } from '../remote/remote-discover';
import { stderrProgress } from '../output/progress';
import { UsageError } from './options';
import type { DiscoverFlags } from './discover';
import { managerSources } from './discover-sources';

/** The flags of `vplan discover --api`, besides the embedded ones. */
export interface DiscoverApiFlags {
  api?: string;
  token?: string;
  /** Stored credentials of the discovery service, by id. */
  credential?: string[];
}

/** Kinds of stored credentials the address probes use, and the probe each is for. */
const ADDRESS_PROBE: Record<string, 'ssh' | 'snmp'> = {
  'ssh-password': 'ssh',
  'ssh-key': 'ssh',
  'snmp-v2c': 'snmp',
  'snmp-v3': 'snmp',
};

/** The most targets probed at once a scan job takes (the contract's bound). */
const MAX_SCAN_CONCURRENCY = 1024;

/**
 * `vplan discover --api`: the same flags, run as a scan job of the discovery service. The
 * secrets given by flags are stored as credentials for this scan and deleted when it
 * ends; `--credential <id>` uses stored ones. Prints the scan's outcome; exit 1 unless it
 * succeeded.
 */
export async function runDiscoverApi(
  flags: DiscoverFlags & DiscoverApiFlags,
  creds: { ssh?: SshCredential; snmp?: SnmpCredential },
  kube: readonly KubernetesSource[] | undefined,
): Promise<void> {
  const target = apiTarget(flags);
  const targets: string[] = [];
  const sshPorts = new Set<number>();
  for (const entry of flags.targets ?? []) {
    const m = /^([^:[\]/]+|\[[^\]]+\]):(\d+)$/.exec(entry);
    if (m) sshPorts.add(Number(m[2]));
    targets.push(m ? m[1]!.replace(/^\[|\]$/g, '') : entry);
  }
  if (
    sshPorts.size > 1 ||
    (sshPorts.size === 1 && flags.sshPort !== 22 && !sshPorts.has(flags.sshPort))
  )
    throw new UsageError(
      '--targets: with --api every host takes the same SSH port: give it with --ssh-port, not host:port',
    );
  const sshPort = sshPorts.size === 1 ? [...sshPorts][0]! : flags.sshPort;
  if (flags.concurrency > MAX_SCAN_CONCURRENCY)
    throw new UsageError(`--concurrency: a scan job takes at most ${MAX_SCAN_CONCURRENCY}`);
  const probes = new Set<string>(targets.length > 0 ? ['tcp'] : []);
  for (const id of flags.credential ?? []) {
    const stored = await callJson<{ kind: string }>(
      target,
      `/discovery/api/v1/credentials/${encodeURIComponent(id)}`,
    );
    const probe = ADDRESS_PROBE[stored.kind];
    if (!probe)
      throw new UsageError(
        `--credential ${id}: a ${stored.kind} credential; the address probes take ssh and snmp ones (give vCenter and Prometheus secrets with their flags)`,
      );
    probes.add(probe);
  }
  const credentials: ScanCredential[] = [];
  if (creds.ssh) {
    probes.add('ssh');
    const key = creds.ssh.privateKey;
    credentials.push(
      key !== undefined
        ? {
            flag: '--ssh-key',
            kind: 'ssh-key',
            username: creds.ssh.username,
            secret: typeof key === 'string' ? key : key.toString('utf8'),
            use: 'address',
          }
        : {
            flag: '--ssh-password-env',
            kind: 'ssh-password',
            username: creds.ssh.username,
            secret: creds.ssh.password!,
            use: 'address',
          },
    );
  }
  if (creds.snmp) {
    probes.add('snmp');
    credentials.push(
      creds.snmp.version === '2c'
        ? {
            flag: '--snmp-community-env',
            kind: 'snmp-v2c',
            secret: creds.snmp.community,
            use: 'address',
          }
        : {
            flag: '--snmp-user',
            kind: 'snmp-v3',
            username: creds.snmp.user,
            secret: { auth: creds.snmp.authKey, priv: creds.snmp.privKey },
            use: 'address',
          },
    );
  }
  const managers = managerSources(flags);
  const vcenters = (managers.vcenters ?? []).map((v, i) => {
    credentials.push({
      flag: '--vcenter-password-env',
      kind: 'vsphere',
      username: v.credential.username,
      secret: v.credential.password,
      use: { vcenter: i },
    });
    return { url: v.url, insecure: v.insecure === true };
  });
  const prometheus = (managers.prometheus ?? []).map((p, i) => {
    if (p.bearerToken)
      credentials.push({
        flag: '--prometheus-token-env',
        kind: 'prometheus',
        secret: p.bearerToken,
        use: { prometheus: i },
      });
    return { url: p.url };
  });
  const kubernetes = (kube ?? []).map((k, i) => {
    credentials.push({
      flag: '--kubeconfig',
      kind: 'kubernetes',
      secret: k.kubeconfig,
      use: { kubernetes: i },
    });
    return k.context !== undefined ? { context: k.context } : {};
  });
  if (kubernetes.length > 0) probes.add('kubernetes');
  if (vcenters.length > 0) probes.add('vsphere');
  if (prometheus.length > 0) probes.add('prometheus');
  const scan: RemoteScan = {
    body: {
      targets,
      probes: [...probes],
      ...(flags.ports ? { ports: flags.ports } : {}),
      sshPort,
      snmpPort: flags.snmpPort,
      timeoutMs: Math.max(100, flags.timeoutMs),
      concurrency: flags.concurrency,
      sampleSeconds: flags.sampleSeconds,
      historyHours: flags.historyHours,
      vcenters,
      prometheus,
      kubernetes,
    },
    credentials,
    credentialIds: flags.credential ?? [],
  };
  const progress = stderrProgress({ quiet: flags.quiet });
  const job = await discoverRemotely(target, scan, progress);
  progress.done();
  process.stdout.write(scanSummary(job));
  if (job.status !== 'succeeded') process.exitCode = 1;
}

/** What the scan found, as `vplan discover` prints it. */
export function scanSummary(job: ScanJob): string {
  const p = job.progress;
  return (
    `  scan       ${job.id} ${job.status}\n  addresses  ${p.targets}\n` +
    `  machines   ${p.machines ?? 0}\n  observations ${p.observations}\n  samples    ${p.samples ?? 0}\n` +
    (job.error ? `\n  error: ${job.error.message}\n` : '') +
    ((job.notes ?? []).length > 0 ? '\n' : '') +
    (job.notes ?? []).map((n) => `  problem: ${n}\n`).join('') +
    `\n  inventory: the inventory service (vplan plan --api plans it)\n`
  );
}
