import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { hostProcess } from './host-process';
import { errorMessage } from './paths';

export interface SpawnLoggedOptions {
  /** Short name used in messages, e.g. `nats-server`. */
  name: string;
  command: string;
  args: readonly string[];
  /** stdout and stderr are appended here (the folder is created). */
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Detached processes lead their own process group and outlive this process (the dev
   * stack); attached ones are stopped when this process exits (test peers).
   */
  detached?: boolean;
}

export interface LoggedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Leads its own process group (see SpawnLoggedOptions.detached). */
  detached: boolean;
  child: ChildProcess;
  /** Set once the process has exited (or failed to start): how, in words. */
  exit: () => string | undefined;
}

const attached = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when nobody stopped them (a crash, process.exit): no child outlives us.
  hostProcess.on('exit', () => {
    for (const child of attached) child.kill('SIGKILL');
  });
}

/** Starts a process with its output in a log file; throws at once if it cannot be spawned. */
export async function spawnLogged(options: SpawnLoggedOptions): Promise<LoggedProcess> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = fs.openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? hostProcess.env,
      stdio: ['ignore', fd, fd],
      detached: options.detached ?? false,
    });
  } finally {
    fs.closeSync(fd);
  }
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    attached.delete(child);
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => {
      exit = `could not start (${errorMessage(error)})`;
      reject(new Error(`${options.name}: cannot run ${options.command}: ${errorMessage(error)}`));
    });
  });
  if (options.detached) {
    child.unref();
  } else {
    installExitHook();
    attached.add(child);
  }
  return {
    name: options.name,
    pid: child.pid as number,
    logFile: options.logFile,
    detached: options.detached ?? false,
    child,
    exit: () => exit,
  };
}

/** Kills a process that failed to become ready (its whole group when detached). */
export function killNow(proc: LoggedProcess): void {
  try {
    hostProcess.kill(proc.detached ? -proc.pid : proc.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The last `lines` lines of a file, or a note that it cannot be read. */
export function tailFile(file: string, lines = 20): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    return text === '' ? '(empty)' : text.split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${errorMessage(error)})`;
  }
}

export interface WaitReadyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is awaited, for the error message, e.g. `answer at nats://127.0.0.1:4222`. */
  what: string;
}

/**
 * Polls `check` until it returns undefined (ready) and fails, with the tail of the
 * process's log, when the process exits first or the time runs out. `check` returns the
 * reason it is not ready yet.
 */
export async function waitReady(
  proc: LoggedProcess,
  check: () => Promise<string | undefined>,
  options: WaitReadyOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let reason = 'not checked yet';
  for (;;) {
    const exit = proc.exit();
    if (exit !== undefined) {
      throw new Error(
        `${proc.name} (pid ${proc.pid}) ${exit} before it would ${options.what}; last lines of ${proc.logFile}:\n${tailFile(proc.logFile)}`,
      );
    }
    reason = (await check()) ?? '';
    if (reason === '') return;
    if (Date.now() >= deadline) {
      throw new Error(
        `${proc.name} (pid ${proc.pid}) did not ${options.what} within ${options.timeoutMs} ms (${reason}); last lines of ${proc.logFile}:\n${tailFile(proc.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
}

/**
 * True while a process with this pid runs (even if it is not ours to signal). A zombie
 * (exited, not yet reaped by an init that does not reap) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    hostProcess.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return processState(pid) !== 'Z';
}

/** The state letter of /proc/<pid>/stat (R, S, Z, …), undefined where there is no /proc. */
function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** The command line of a running process (/proc/<pid>/cmdline), undefined if unknown. */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

export interface StopOptions {
  /** Time between SIGTERM and SIGKILL, ms (default 10 000). */
  graceMs?: number;
  /** Signal the process group `-pid` (processes started detached lead their own group). */
  group?: boolean;
}

/** SIGTERM, then SIGKILL after the grace period; resolves true when the pid is gone. */
export async function stopPid(pid: number, options: StopOptions = {}): Promise<boolean> {
  const target = options.group ? -pid : pid;
  const signal = (name: NodeJS.Signals): void => {
    try {
      hostProcess.kill(target, name);
    } catch {
      // already gone
    }
  };
  if (!isAlive(pid)) return true;
  signal('SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 10_000);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signal('SIGKILL');
  for (let i = 0; i < 40 && isAlive(pid); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/** A TCP port that nothing listens on right now (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when this port can be listened on (nothing else holds it). */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
