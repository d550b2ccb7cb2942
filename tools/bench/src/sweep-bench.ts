// `npm run bench:sweep`: a TCP sweep of 127.0.0.0/16 (65,534 loopback addresses; all of
// 127/8 loops back on Linux) on two ports, one listened on by every address (0.0.0.0) and
// one closed, with concurrency 512 and a short timeout. Prints the time, targets/s and the
// peak of open file descriptors (/proc/self/fd, sampled while it runs). Asserts nothing.
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { expandTargets, sweep } from '@vplan/probes';

const openFds = (): number => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return Number.NaN;
  }
};

/** The kernel's count of SYNs dropped because a listener's accept queue was full. */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
    return Number(values[header.indexOf('ListenOverflows')]);
  } catch {
    return Number.NaN;
  }
}

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    // Accepts and closes at once: the sweep's connect completes, so the port is open.
    const server = net.createServer((socket) => socket.destroy());
    server.listen({ port: 0, host: '0.0.0.0', backlog: 4096 }, () => resolve(server));
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const cidr = argv[0] ?? '127.0.0.0/16';
  const concurrency = Number(argv[1] ?? 512);
  const timeoutMs = Number(argv[2] ?? 250);
  const expanded = expandTargets([cidr], [], 65_536);
  if (!expanded.ok) throw new Error(expanded.message);
  const server = await listen();
  const closed = await listen();
  const openPort = (server.address() as net.AddressInfo).port;
  const closedPort = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  try {
    const overflowsBefore = listenOverflows();
    const before = openFds();
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, openFds())), 10);
    const t0 = process.hrtime.bigint();
    const hosts = await sweep(expanded.targets, {
      ports: [openPort, closedPort],
      concurrency,
      timeoutMs,
      retries: 1,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    clearInterval(timer);
    const targets = expanded.targets.length;
    process.stdout.write(
      `sweep: ${cidr}, ${targets} targets × 2 ports (${targets * 2} connects), concurrency ${concurrency}, timeout ${timeoutMs} ms\n` +
        `time ${(ms / 1000).toFixed(1)} s (${((targets / ms) * 1000).toFixed(0)} targets/s, ` +
        `${(((targets * 2) / ms) * 1000).toFixed(0)} connects/s); ${hosts.length} hosts found open\n` +
        `open file descriptors: peak ${peak} (before ${before}; the bound is concurrency ${concurrency} plus the listener's accepted sockets)\n` +
        `SYNs the bench's own listener dropped (accept queue full): ${listenOverflows() - overflowsBefore}; ` +
        `a host missed is one whose SYN and retry were both dropped within the timeout\n`,
    );
    return 0;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
