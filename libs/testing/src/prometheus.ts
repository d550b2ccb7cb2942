import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './eventually';
import { hostProcess, readEnv } from './host-process';
import { errorMessage } from './paths';
import {
  freePort,
  killNow,
  spawnLogged,
  stopPid,
  waitReady,
  type LoggedProcess,
} from './processes';

// A real Prometheus scraping a real node_exporter, for the Prometheus probe's tests: Debian's
// `prometheus` and `prometheus-node-exporter` on loopback ports with their own config and
// storage in temp folders (the system services stay off: they are never touched).

export const PROMETHEUS_MISSING =
  'prometheus is not installed: run `apt-get install -y prometheus` (Debian/Ubuntu, as root), ' +
  'or set PROMETHEUS_BIN';
export const NODE_EXPORTER_MISSING =
  'node_exporter is not installed: run `apt-get install -y prometheus-node-exporter` ' +
  '(Debian/Ubuntu, as root), or set NODE_EXPORTER_BIN';

/**
 * Collectors that work unprivileged and in containers; `dmi` and `cpufreq` simply report
 * nothing where /sys has no such data. The defaults would add systemd, hwmon, … which fail
 * or are slow on CI machines.
 */
export const NODE_EXPORTER_COLLECTORS = [
  'cpu',
  'cpu.info',
  'cpufreq',
  'dmi',
  'meminfo',
  'netclass',
  'os',
  'uname',
] as const;

export interface StartedHttpPeer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dir: string;
  process: LoggedProcess;
  /** SIGTERM (then SIGKILL) by pid; removes the temp folder it created. */
  stop: () => Promise<void>;
}

export interface StartNodeExporterOptions {
  /** Loopback port; default a free one. */
  port?: number;
  /** Folder for the log (created); default a new temp folder, removed on stop. */
  dir?: string;
  /** Default 15 000 ms. */
  readyTimeoutMs?: number;
}

export interface StartPrometheusOptions {
  /** `host:port` of each node_exporter (or any /metrics endpoint) to scrape. */
  targets: readonly string[];
  port?: number;
  /** Folder for config, TSDB and log (created); default a new temp folder, removed on stop. */
  dir?: string;
  /** Scrape (and rule evaluation) interval, s (default 5). */
  scrapeIntervalSeconds?: number;
  /** Default 30 000 ms. */
  readyTimeoutMs?: number;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `variable` if set (and executable), else the first of `names` on PATH or in /usr/bin. */
function findBinary(variable: string, names: readonly string[]): string | undefined {
  const configured = readEnv(variable);
  if (configured !== undefined) return isExecutable(configured) ? configured : undefined;
  const dirs = (readEnv('PATH') ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const name of names) {
    for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export const findPrometheus = (): string | undefined =>
  findBinary('PROMETHEUS_BIN', ['prometheus']);
export const findNodeExporter = (): string | undefined =>
  findBinary('NODE_EXPORTER_BIN', ['prometheus-node-exporter', 'node_exporter']);

/** Undefined once GET `url` answers 200, else why not. */
async function answers200(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return errorMessage(error);
  }
}

interface Launch {
  name: string;
  binary: string;
  args: (port: number) => string[];
  readyPath: string;
  dir: string;
  ownDir: boolean;
  port?: number;
  readyTimeoutMs: number;
}

/** Starts the process on a port and waits for `readyPath`; a picked port is retried if taken. */
async function launch(spec: Launch): Promise<StartedHttpPeer> {
  for (let attempt = 1; ; attempt++) {
    const port = spec.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const proc = await spawnLogged({
      name: spec.name,
      command: spec.binary,
      args: spec.args(port),
      logFile: path.join(spec.dir, `${spec.name}.log`),
      cwd: spec.dir,
      env: hostProcess.env,
    });
    try {
      await waitReady(proc, () => answers200(`${url}${spec.readyPath}`), {
        timeoutMs: spec.readyTimeoutMs,
        what: `answer GET ${url}${spec.readyPath}`,
      });
    } catch (error) {
      killNow(proc);
      // Another process may have taken the picked port between the pick and the bind.
      if (spec.port !== undefined || attempt >= 3) throw error;
      continue;
    }
    const stop = async (): Promise<void> => {
      await stopPid(proc.pid, { graceMs: 5_000 });
      if (spec.ownDir) fs.rmSync(spec.dir, { recursive: true, force: true });
    };
    return { url, port, dir: spec.dir, process: proc, stop };
  }
}

function ownFolder(dir: string | undefined, prefix: string): { dir: string; ownDir: boolean } {
  if (dir !== undefined) {
    fs.mkdirSync(dir, { recursive: true });
    return { dir, ownDir: false };
  }
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), ownDir: true };
}

/**
 * Starts node_exporter on 127.0.0.1 with {@link NODE_EXPORTER_COLLECTORS} only and waits
 * until `/metrics` answers.
 */
export async function startNodeExporter(
  options: StartNodeExporterOptions = {},
): Promise<StartedHttpPeer> {
  const binary = findNodeExporter();
  if (binary === undefined) throw new Error(NODE_EXPORTER_MISSING);
  return launch({
    name: 'node-exporter',
    binary,
    args: (port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      ...NODE_EXPORTER_COLLECTORS.map((c) => `--collector.${c}`),
    ],
    readyPath: '/metrics',
    ...ownFolder(options.dir, 'vplan-node-exporter-'),
    port: options.port,
    readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
  });
}

/**
 * Starts Prometheus on 127.0.0.1 with its own config (one job `node` scraping `targets`
 * every `scrapeIntervalSeconds`) and TSDB in the folder, and waits until `/-/ready`.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<StartedHttpPeer> {
  const binary = findPrometheus();
  if (binary === undefined) throw new Error(PROMETHEUS_MISSING);
  const folder = ownFolder(options.dir, 'vplan-prometheus-');
  const interval = `${options.scrapeIntervalSeconds ?? 5}s`;
  const config = path.join(folder.dir, 'prometheus.yml');
  // JSON is YAML: no YAML writer needed, and target strings are quoted correctly.
  fs.writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      scrape_configs: [{ job_name: 'node', static_configs: [{ targets: options.targets }] }],
    }),
  );
  return launch({
    name: 'prometheus',
    binary,
    args: (port) => [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(folder.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
    ...folder,
    port: options.port,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
  });
}

/**
 * Waits until Prometheus has scraped a node_exporter (a `node_uname_info` series answers):
 * the Prometheus probe finds instances by that series.
 */
export async function waitForScrape(
  prometheus: { url: string },
  timeoutMs = 60_000,
): Promise<void> {
  await eventually(
    async () => {
      const res = await fetch(`${prometheus.url}/api/v1/query?query=node_uname_info`);
      const body = (await res.json()) as { data: { result: unknown[] } };
      if (body.data.result.length === 0)
        throw new Error('Prometheus has not scraped node_exporter yet');
    },
    { timeoutMs, intervalMs: 500 },
  );
}
