import net from 'node:net';
import { parseCidr } from '@vplan/formats';
import type { HostFacts } from '../host-facts';

/** Most addresses one scan expands to by default (a /16). */
export const DEFAULT_MAX_TARGETS = 65_536;

export type ExpandOutcome =
  | { readonly ok: true; readonly targets: string[] }
  | { readonly ok: false; readonly message: string };

/**
 * Expands IPv4 CIDR ranges and hosts into the addresses to sweep, in order, without
 * duplicates. A range of /30 or wider leaves out its network and broadcast addresses (no
 * host answers there); /31 and /32 keep every address. Hosts (addresses or DNS names) are
 * taken as written. IPv6 ranges are refused (a /64 cannot be swept); IPv6 hosts are kept.
 * Counts before expanding: more than `max` addresses is refused, naming the count.
 */
export function expandTargets(
  cidrs: readonly string[],
  hosts: readonly string[],
  max: number = DEFAULT_MAX_TARGETS,
): ExpandOutcome {
  const ranges: { first: number; size: number }[] = [];
  let count = hosts.length;
  for (const text of cidrs) {
    const cidr = parseCidr(text.trim());
    if (!cidr.ok) return { ok: false, message: `${text}: ${cidr.message}` };
    if (cidr.value.includes(':')) {
      return { ok: false, message: `${text}: IPv6 ranges are not swept; list IPv6 hosts instead` };
    }
    const [address, prefixText] = cidr.value.split('/') as [string, string];
    const prefix = Number(prefixText);
    const network = ipv4ToNumber(address);
    const span = 2 ** (32 - prefix);
    const range =
      prefix <= 30 ? { first: network + 1, size: span - 2 } : { first: network, size: span };
    ranges.push(range);
    count += range.size;
  }
  if (count > max) {
    return {
      ok: false,
      message: `the targets expand to ${count} addresses, more than the ${max} allowed in one scan: split the ranges`,
    };
  }
  const seen = new Set<string>();
  const targets: string[] = [];
  const add = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    targets.push(t);
  };
  for (const { first, size } of ranges) {
    for (let i = 0; i < size; i++) add(numberToIpv4(first + i));
  }
  for (const host of hosts) add(host.trim().toLowerCase());
  return { ok: true, targets };
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Ports a sweep tries by default: SSH, HTTP(S), WinRM, printers (JetDirect), RDP. */
export const DEFAULT_SWEEP_PORTS: readonly number[] = [22, 80, 443, 5985, 5986, 9100, 3389];

/** nmap's names of the default ports, for the services of the facts. */
const SERVICE_NAMES: Readonly<Record<number, string>> = {
  22: 'ssh',
  80: 'http',
  443: 'https',
  3389: 'ms-wbt-server',
  5985: 'wsman',
  5986: 'wsmans',
  9100: 'jetdirect',
};

export interface SweepOptions {
  /** TCP ports tried on every target; default {@link DEFAULT_SWEEP_PORTS}. */
  readonly ports?: readonly number[];
  /** Most sockets open at once (connecting or closing); default 64. */
  readonly concurrency?: number;
  /** Time one connect may take before the socket is destroyed, ms; default 1,000. */
  readonly timeoutMs?: number;
  /** Most connects started per second (all targets together); default unbounded. */
  readonly ratePerSecond?: number;
  /** Retries of a connect that timed out; default 1. Refused or unreachable is final. */
  readonly retries?: number;
  /** Full-jitter backoff before retry n: uniform in [0, min(cap, base·2ⁿ)) ms; defaults 100 and 2,000. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Cancels the sweep: every socket is destroyed and `sweep` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called each time every port of one more target has been tried. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called as soon as a target is known to have an open port (before the sweep ends). */
  readonly onHost?: (facts: HostFacts) => void;
  /** Randomness of the jitter, [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Opens a socket; default `net.createConnection` (tests count sockets through it). */
  readonly connect?: (port: number, host: string) => net.Socket;
}

type Attempt =
  | { readonly kind: 'open'; readonly address: string | undefined }
  | { readonly kind: 'closed' | 'timeout' };

/** Errors that mean this machine is out of sockets: the sweep stops rather than report ports closed. */
const FATAL_CODES = new Set(['EMFILE', 'ENFILE', 'ENOBUFS']);

/**
 * TCP connect sweep: tries every port of every target, at most `concurrency` sockets
 * open at any time (a socket counts until its `close` event, so file descriptors stay
 * bounded), each destroyed when connected, refused, or after `timeoutMs`. A port is open
 * when the connect completes (a listener that never answers is open). Returns, in target
 * order, one `HostFacts` (kind `tcp`, `identity.ips`, `services` tcp) per target with at
 * least one open port; targets with none are left out.
 */
export async function sweep(
  targets: readonly string[],
  options: SweepOptions = {},
): Promise<HostFacts[]> {
  const ports = options.ports ?? DEFAULT_SWEEP_PORTS;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 64));
  const { signal } = options;
  signal?.throwIfAborted();
  const total = targets.length;
  const jobs = total * ports.length;
  const remaining = new Int32Array(total).fill(ports.length);
  const open = new Map<number, { ports: number[]; address?: string }>();
  const found: { index: number; facts: HostFacts }[] = [];
  const scope = new Scope(signal);
  const rate = rateLimiter(options.ratePerSecond, scope);
  let next = 0;
  let done = 0;
  let fatal: Error | undefined;

  const tryPort = async (target: string, port: number): Promise<Attempt> => {
    const retries = options.retries ?? 1;
    for (let attempt = 0; ; attempt++) {
      await rate();
      const outcome = await connectOnce(target, port, options, scope);
      if (outcome.kind !== 'timeout' || attempt >= retries) return outcome;
      const cap = Math.min(options.retryCapMs ?? 2000, (options.retryBaseMs ?? 100) * 2 ** attempt);
      await scope.sleep((options.random ?? Math.random)() * cap);
    }
  };

  const worker = async (): Promise<void> => {
    while (next < jobs && fatal === undefined) {
      const job = next++;
      const index = Math.floor(job / ports.length);
      const target = targets[index]!;
      const port = ports[job % ports.length]!;
      let outcome: Attempt;
      try {
        outcome = await tryPort(target, port);
      } catch (error) {
        fatal ??= error as Error;
        return;
      }
      if (outcome.kind === 'open') {
        const entry = open.get(index) ?? { ports: [] };
        entry.ports.push(port);
        if (outcome.address !== undefined) entry.address = outcome.address;
        open.set(index, entry);
      }
      remaining[index] = remaining[index]! - 1;
      if (remaining[index] === 0) {
        done++;
        const entry = open.get(index);
        if (entry) {
          open.delete(index);
          const facts = factsOf(target, entry.address, entry.ports);
          found.push({ index, facts });
          options.onHost?.(facts);
        }
        options.onProgress?.(done, total);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(jobs, 1)) }, worker));
  } finally {
    scope.close();
  }
  if (fatal) throw fatal;
  signal?.throwIfAborted();
  return found.sort((a, b) => a.index - b.index).map((f) => f.facts);
}

function factsOf(target: string, address: string | undefined, ports: number[]): HostFacts {
  const isAddress = net.isIP(target) !== 0;
  const ip = isAddress ? target : address;
  return {
    source: { kind: 'tcp', target },
    identity: {
      ...(ip ? { ips: [ip] } : {}),
      ...(isAddress ? {} : { hostname: target }),
    },
    hardware: {},
    services: [...ports]
      .sort((a, b) => a - b)
      .map((port) => ({
        port,
        protocol: 'tcp' as const,
        ...(SERVICE_NAMES[port] ? { name: SERVICE_NAMES[port] } : {}),
      })),
    warnings: [],
  };
}

/**
 * What a cancel must reach: the sockets open and the sleeps pending. One abort listener
 * for the whole sweep (not one per socket: a signal warns past 10 listeners).
 */
class Scope {
  readonly sockets = new Set<net.Socket>();
  private readonly sleeps = new Set<() => void>();

  constructor(readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', this.cancel, { once: true });
  }

  readonly cancel = (): void => {
    for (const socket of this.sockets) socket.destroy();
    for (const wake of this.sleeps) wake();
  };

  close(): void {
    this.signal?.removeEventListener('abort', this.cancel);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.signal?.throwIfAborted();
      const wake = () => {
        clearTimeout(timer);
        this.sleeps.delete(wake);
        if (this.signal?.aborted) reject(this.signal.reason as Error);
        else resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeps.add(wake);
    });
  }
}

/** One connect; resolves once the socket has closed, whatever happened. */
function connectOnce(
  target: string,
  port: number,
  options: SweepOptions,
  scope: Scope,
): Promise<Attempt> {
  scope.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    let outcome: Attempt = { kind: 'closed' };
    let failure: Error | undefined;
    let socket: net.Socket;
    try {
      socket = (options.connect ?? ((p, h) => net.createConnection({ port: p, host: h })))(
        port,
        target,
      );
    } catch (error) {
      // A target the socket layer refuses outright (not an address, bad port) is closed.
      if (FATAL_CODES.has((error as NodeJS.ErrnoException).code ?? '')) reject(error as Error);
      else resolve(outcome);
      return;
    }
    scope.sockets.add(socket);
    const timer = setTimeout(() => {
      outcome = { kind: 'timeout' };
      socket.destroy();
    }, options.timeoutMs ?? 1000);
    socket.once('connect', () => {
      outcome = { kind: 'open', address: socket.remoteAddress };
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (FATAL_CODES.has(error.code ?? '')) {
        failure = new Error(`sweep stopped: ${error.code} opening a socket to ${target}:${port}`);
      }
    });
    socket.once('close', () => {
      clearTimeout(timer);
      scope.sockets.delete(socket);
      if (scope.signal?.aborted) reject(scope.signal.reason as Error);
      else if (failure) reject(failure);
      else resolve(outcome);
    });
  });
}

/** Spaces connects `1000 / rate` ms apart (all workers share the schedule); no limit when undefined. */
function rateLimiter(ratePerSecond: number | undefined, scope: Scope): () => Promise<void> {
  if (ratePerSecond === undefined || ratePerSecond <= 0) return async () => {};
  const gap = 1000 / ratePerSecond;
  let slot = 0;
  return async () => {
    const now = performance.now();
    slot = Math.max(slot, now);
    const wait = slot - now;
    slot += gap;
    if (wait > 0) await scope.sleep(wait);
  };
}
