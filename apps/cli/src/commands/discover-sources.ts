import { readFile } from 'node:fs/promises';
import { formatCsvRow } from '@vplan/formats';
import { toInputError } from '@vplan/file-input';
import type {
  GridSample,
  KubernetesSource,
  PrometheusSource,
  SnmpCredential,
  SshCredential,
  VcenterSource,
} from '@vplan/probes';
import { UsageError } from './options';
import type { DiscoverFlags } from './discover';

// What `vplan discover` reads besides the addresses: credentials (from files and the
// environment only) and the managers (vCenter, Prometheus, Kubernetes); and its workload rows.

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

/** One long-format workload row: epoch seconds, asset, metric (cpu_mhz, cpu_pct, memory_gb), value. */
export function sampleRow(asset: string, s: GridSample): string {
  return formatCsvRow([String(s.at), asset, s.metric, String(s.value)]);
}

/** The vCenter and Prometheus of the flags, with their secrets from the environment. */
export function managerSources(flags: DiscoverFlags): {
  vcenters?: VcenterSource[];
  prometheus?: PrometheusSource[];
} {
  const out: { vcenters?: VcenterSource[]; prometheus?: PrometheusSource[] } = {};
  if (flags.vcenter) {
    if (!flags.vcenterUser)
      throw new UsageError('--vcenter needs --vcenter-user and --vcenter-password-env');
    const password = secret(flags.vcenterPasswordEnv, '--vcenter-password-env');
    if (!password) throw new UsageError('--vcenter needs --vcenter-password-env <var>');
    out.vcenters = [
      {
        url: flags.vcenter,
        ...(flags.insecure ? { insecure: true } : {}),
        credential: { username: flags.vcenterUser, password },
      },
    ];
  }
  if (flags.prometheus) {
    const token = secret(flags.prometheusTokenEnv, '--prometheus-token-env');
    out.prometheus = [{ url: flags.prometheus, ...(token ? { bearerToken: token } : {}) }];
  }
  return out;
}

/**
 * The Kubernetes cluster of `--kubeconfig` (read here, never printed) and `--kube-context`.
 * The user's own kubeconfig may log in through a command (`exec`, as cloud CLIs write).
 */
export async function kubernetesSources(
  flags: DiscoverFlags,
): Promise<KubernetesSource[] | undefined> {
  if (flags.kubeconfig === undefined) {
    if (flags.kubeContext !== undefined) throw new UsageError('--kube-context needs --kubeconfig');
    return undefined;
  }
  const file = flags.kubeconfig;
  const kubeconfig = await readFile(file, 'utf8').catch((error: unknown) => {
    throw toInputError(file, error);
  });
  return [
    {
      kubeconfig,
      ...(flags.kubeContext !== undefined ? { context: flags.kubeContext } : {}),
      allowExec: true,
    },
  ];
}
