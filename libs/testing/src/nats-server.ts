import fs from 'node:fs';
import path from 'node:path';
import { readEnv } from './host-process';
import { probeNats } from './probes';
import { killNow, spawnLogged, waitReady, type LoggedProcess } from './processes';

export const NATS_SERVER_MISSING =
  'nats-server is not installed: run `apt-get install -y nats-server` (Debian/Ubuntu, as root), ' +
  'or set NATS_URL to a NATS server with JetStream enabled';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The nats-server binary: `NATS_SERVER_BIN`, `nats-server` on PATH, or where Debian's
 * package puts it (/usr/sbin, often not on a non-root PATH). Undefined when none.
 */
export function findNatsServer(): string | undefined {
  const configured = readEnv('NATS_SERVER_BIN');
  if (configured !== undefined) return isExecutable(configured) ? configured : undefined;
  const dirs = (readEnv('PATH') ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const dir of [...dirs, '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin']) {
    const candidate = path.join(dir, 'nats-server');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface StartNatsOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JetStream store directory (created). */
  storeDir: string;
  logFile: string;
  detached?: boolean;
  /** Default 20 000 ms. */
  readyTimeoutMs?: number;
}

export interface StartedNats {
  url: string;
  process: LoggedProcess;
}

/** Starts `nats-server -js` and waits until it answers with JetStream. */
export async function startNatsServer(options: StartNatsOptions): Promise<StartedNats> {
  const binary = findNatsServer();
  if (binary === undefined) throw new Error(NATS_SERVER_MISSING);
  const host = options.host ?? '127.0.0.1';
  fs.mkdirSync(options.storeDir, { recursive: true });
  const proc = await spawnLogged({
    name: 'nats-server',
    command: binary,
    args: ['-a', host, '-p', String(options.port), '-js', '-sd', options.storeDir],
    logFile: options.logFile,
    detached: options.detached,
  });
  const url = `nats://${host}:${options.port}`;
  try {
    await waitReady(
      proc,
      async () => {
        const probe = await probeNats(url, { timeoutMs: 1000 });
        return probe.ok ? undefined : probe.reason;
      },
      { timeoutMs: options.readyTimeoutMs ?? 20_000, what: `answer at ${url}` },
    );
  } catch (error) {
    killNow(proc);
    throw error;
  }
  return { url, process: proc };
}
