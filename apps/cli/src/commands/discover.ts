import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatCsvRow, inventoryToCsv } from '@vplan/formats';
import { mapInOrder } from '@vplan/file-input';
import {
  DEFAULT_SWEEP_PORTS,
  expandTargets,
  factsToAssets,
  groupMachines,
  memoryHostKeyStore,
  probeSnmp,
  probeSsh,
  sweep,
  type HostFacts,
  type UsageSample,
} from '@vplan/probes';
import { textFile, writeAllOrNothing } from '../output/atomic-files';
import { stderrProgress } from '../output/progress';
import { OutDirError, prepareOutDir } from '../output/write-plan';
import { numberIn, UsageError } from './options';
import { credentials, readManagers, sampleRow } from './discover-sources';

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
  historyHours: number;
  out: string;
  quiet?: boolean;
}

/** SSH and SNMP probes run at once (each holds a connection for the sample window). */
const PROBES_IN_FLIGHT = 8;

export function discoverCommand(): Command {
  return new Command('discover')
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
      '--history-hours <n>',
      'hours of vCenter and Prometheus history read (default 24)',
      numberIn(1, 24 * 400, true),
      24,
    )
    .option(
      '--known-hosts <file>',
      'pinned SSH host keys, JSON (default <out>/known-hosts.json; trust on first use)',
    )
    .requiredOption(
      '--out <dir>',
      'directory for inventory.csv, workloads.csv and known-hosts.json',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nSecrets are read from files and environment variables only, never from the command line.\n' +
        '\nExamples:\n' +
        '  VPLAN_SSH_PASSWORD=… vplan discover --targets 10.1.0.0/24 --ssh-user ops --ssh-password-env VPLAN_SSH_PASSWORD --out out/d\n' +
        '  VPLAN_COMMUNITY=… vplan discover --targets 10.1.0.5,db1.corp --ssh-user root --ssh-key ~/.ssh/id_ed25519 \\\n' +
        '                    --snmp-community-env VPLAN_COMMUNITY --out out/d\n' +
        '  vplan plan --inventory out/d/inventory.csv --workloads out/d/workloads.csv --format csv …\n' +
        '\nExit codes: 0 done, 2 bad usage, 1 unexpected failure.',
    )
    .action(async (flags: DiscoverFlags) => {
      await runDiscover(flags);
    });
}

async function runDiscover(flags: DiscoverFlags): Promise<void> {
  await prepareOutDir(flags.out).catch((error: unknown) => {
    throw error instanceof OutDirError ? new UsageError(error.message) : error;
  });
  const creds = await credentials(flags);
  const sshPortOf = new Map<string, number>();
  const cidrs: string[] = [];
  const hosts: string[] = [];
  for (const entry of flags.targets ?? []) {
    if (entry.includes('/')) cidrs.push(entry);
    else {
      const m = /^([^:[\]]+|\[[^\]]+\]):(\d+)$/.exec(entry);
      const host = m ? m[1]!.replace(/^\[|\]$/g, '') : entry;
      if (m) sshPortOf.set(host, Number(m[2]));
      hosts.push(host);
    }
  }
  if (flags.targets === undefined && !flags.vcenter && !flags.prometheus)
    throw new UsageError('give --targets, --vcenter or --prometheus: what to discover');
  const expanded = expandTargets(cidrs, hosts);
  if (!expanded.ok) throw new UsageError(`--targets: ${expanded.message}`);
  const ports = [
    ...new Set([...(flags.ports ?? DEFAULT_SWEEP_PORTS), flags.sshPort, ...sshPortOf.values()]),
  ];
  const progress = stderrProgress({ quiet: flags.quiet });
  progress.phase(`sweeping ${expanded.targets.length} address(es) on ${ports.length} port(s)`);
  const found = await sweep(expanded.targets, {
    ports,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeoutMs,
    onProgress: (done, total) => progress.count('sweeping', done, total),
  });
  const knownHostsFile = flags.knownHosts ?? join(flags.out, 'known-hosts.json');
  const pinned = await readFile(knownHostsFile, 'utf8').then(
    (text) => JSON.parse(text) as Record<string, string>,
    () => ({}),
  );
  const hostKeys = memoryHostKeyStore(pinned);
  const live = new Map(found.map((f) => [f.identity.ips?.[0] ?? '', f] as const));
  const probeTargets = [
    ...new Set([...found.map((f) => f.identity.ips?.[0] ?? ''), ...hosts]),
  ].filter(Boolean);
  const byTarget = new Map<string, HostFacts[]>();
  const samples: { target: string; samples: readonly UsageSample[] }[] = [];
  const problems: string[] = [];
  for (const f of found) byTarget.set(f.identity.ips?.[0] ?? '', [f]);
  let done = 0;
  await mapInOrder(probeTargets, PROBES_IN_FLIGHT, async (target) => {
    const list = byTarget.get(target) ?? [];
    const sshPort = sshPortOf.get(target) ?? flags.sshPort;
    const sshOpen = live.get(target)?.services?.some((s) => s.port === sshPort) ?? false;
    if (creds.ssh && sshOpen) {
      try {
        const result = await probeSsh({ host: target, port: sshPort }, creds.ssh, {
          hostKeys,
          timeoutMs: flags.timeoutMs,
          sampleSeconds: flags.sampleSeconds,
        });
        list.push(result.facts);
        samples.push({ target, samples: result.samples });
      } catch (error) {
        problems.push(`ssh ${target}:${sshPort}: ${(error as Error).message}`);
      }
    }
    if (creds.snmp) {
      try {
        list.push(
          (
            await probeSnmp({ host: target, port: flags.snmpPort }, creds.snmp, {
              timeoutMs: flags.timeoutMs,
            })
          ).facts,
        );
      } catch (error) {
        problems.push(`snmp ${target}:${flags.snmpPort}: ${(error as Error).message}`);
      }
    }
    if (list.length > 0) byTarget.set(target, list);
    progress.count('probing', ++done, probeTargets.length);
  });
  const sourced = await readManagers(flags, progress, problems);
  progress.done();
  // What one address answered is one machine; the identity chain then joins machines
  // reached at several addresses (a host's two NICs), or seen by a manager too.
  const perAddress = [...byTarget.values(), ...sourced.facts.map((f) => [f])];
  const facts = perAddress.flat();
  const machineOf = machinesOf(
    perAddress,
    groupMachines(facts).map((m) => m.facts),
  );
  const assets = factsToAssets(machineOf.map((m) => m.facts));
  const assetOfFacts = new Map<HostFacts, string>();
  machineOf.forEach((m, i) => m.facts.forEach((f) => assetOfFacts.set(f, assets[i]!.id)));
  const workloads = [formatCsvRow(['timestamp', 'asset', 'metric', 'value'])];
  for (const { target, samples: list } of samples) {
    const ssh = byTarget.get(target)?.find((f) => f.source.kind === 'ssh');
    const asset = ssh ? assetOfFacts.get(ssh) : undefined;
    if (!asset) continue;
    for (const s of list) workloads.push(sampleRow(asset, s));
  }
  for (const { facts: owner, samples: list } of sourced.samples) {
    const asset = assetOfFacts.get(owner);
    if (!asset) continue;
    for (const s of list) workloads.push(sampleRow(asset, s));
  }
  await writeAllOrNothing([
    textFile(join(flags.out, 'inventory.csv'), inventoryToCsv(assets)),
    textFile(join(flags.out, 'workloads.csv'), `${workloads.join('\n')}\n`),
  ]);
  await writeFile(knownHostsFile, `${JSON.stringify(hostKeys.entries(), null, 2)}\n`, {
    mode: 0o600,
  });
  process.stdout.write(
    `  addresses  ${expanded.targets.length}\n  answering  ${found.length}\n  machines   ${assets.length}\n` +
      `  samples    ${workloads.length - 1}\n\n` +
      problems.map((p) => `  problem: ${p}\n`).join('') +
      (problems.length > 0 ? '\n' : '') +
      `  inventory: ${join(flags.out, 'inventory.csv')}\n  workloads: ${join(flags.out, 'workloads.csv')}\n`,
  );
}

/**
 * Machines from two groupings of the same facts: the facts each address answered (one
 * machine), joined with the identity chain's machines (union of both).
 */
function machinesOf(
  byAddress: readonly (readonly HostFacts[])[],
  byIdentity: readonly (readonly HostFacts[])[],
): { facts: HostFacts[] }[] {
  const all = byAddress.flat();
  const index = new Map(all.map((f, i) => [f, i] as const));
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (group: readonly HostFacts[]) => {
    const [first, ...rest] = group.map((f) => index.get(f)!);
    for (const r of rest) parent[find(r)] = find(first!);
  };
  byAddress.forEach(join);
  byIdentity.forEach(join);
  const groups = new Map<number, HostFacts[]>();
  all.forEach((f, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), f]);
  });
  return [...groups.values()].map((facts) => ({ facts }));
}
