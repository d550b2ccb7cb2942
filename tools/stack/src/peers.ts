import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  NATS_SERVER_MISSING,
  findNatsServer,
  isPortFree,
  probeMongo,
  probeNats,
  redactUrl,
  startFerretdb,
  startNatsServer,
} from '@vplan/testing';
import type { StackConfig } from './config';
import type { StackEntry } from './record';

const say = (line: string): void => {
  process.stderr.write(`stack: ${line}\n`);
};

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** host and port of a single-host URL on this machine, or an error saying why not. */
function localAddress(url: string, defaultPort: number, variable: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${variable}: ${redactUrl(url)} is not a URL`);
  }
  if (!LOCAL_HOSTS.has(parsed.hostname) || parsed.host.includes(',')) {
    throw new Error(
      `${variable}: ${redactUrl(url)} does not answer, and the stack only starts servers on this machine (127.0.0.1)`,
    );
  }
  const host = parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.hostname;
  return { host, port: parsed.port === '' ? defaultPort : Number(parsed.port) };
}

/** nats-server from Debian's package; installed with apt-get when missing and we are root. */
function natsServerBinary(): void {
  if (findNatsServer() !== undefined) return;
  if (process.getuid?.() !== 0) throw new Error(NATS_SERVER_MISSING.replace('run `', 'run `sudo '));
  say('nats-server is missing: apt-get install -y nats-server');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', 'nats-server'], {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  let result = install();
  if (result.status !== 0 && result.error === undefined) {
    spawnSync('apt-get', ['update'], { stdio: ['ignore', process.stderr, process.stderr] });
    result = install();
  }
  if (result.status !== 0 || findNatsServer() === undefined) {
    throw new Error(`installing nats-server with apt-get failed; ${NATS_SERVER_MISSING}`);
  }
}

export interface PeerOutcome {
  url: string;
  /** Set when the stack started the peer (it stops it on stack:down). */
  started?: StackEntry;
}

export async function ensureNats(
  config: StackConfig,
  logsDir: string,
  storeDir: string,
): Promise<PeerOutcome> {
  const probe = await probeNats(config.natsUrl);
  if (probe.ok) {
    say(`NATS: using ${redactUrl(config.natsUrl)}`);
    return { url: config.natsUrl };
  }
  if (probe.reachable) throw new Error(`NATS_URL: ${probe.reason}`);
  const { host, port } = localAddress(config.natsUrl, 4222, 'NATS_URL');
  if (!(await isPortFree(port, host))) {
    throw new Error(
      `NATS_URL: port ${port} is taken by something that is not NATS (${probe.reason})`,
    );
  }
  natsServerBinary();
  say(`NATS: ${probe.reason}; starting nats-server -js on ${host}:${port} (store ${storeDir})`);
  const logFile = path.join(logsDir, 'nats-server.log');
  const nats = await startNatsServer({ port, host, storeDir, logFile, detached: true });
  const match = nats.process.child.spawnfile;
  return {
    url: nats.url,
    started: {
      name: 'nats-server',
      kind: 'peer',
      pid: nats.process.pid,
      port,
      match,
      log: logFile,
    },
  };
}

export async function ensureMongo(
  config: StackConfig,
  logsDir: string,
  dir: string,
): Promise<PeerOutcome> {
  const probe = await probeMongo(config.mongoUri);
  if (probe.ok) {
    say(`MongoDB: using ${redactUrl(config.mongoUri)}`);
    return { url: config.mongoUri };
  }
  const { host, port } = localAddress(config.mongoUri, 27017, 'MONGODB_URI');
  if (!(await isPortFree(port, host))) {
    throw new Error(
      `MONGODB_URI: port ${port} is taken by something that does not answer MongoDB's ping (${probe.reason})`,
    );
  }
  say(`MongoDB: ${probe.reason}; starting FerretDB on ${host}:${port} (SQLite in ${dir})`);
  const logFile = path.join(logsDir, 'ferretdb.log');
  const ferretdb = await startFerretdb({
    port,
    host,
    dir,
    logFile,
    detached: true,
    logLevel: 'info',
  });
  const match = ferretdb.process.child.spawnfile;
  return {
    url: ferretdb.uri,
    started: {
      name: 'ferretdb',
      kind: 'peer',
      pid: ferretdb.process.pid,
      port,
      match,
      log: logFile,
    },
  };
}
