// The workloads service as a child process (`node apps/workloads/bin/serve.js`), as the
// stack starts it: for runs that kill it with SIGKILL and measure its memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
const SERVE = resolve(REPO, 'apps/workloads/bin/serve.js');

export interface ServiceProcess {
  readonly pid: number;
  /** `http://127.0.0.1:<port>` once ready. */
  readonly base: string;
  /** Highest resident set size so far (VmHWM, bytes; 0 when unknown). */
  peakRss(): number;
  /** Sends a signal and resolves when the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
  /** Lines the process wrote on stderr (its last 200). */
  readonly stderr: string[];
}

/**
 * Starts the service with `env` (on top of this process's environment, on a free port) and resolves
 * when `/workloads/health/ready` answers 200. Rejects if it exits first or is not ready
 * within `timeoutMs`.
 */
export async function startService(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVE], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  let exited = false;
  const gone = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr.push(...text.split('\n').filter(Boolean));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${base}/workloads/health/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      await gone;
      throw new Error(
        `workloads ${exited ? 'exited' : `was not ready within ${timeoutMs} ms`}: ${stderr.slice(-5).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let peak = 0;
  return {
    pid: child.pid!,
    base,
    stderr,
    peakRss() {
      peak = Math.max(peak, vmHwm(child));
      return peak;
    },
    async stop(signal) {
      if (!exited) {
        peak = Math.max(peak, vmHwm(child));
        child.kill(signal);
      }
      await gone;
    },
  };
}

/** VmHWM of a live process in bytes (Linux), else 0. */
function vmHwm(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A TCP port free at the moment of asking. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
