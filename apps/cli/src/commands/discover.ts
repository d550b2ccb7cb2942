import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatCsvRow, inventoryToCsv } from '@vplan/formats';
import {
  DEFAULT_SWEEP_PORTS,
  discoverEstate,
  DiscoverRequestError,
  factsToAssets,
  memoryHostKeyStore,
} from '@vplan/probes';
import { textFile, writeAllOrNothing } from '../output/atomic-files';
import { stderrProgress } from '../output/progress';
import { OutDirError, prepareOutDir } from '../output/write-plan';
import { numberIn, UsageError } from './options';
import { withApiOptions } from './api-options';
import { runDiscoverApi, type DiscoverApiFlags } from './discover-api';
import { credentials, kubernetesSources, managerSources, sampleRow } from './discover-sources';

export interface DiscoverFlags {
  targets?: string[];
  sshUser?: string;
  sshKey?: string;
  sshPasswordEnv?: string;
  sshPort: number;
  snmpCommunityEnv?: string;
  snmpUser?: string;
  snmpAuthEnv?: string;
  snmpPrivEnv?: string;
  snmpPort: number;
  ports?: number[];
  concurrency: number;
  timeoutMs: number;
  sampleSeconds: number;
  knownHosts?: string;
  vcenter?: string;
  vcenterUser?: string;
  vcenterPasswordEnv?: string;
  insecure?: boolean;
  prometheus?: string;
  prometheusTokenEnv?: string;
  kubeconfig?: string;
  kubeContext?: string;
  historyHours: number;
  out?: string;
  quiet?: boolean;
}

export function discoverCommand(): Command {
  const command = new Command('discover')
    .description(
      'Find machines from address ranges and credentials, in this process: a TCP sweep, then SSH and SNMP probes; writes inventory.csv (with provenance) and workloads.csv',
    )
    .option(
      '--targets <list>',
      'comma-separated CIDR ranges, addresses or names; host:port gives that host its SSH port',
      (v: string, prev: string[] = []) => [
        ...prev,
        ...v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ],
    )
    .option('--ssh-user <user>', 'SSH user name')
    .option('--ssh-key <file>', 'SSH private key file')
    .option('--ssh-password-env <var>', 'environment variable holding the SSH password')
    .option('--ssh-port <n>', 'SSH port (default 22)', numberIn(1, 65_535, true), 22)
    .option('--snmp-community-env <var>', 'environment variable holding the SNMP v2c community')
    .option('--snmp-user <user>', 'SNMPv3 user (authPriv, SHA/AES)')
    .option('--snmp-auth-env <var>', 'environment variable holding the SNMPv3 auth pass phrase')
    .option('--snmp-priv-env <var>', 'environment variable holding the SNMPv3 privacy pass phrase')
    .option('--snmp-port <n>', 'SNMP UDP port (default 161)', numberIn(1, 65_535, true), 161)
    .option(
      '--ports <list>',
      `TCP ports swept (default ${DEFAULT_SWEEP_PORTS.join(',')}, and the SSH ports)`,
      (v: string) => v.split(',').map((p) => numberIn(1, 65_535, true)(p.trim())),
    )
    .option(
      '--concurrency <n>',
      'most sockets open at once in the sweep (default 256)',
      numberIn(1, 4096, true),
      256,
    )
    .option(
      '--timeout-ms <n>',
      'per connect and per probe step, ms (default 3000)',
      numberIn(50, 600_000, true),
      3000,
    )
    .option(
      '--sample-seconds <n>',
      'utilization sample window over SSH, s (default 60; 0: none)',
      numberIn(0, 3600, true),
      60,
    )
    .option(
      '--vcenter <url>',
      'vCenter to read hosts, VMs, clusters and 5-minute history from (SOAP /sdk)',
    )
    .option('--vcenter-user <user>', 'vCenter user')
    .option('--vcenter-password-env <var>', 'environment variable holding the vCenter password')
    .option('--insecure', "accept the vCenter's self-signed certificate")
    .option('--prometheus <url>', 'Prometheus to read node_exporter facts and usage series from')
    .option(
      '--prometheus-token-env <var>',
      'environment variable holding a Prometheus bearer token',
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig of a Kubernetes cluster: its nodes become container hosts (capacity, allocatable, zone, pod requests)',
    )
    .option('--kube-context <name>', 'kubeconfig context (default: its current-context)')
    .option(
      '--history-hours <n>',
      'hours of vCenter and Prometheus history read (default 24)',
      numberIn(1, 24 * 400, true),
      24,
    )
    .option(
      '--known-hosts <file>',
      'pinned SSH host keys, JSON (default <out>/known-hosts.json; trust on first use)',
    )
    .option(
      '--out <dir>',
      'directory for inventory.csv, workloads.csv and known-hosts.json (required unless --api)',
    )
    .option(
      '--credential <id>',
      'with --api: a stored SSH or SNMP credential of the discovery service to use (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nSecrets are read from files and environment variables only, never from the command line.\n' +
        '\nExamples:\n' +
        '  VPLAN_SSH_PASSWORD=… vplan discover --targets 10.1.0.0/24 --ssh-user ops --ssh-password-env VPLAN_SSH_PASSWORD --out out/d\n' +
        '  VPLAN_COMMUNITY=… vplan discover --targets 10.1.0.5,db1.corp --ssh-user root --ssh-key ~/.ssh/id_ed25519 \\\n' +
        '                    --snmp-community-env VPLAN_COMMUNITY --out out/d\n' +
        '  vplan discover --kubeconfig ~/.kube/config --kube-context prod --out out/k8s\n' +
        '  vplan plan --inventory out/d/inventory.csv --workloads out/d/workloads.csv --format csv …\n' +
        '  vplan discover --targets 10.1.0.0/24 --credential <id> --api https://vplan.dc1 …   (a scan job; then vplan plan --api)\n' +
        '\nWith --api the scan runs on the discovery service: secrets given by flags are stored as\n' +
        'credentials for that scan (an admin token) and deleted when it ends; SSH host keys are pinned there.\n' +
        '\nExit codes: 0 done, 2 bad usage, 1 unexpected failure.',
    )
    .action(async (flags: DiscoverFlags & DiscoverApiFlags) => {
      if (flags.api !== undefined) {
        if (flags.targets === undefined && !flags.vcenter && !flags.prometheus && !flags.kubeconfig)
          throw new UsageError(
            'give --targets, --vcenter, --prometheus or --kubeconfig: what to discover',
          );
        if (flags.knownHosts !== undefined)
          throw new UsageError('--known-hosts: with --api the service pins the SSH host keys');
        await runDiscoverApi(flags, await credentials(flags), await kubernetesSources(flags));
        return;
      }
      if (flags.credential !== undefined)
        throw new UsageError('--credential names a credential stored on the services: give --api');
      if (flags.out === undefined) throw new UsageError('--out <dir> is required (or --api)');
      await runDiscover({ ...flags, out: flags.out });
    });
  return withApiOptions(command, true);
}

async function runDiscover(flags: DiscoverFlags & { out: string }): Promise<void> {
  await prepareOutDir(flags.out).catch((error: unknown) => {
    throw error instanceof OutDirError ? new UsageError(error.message) : error;
  });
  const creds = await credentials(flags);
  const sshPorts = new Map<string, number>();
  const cidrs: string[] = [];
  const hosts: string[] = [];
  for (const entry of flags.targets ?? []) {
    if (entry.includes('/')) cidrs.push(entry);
    else {
      const m = /^([^:[\]]+|\[[^\]]+\]):(\d+)$/.exec(entry);
      const host = m ? m[1]!.replace(/^\[|\]$/g, '') : entry;
      if (m) sshPorts.set(host, Number(m[2]));
      hosts.push(host);
    }
  }
  if (flags.targets === undefined && !flags.vcenter && !flags.prometheus && !flags.kubeconfig)
    throw new UsageError(
      'give --targets, --vcenter, --prometheus or --kubeconfig: what to discover',
    );
  const managers = managerSources(flags);
  const kubernetes = await kubernetesSources(flags);
  const knownHostsFile = flags.knownHosts ?? join(flags.out, 'known-hosts.json');
  const pinned = await readFile(knownHostsFile, 'utf8').then(
    (text) => JSON.parse(text) as Record<string, string>,
    () => ({}),
  );
  const hostKeys = memoryHostKeyStore(pinned);
  const progress = stderrProgress({ quiet: flags.quiet });
  const phases = { sweep: 'sweeping', probe: 'probing', managers: 'reading managers' } as const;
  const result = await discoverEstate(
    {
      probes: new Set(['tcp', 'ssh', 'snmp', 'vsphere', 'prometheus', 'kubernetes']),
      cidrs,
      hosts,
      ...(flags.ports ? { ports: flags.ports } : {}),
      sshPort: flags.sshPort,
      sshPorts,
      snmpPort: flags.snmpPort,
      ...(creds.ssh ? { ssh: [creds.ssh] } : {}),
      ...(creds.snmp ? { snmp: [creds.snmp] } : {}),
      ...managers,
      ...(kubernetes ? { kubernetes } : {}),
    },
    {
      concurrency: flags.concurrency,
      timeoutMs: flags.timeoutMs,
      sampleSeconds: flags.sampleSeconds,
      historyHours: flags.historyHours,
      hostKeys,
      onProgress: (p) => progress.count(phases[p.phase], p.done, p.total),
    },
  ).catch((error: unknown) => {
    throw error instanceof DiscoverRequestError
      ? new UsageError(`--targets: ${error.message}`)
      : error;
  });
  progress.done();
  const assets = factsToAssets(result.machines.map((m) => m.facts));
  const workloads = [formatCsvRow(['timestamp', 'asset', 'metric', 'value'])];
  result.machines.forEach((m, i) => {
    for (const s of m.samples) workloads.push(sampleRow(assets[i]!.id, s));
  });
  await writeAllOrNothing([
    textFile(join(flags.out, 'inventory.csv'), inventoryToCsv(assets)),
    textFile(join(flags.out, 'workloads.csv'), `${workloads.join('\n')}\n`),
  ]);
  await writeFile(knownHostsFile, `${JSON.stringify(hostKeys.entries(), null, 2)}\n`, {
    mode: 0o600,
  });
  const problems = [
    ...result.problems.map((p) => `${p.probe} ${p.target}: ${p.message}`),
    ...result.notes,
  ];
  process.stdout.write(
    `  addresses  ${result.addresses}\n  answering  ${result.answering}\n  machines   ${assets.length}\n` +
      `  samples    ${workloads.length - 1}\n\n` +
      problems.map((p) => `  problem: ${p}\n`).join('') +
      (problems.length > 0 ? '\n' : '') +
      `  inventory: ${join(flags.out, 'inventory.csv')}\n  workloads: ${join(flags.out, 'workloads.csv')}\n`,
  );
}
