import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { hostProcess } from './host-process';
import { repoRoot } from './paths';
import { probeMongo } from './probes';
import { killNow, spawnLogged, waitReady, type LoggedProcess } from './processes';

/** tools/ferretdb/build.js: our main.go embedding FerretDB 1.24.2, built with Go. */
export const FERRETDB_BUILD_SCRIPT = path.join(repoRoot, 'tools', 'ferretdb', 'build.js');

/**
 * Builds the FerretDB binary when missing or outdated (progress on stderr) and returns its
 * path. Runs build.js as a child so a minute-long Go build does not block the event loop.
 */
export async function buildFerretdb(): Promise<string> {
  const child = spawn(hostProcess.execPath, [FERRETDB_BUILD_SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `building FerretDB failed (node ${path.relative(repoRoot, FERRETDB_BUILD_SCRIPT)} exited with ${code}; its reason is on stderr above)`,
    );
  }
  return stdout.trim();
}

export interface StartFerretdbOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite directory (created). */
  dir: string;
  logFile: string;
  detached?: boolean;
  /** debug, info, warn or error (default warn). */
  logLevel?: string;
  /** Default 30 000 ms (after the build). */
  readyTimeoutMs?: number;
}

export interface StartedFerretdb {
  uri: string;
  process: LoggedProcess;
}

/** Builds FerretDB if needed, starts it on SQLite and waits until it answers `ping`. */
export async function startFerretdb(options: StartFerretdbOptions): Promise<StartedFerretdb> {
  const binary = await buildFerretdb();
  const host = options.host ?? '127.0.0.1';
  fs.mkdirSync(options.dir, { recursive: true });
  const proc = await spawnLogged({
    name: 'ferretdb',
    command: binary,
    args: [
      '-listen',
      `${host}:${options.port}`,
      '-dir',
      options.dir,
      '-log-level',
      options.logLevel ?? 'warn',
    ],
    logFile: options.logFile,
    detached: options.detached,
  });
  const uri = `mongodb://${host}:${options.port}`;
  try {
    await waitReady(
      proc,
      async () => {
        const probe = await probeMongo(uri, { timeoutMs: 1000 });
        return probe.ok ? undefined : probe.reason;
      },
      { timeoutMs: options.readyTimeoutMs ?? 30_000, what: `answer at ${uri}` },
    );
  } catch (error) {
    killNow(proc);
    throw error;
  }
  return { uri, process: proc };
}
