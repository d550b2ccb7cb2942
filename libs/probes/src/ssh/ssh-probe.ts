import { parseDmidecode } from '../dmidecode/dmidecode';
import {
  plausible,
  type FactWarning,
  type HostFacts,
  type HostHardware,
  type HostIdentity,
} from '../host-facts';
import { parseLscpu } from '../lscpu/lscpu';
import type { HostKeyStore } from './host-key-store';
import { ProbeError } from './probe-error';
import { CommandRunner } from './ssh-commands';
import {
  connectSsh,
  type HostKeyVerdict,
  type SshCredential,
  type SshSession,
  type SshTarget,
} from './ssh-connection';
import {
  diskGiBOf,
  dmiValueOf,
  hostNameOf,
  interfacesOf,
  listeningOf,
  memoryGiBOf,
  osOf,
  parseMeminfo,
  parseOsRelease,
  pciDevicesOf,
  usbDevicesOf,
} from './ssh-outputs';
import { readUsage, usageSamples, type UsageReading, type UsageSample } from './ssh-sample';

export interface SshProbeOptions {
  readonly hostKeys: HostKeyStore;
  /** TCP connection, handshake and login, ms; also each command's limit unless `commandTimeoutMs`. */
  readonly timeoutMs: number;
  /** Read dmidecode through `sudo -n` (never prompts); a refusal is a warning. Default false. */
  readonly sudo?: boolean;
  /** Seconds between the two utilization readings (default 60; 0: no sample). */
  readonly sampleSeconds?: number;
  readonly signal?: AbortSignal;
  /** Per-command limit, ms (default `timeoutMs`). */
  readonly commandTimeoutMs?: number;
  /** Bytes of output read per command (default 4 MiB). */
  readonly maxOutputBytes?: number;
  /** The clock for sample times (default the system clock). */
  readonly now?: () => Date;
}

export interface SshProbeResult {
  readonly facts: HostFacts;
  /** Utilization over the sample window (cpu MHz, memory GiB), empty when not sampled. */
  readonly samples: readonly UsageSample[];
  readonly hostKey: HostKeyVerdict;
}

/**
 * Logs in over SSH (password or key; host key pinned in `hostKeys`, trust on first use)
 * and reads the facts of a Linux/Unix machine from os-release, uname, hostname, lscpu or
 * /proc/cpuinfo, /proc/meminfo, dmidecode (root, or `sudo -n` when `sudo`), /sys/class/dmi,
 * lsblk, `ip -j addr`, lsusb, lspci and `ss`, plus a utilization sample. Tools that are
 * not installed are skipped. Fails with a {@link ProbeError}, never with a credential in
 * its message; the connection is closed on every path.
 */
export async function probeSsh(
  target: SshTarget,
  credential: SshCredential,
  options: SshProbeOptions,
): Promise<SshProbeResult> {
  const where = `${target.host}:${target.port}`;
  let session: SshSession | undefined;
  const onAbort = (): void => session?.close();
  try {
    const connection = await connectSsh(target, credential, options);
    session = connection.session;
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const runner = new CommandRunner(session, where, {
      timeoutMs: options.commandTimeoutMs ?? options.timeoutMs,
      maxBytes: options.maxOutputBytes,
      signal: options.signal,
    });
    const now = options.now ?? (() => new Date());
    const sampleSeconds = options.sampleSeconds ?? 60;
    const first = sampleSeconds > 0 ? await reading(runner, now) : undefined;
    const facts = await collectFacts(runner, where, connection.fingerprint, options.sudo ?? false);
    let samples: UsageSample[] = [];
    if (first !== undefined) {
      await pause(first.at.getTime() + sampleSeconds * 1000 - now().getTime(), options.signal);
      const last = await reading(runner, now);
      if (last !== undefined) samples = usageSamples(first, last, facts.hardware);
    }
    const unsampled: FactWarning[] =
      sampleSeconds > 0 && samples.length === 0
        ? [{ where: `ssh://${where}`, message: 'no utilization sample: /proc/stat unreadable' }]
        : [];
    return {
      facts: { ...facts, warnings: [...facts.warnings, ...unsampled] },
      samples,
      hostKey: connection.hostKey,
    };
  } catch (error) {
    throw safeError(error, where, credential, options.signal);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    session?.close();
  }
}

async function reading(runner: CommandRunner, now: () => Date): Promise<UsageReading | undefined> {
  const at = now();
  const text = await runner.text('cat /proc/stat /proc/meminfo');
  return text === undefined ? undefined : readUsage(text, at);
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function collectFacts(
  runner: CommandRunner,
  where: string,
  sshHostKey: string,
  sudo: boolean,
): Promise<HostFacts> {
  const warnings: FactWarning[] = [];
  const file = (what: string): string => `ssh://${where}/${what}`;
  const osRelease = parseOsRelease((await runner.text('cat /etc/os-release')) ?? '');
  const uname = await runner.text('uname -srm');
  const hostname = hostNameOf(await runner.text('hostname'));
  const fqdn = hostNameOf(await runner.text('hostname -f'));
  const root = (await runner.text('id -u'))?.trim() === '0';

  let cpu: HostHardware = {};
  const lscpu = await runner.text('lscpu');
  if (lscpu !== undefined) cpu = cpuFacts(parseLscpu(lscpu, file('lscpu')), warnings);
  if (cpu.threads === undefined || cpu.cpuMhz === undefined || cpu.cpuModel === undefined) {
    const cpuinfo = await runner.text('cat /proc/cpuinfo');
    if (cpuinfo !== undefined) {
      cpu = { ...cpuFacts(parseLscpu(cpuinfo, file('proc/cpuinfo')), warnings), ...cpu };
    }
  }
  const meminfo = parseMeminfo((await runner.text('cat /proc/meminfo')) ?? '');
  const memoryGiB = plausible('memoryGiB', memoryGiBOf(meminfo), file('proc/meminfo'), warnings);

  const dmi = await dmiFacts(runner, root, sudo, file('dmidecode'), warnings);
  const sysfs = {
    biosUuid: dmiValueOf(await runner.text('cat /sys/class/dmi/id/product_uuid')),
    serial: dmiValueOf(await runner.text('cat /sys/class/dmi/id/product_serial')),
    vendor: dmiValueOf(await runner.text('cat /sys/class/dmi/id/sys_vendor')),
    model: dmiValueOf(await runner.text('cat /sys/class/dmi/id/product_name')),
  };
  const lsblk = await runner.text('lsblk -J -b -d -o NAME,SIZE,TYPE');
  const diskGiB = plausible('diskGiB', diskGiBOf(lsblk ?? ''), file('lsblk'), warnings);
  const interfaces = interfacesOf((await runner.text('ip -j addr')) ?? '');
  const devices = [
    ...usbDevicesOf((await runner.text('lsusb')) ?? ''),
    ...pciDevicesOf((await runner.text('lspci -mm')) ?? ''),
  ];
  const services = listeningOf((await runner.text('ss -Htln')) ?? '');
  if (runner.missing.length > 0) {
    runner.note(runner.missing.join(', '), `not installed, skipped: ${runner.missing.join(', ')}`);
  }

  const macs = [...new Set(interfaces.flatMap((i) => (i.mac !== undefined ? [i.mac] : [])))];
  const ips = [...new Set(interfaces.flatMap((i) => i.ips ?? []))];
  const identity: HostIdentity = compact({
    biosUuid: dmi.identity.biosUuid ?? sysfs.biosUuid,
    serial: dmi.identity.serial ?? sysfs.serial,
    macs: macs.length > 0 ? macs : undefined,
    hostname: hostname?.split('.')[0],
    fqdn: fqdn?.includes('.') ? fqdn : hostname?.includes('.') ? hostname : undefined,
    ips: ips.length > 0 ? ips : undefined,
    sshHostKey,
  });
  const hardware: HostHardware = compact({
    vendor: dmi.hardware.vendor ?? sysfs.vendor,
    model: dmi.hardware.model ?? sysfs.model,
    ...cpu,
    virtualization: cpu.virtualization ?? dmi.hardware.virtualization,
    memoryGiB,
    diskGiB,
  });
  return {
    source: { kind: 'ssh', target: where },
    where,
    identity,
    hardware,
    os: osOf(uname, osRelease),
    ...(services.length > 0 ? { services } : {}),
    ...(devices.length > 0 ? { devices } : {}),
    ...(interfaces.length > 0 ? { interfaces } : {}),
    warnings: [...warnings, ...runner.warnings],
  };
}

/** The CPU part of `parseLscpu`'s facts, its warnings kept. */
function cpuFacts(parsed: ReturnType<typeof parseLscpu>, warnings: FactWarning[]): HostHardware {
  if (!parsed.ok) {
    warnings.push({ where: parsed.error.file, message: parsed.error.message });
    return {};
  }
  const facts = parsed.value[0];
  if (facts === undefined) return {};
  warnings.push(...facts.warnings);
  return facts.hardware;
}

/** dmidecode as root, or through `sudo -n` when allowed; a refusal is a warning. */
async function dmiFacts(
  runner: CommandRunner,
  root: boolean,
  sudo: boolean,
  file: string,
  warnings: FactWarning[],
): Promise<Pick<HostFacts, 'identity' | 'hardware'>> {
  if (!root && !sudo) return { identity: {}, hardware: {} };
  const command = root ? 'dmidecode' : 'sudo -n dmidecode';
  const result = await runner.run(command);
  if (!result.ok) {
    if (!result.missing) {
      runner.note(command, `${command} was refused or failed: no SMBIOS facts`);
    }
    return { identity: {}, hardware: {} };
  }
  const parsed = parseDmidecode(result.text, file);
  if (!parsed.ok) {
    warnings.push({ where: parsed.error.file, message: parsed.error.message });
    return { identity: {}, hardware: {} };
  }
  const facts = parsed.value[0];
  if (facts === undefined) return { identity: {}, hardware: {} };
  warnings.push(...facts.warnings);
  const { vendor, model, virtualization } = facts.hardware;
  return {
    identity: compact({ biosUuid: facts.identity.biosUuid, serial: facts.identity.serial }),
    hardware: compact({ vendor, model, virtualization }),
  };
}

/** The object without its undefined fields (so `a ?? b` merges read naturally). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Every failure as a ProbeError whose message holds no secret: a cancelled probe is
 * `cancelled`, anything unexpected a `command` error, and any credential text that slipped
 * into a message (it should not) is replaced.
 */
function safeError(
  error: unknown,
  where: string,
  credential: SshCredential,
  signal: AbortSignal | undefined,
): ProbeError {
  if (signal?.aborted) return new ProbeError(where, 'cancelled', `ssh ${where}: cancelled`);
  const probeError =
    error instanceof ProbeError
      ? error
      : new ProbeError(where, 'command', `ssh ${where}: the probe failed unexpectedly`);
  const keyLines = (keyText(credential.privateKey) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 8 && !line.startsWith('-----'));
  const secrets = [credential.password, credential.passphrase, ...keyLines].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  let message = probeError.message;
  for (const secret of secrets) message = message.split(secret).join('***');
  return message === probeError.message
    ? probeError
    : new ProbeError(probeError.target, probeError.stage, message);
}

const keyText = (key: string | Buffer | undefined): string | undefined =>
  key === undefined ? undefined : typeof key === 'string' ? key : key.toString('utf8');
