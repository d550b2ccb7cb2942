import { readFile } from 'node:fs/promises';
import { formatCsvRow } from '@vplan/formats';
import { toInputError } from '@vplan/file-input';
import {
  probePrometheus,
  probeVsphere,
  type HostFacts,
  type SnmpCredential,
  type SshCredential,
} from '@vplan/probes';
import { UsageError } from './options';
import type { DiscoverFlags } from './discover';

// What `vplan discover` reads besides the addresses: credentials (from files and the
// environment only) and the managers (vCenter, Prometheus); and its workload rows.

/** A secret from the environment variable named by a flag. */
export function secret(variable: string | undefined, flag: string): string | undefined {
  if (variable === undefined) return undefined;
  const value = process.env[variable];
  if (value === undefined || value === '')
    throw new UsageError(`${flag} ${variable}: the environment variable is not set`);
  return value;
}

export async function credentials(flags: DiscoverFlags): Promise<{
  ssh?: SshCredential;
  snmp?: SnmpCredential;
}> {
  let ssh: SshCredential | undefined;
  if (flags.sshUser !== undefined) {
    const password = secret(flags.sshPasswordEnv, '--ssh-password-env');
    const privateKey =
      flags.sshKey !== undefined
        ? await readFile(flags.sshKey).catch((error: unknown) => {
            throw toInputError(flags.sshKey!, error);
          })
        : undefined;
    if (!password && !privateKey)
      throw new UsageError('--ssh-user needs --ssh-key <file> or --ssh-password-env <var>');
    ssh = {
      username: flags.sshUser,
      ...(password ? { password } : {}),
      ...(privateKey ? { privateKey } : {}),
    };
  } else if (flags.sshKey !== undefined || flags.sshPasswordEnv !== undefined) {
    throw new UsageError('--ssh-key and --ssh-password-env need --ssh-user');
  }
  let snmp: SnmpCredential | undefined;
  const community = secret(flags.snmpCommunityEnv, '--snmp-community-env');
  if (community !== undefined) snmp = { version: '2c', community };
  if (flags.snmpUser !== undefined) {
    const authKey = secret(flags.snmpAuthEnv, '--snmp-auth-env');
    const privKey = secret(flags.snmpPrivEnv, '--snmp-priv-env');
    if (!authKey || !privKey)
      throw new UsageError('--snmp-user needs --snmp-auth-env and --snmp-priv-env');
    snmp = { version: '3', user: flags.snmpUser, authKey, privKey };
  }
  return { ...(ssh ? { ssh } : {}), ...(snmp ? { snmp } : {}) };
}

export type Sample = {
  readonly metric: 'cpu' | 'memory';
  readonly at: string;
  readonly value: number;
  readonly unit?: string;
};

/** One long-format workload row: epoch seconds, asset, metric (cpu_mhz, cpu_pct, memory_gb), value. */
export function sampleRow(asset: string, s: Sample): string {
  const share = s.metric === 'cpu' && s.unit === 'share';
  return formatCsvRow([
    String(Math.floor(Date.parse(s.at) / 1000)),
    asset,
    s.metric === 'memory' ? 'memory_gb' : share ? 'cpu_pct' : 'cpu_mhz',
    String(Math.round((share ? s.value * 100 : s.value) * 1000) / 1000),
  ]);
}

/**
 * Facts and samples from the managers: vCenter (hosts, and the powered-on VMs with their
 * 5-minute history; templates and powered-off VMs left out) and Prometheus (node_exporter
 * instances with their usage series). A failure is a `problem:` line, not the end of the run.
 */
export async function readManagers(
  flags: DiscoverFlags,
  progress: { phase: (text: string) => void },
  problems: string[],
): Promise<{ facts: HostFacts[]; samples: { facts: HostFacts; samples: Sample[] }[] }> {
  const facts: HostFacts[] = [];
  const samples: { facts: HostFacts; samples: Sample[] }[] = [];
  const to = new Date();
  const from = new Date(to.getTime() - flags.historyHours * 3_600_000);
  if (flags.vcenter) {
    if (!flags.vcenterUser)
      throw new UsageError('--vcenter needs --vcenter-user and --vcenter-password-env');
    const password = secret(flags.vcenterPasswordEnv, '--vcenter-password-env');
    if (!password) throw new UsageError('--vcenter needs --vcenter-password-env <var>');
    progress.phase(`reading vCenter ${flags.vcenter}`);
    try {
      const result = await probeVsphere(
        { url: flags.vcenter, ...(flags.insecure ? { insecure: true } : {}) },
        { username: flags.vcenterUser, password },
        { timeoutMs: Math.max(flags.timeoutMs, 120_000), perf: { from, to } },
      );
      const hostName = new Map(result.hosts.map((h) => [h.ref, h] as const));
      facts.push(
        ...result.hosts.map((h) => ({
          ...h,
          placement: {
            ...(h.datacenter !== undefined ? { datacenter: h.datacenter } : {}),
            ...(h.cluster !== undefined ? { cluster: h.cluster } : {}),
          },
        })),
      );
      const placed = new Map(result.placement.map((p) => [p.vm, p] as const));
      const vms = result.vms
        .filter((vm) => vm.template !== true && vm.powerState !== 'poweredOff')
        .map((vm) => {
          const where = placed.get(vm.name) ?? placed.get(vm.ref);
          const host = vm.hostRef !== undefined ? hostName.get(vm.hostRef) : undefined;
          return {
            ...vm,
            placement: {
              ...(host?.datacenter !== undefined ? { datacenter: host.datacenter } : {}),
              ...(where?.cluster !== undefined ? { cluster: where.cluster } : {}),
              ...(where?.host !== undefined ? { host: where.host } : {}),
            },
          };
        });
      facts.push(...vms);
      const byRef = new Map(vms.map((vm) => [vm.ref, vm] as const));
      const perVm = new Map<HostFacts, Sample[]>();
      for (const s of result.samples ?? []) {
        const vm = byRef.get(s.ref);
        if (vm) perVm.set(vm, [...(perVm.get(vm) ?? []), s]);
      }
      for (const [vm, list] of perVm) samples.push({ facts: vm, samples: list });
    } catch (error) {
      problems.push(`vcenter ${flags.vcenter}: ${(error as Error).message}`);
    }
  }
  if (flags.prometheus) {
    const token = secret(flags.prometheusTokenEnv, '--prometheus-token-env');
    progress.phase(`reading Prometheus ${flags.prometheus}`);
    try {
      const result = await probePrometheus(flags.prometheus, {
        timeoutMs: Math.max(flags.timeoutMs, 30_000),
        historySeconds: flags.historyHours * 3600,
        ...(token ? { bearerToken: token } : {}),
      });
      facts.push(...result.facts);
      for (const f of result.facts) {
        const list = result.samples.filter((s) => s.instance === f.source.target);
        if (list.length > 0) samples.push({ facts: f, samples: list });
      }
    } catch (error) {
      problems.push(`prometheus ${flags.prometheus}: ${(error as Error).message}`);
    }
  }
  return { facts, samples };
}
