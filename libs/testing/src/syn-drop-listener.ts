import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { spawnLogged, stopPid, tailFile } from './processes';

/**
 * A TCP port whose connects time out, deterministically and on loopback: a listener
 * (perl, which is part of every Debian system) that never accepts, with a backlog of 0,
 * whose one queue place this starter fills with a connection it keeps open. Linux drops
 * every further SYN (the accept queue is full), so a connect hangs until the client's
 * timeout, like a firewalled host. Addresses such as 10.255.255.1 are no blackhole on
 * every machine (a proxy may answer them).
 */
export interface SynDropListener {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const SCRIPT = `use Socket;
socket(S, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
bind(S, pack_sockaddr_in(0, inet_aton($ARGV[0]))) or die "bind: $!";
listen(S, 0) or die "listen: $!";
my ($port) = unpack_sockaddr_in(getsockname(S));
$| = 1;
print "port $port\\n";
sleep 3600;
`;

/** Starts it on `host` (default 127.0.0.2, so ports of 127.0.0.1 stay undisturbed). */
export async function startSynDropListener(host = '127.0.0.2'): Promise<SynDropListener> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-drop-'));
  const logFile = path.join(dir, 'perl.log');
  const proc = await spawnLogged({
    name: 'syn-drop-listener',
    command: 'perl',
    args: ['-e', SCRIPT, host],
    logFile,
  });
  let port: number | undefined;
  for (let i = 0; i < 100 && port === undefined; i++) {
    const match = /^port (\d+)$/m.exec(
      fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '',
    );
    if (match) port = Number(match[1]);
    else if (proc.exit()) break;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (port === undefined) {
    await stopPid(proc.pid, { graceMs: 1000 });
    throw new Error(
      `syn-drop-listener did not start (${proc.exit() ?? 'no port'}): ${tailFile(logFile)}`,
    );
  }
  // Fill the accept queue: connects succeed (the kernel answers) until it is full.
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const socket = await connectWithin(host, port, 500);
    if (!socket) break;
    fillers.push(socket);
  }
  if (fillers.length === 0) {
    await stopPid(proc.pid, { graceMs: 1000 });
    throw new Error(`syn-drop-listener on ${host}:${port} took no connection`);
  }
  const listenPort = port;
  return {
    host,
    port: listenPort,
    pid: proc.pid,
    async stop() {
      for (const socket of fillers) socket.destroy();
      await stopPid(proc.pid, { graceMs: 2000 });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function connectWithin(host: string, port: number, ms: number): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
  });
}
