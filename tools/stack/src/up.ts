import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICES, type ServiceName } from '@vplan/contracts';
import {
  errorMessage,
  freePort,
  isPortFree,
  repoRoot,
  spawnLogged,
  tailFile,
} from '@vplan/testing';
import { readStackConfig, stackFiles, type StackConfig } from './config';
import { stopEntries } from './down';
import { ensureMongo, ensureNats } from './peers';
import { entryState, readRecord, writeRecord, type StackEntry, type StackRecord } from './record';

const say = (line: string): void => {
  process.stderr.write(`stack: ${line}\n`);
};

const GATEWAY_SCRIPT = path.join(repoRoot, 'tools', 'stack', 'bin', 'gateway.js');

/** The two lines scripts and people look for, on stdout. */
function announce(baseUrl: string, token: string): void {
  process.stdout.write(`base URL: ${baseUrl}\nadmin token: ${token}\n`);
}

/** The admin API key: generated once, kept in a 0600 file, reused by every later start. */
export function adminToken(file: string): string {
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
      throw new Error(`${file}: not a token this stack wrote; delete it to get a new one`);
    }
    fs.chmodSync(file, 0o600);
    return token;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

/** The dev stack's credential key for discovery (32 random bytes, base64), kept in a 0600 file. */
function discoveryKey(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** An existing stack: all alive → reuse it (0); partly dead → say what (1); all gone → undefined. */
function existingStack(pidsFile: string, tokenFile: string): number | undefined {
  const record = readRecord(pidsFile);
  if (record === undefined) return undefined;
  const states = record.processes.map((entry) => ({ entry, state: entryState(entry) }));
  const running = states.filter((s) => s.state === 'running');
  if (running.length === 0) {
    say(`removing ${pidsFile}: none of its processes runs any more`);
    fs.rmSync(pidsFile, { force: true });
    return undefined;
  }
  if (running.length === states.length) {
    say(
      `already running since ${record.startedAt} (${running.length} processes; npm run stack:down stops it)`,
    );
    announce(record.baseUrl, adminToken(tokenFile));
    return 0;
  }
  for (const { entry, state } of states) {
    if (state !== 'running')
      say(`${entry.name} (pid ${entry.pid}) is not running any more; its log: ${entry.log}`);
  }
  say('the stack is partly down: run `npm run stack:down`, then `npm run stack`');
  return 1;
}

async function choosePort(configured: number, offset: number): Promise<number> {
  return configured === 0 ? freePort() : configured + offset;
}

async function waitReady(baseUrl: string, entry: StackEntry, timeoutMs: number): Promise<void> {
  const url = `${baseUrl}/${entry.name}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    if (entryState(entry) !== 'running') {
      throw new Error(
        `${entry.name} (pid ${entry.pid}) exited before it was ready; last lines of ${entry.log}:\n${tailFile(entry.log)}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (error) {
      last = errorMessage(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${entry.name} did not answer ${url} with 200 within ${timeoutMs} ms (${last}); last lines of ${entry.log}:\n${tailFile(entry.log)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function startServices(
  config: StackConfig,
  record: StackRecord,
  save: () => void,
  logsDir: string,
  token: string,
): Promise<Partial<Record<ServiceName, number>>> {
  const ports: Partial<Record<ServiceName, number>> = {};
  const keys = [process.env.VPLAN_API_KEYS, `${token}:admin:stack-admin`].filter(Boolean).join(',');
  for (const service of config.services) {
    const script = path.join(config.appsDir, service, 'bin', 'serve.js');
    if (!fs.existsSync(script)) {
      say(`${service}: skipped, ${path.relative(repoRoot, script)} does not exist (yet)`);
      continue;
    }
    const port = await choosePort(config.basePort, SERVICES.indexOf(service));
    if (!(await isPortFree(port))) {
      throw new Error(
        `${service}: port ${port} is in use; set VPLAN_STACK_BASE_PORT (0 picks free ports)`,
      );
    }
    const log = path.join(logsDir, `${service}.log`);
    const proc = await spawnLogged({
      name: service,
      command: process.execPath,
      args: [script],
      cwd: repoRoot,
      logFile: log,
      detached: true,
      env: {
        ...process.env,
        PORT: String(port),
        NATS_URL: record.natsUrl,
        MONGODB_URI: record.mongoUri,
        VPLAN_API_KEYS: keys,
        // Discovery encrypts credentials at rest: a dev key, made once beside the token.
        VPLAN_DISCOVERY_KEY:
          process.env.VPLAN_DISCOVERY_KEY ??
          discoveryKey(path.join(path.dirname(logsDir), 'discovery-key')),
        LOG_LEVEL: config.logLevel,
      },
    });
    record.processes.push({
      name: service,
      kind: 'service',
      pid: proc.pid,
      port,
      match: script,
      log,
    });
    save();
    ports[service] = port;
    say(`${service}: started on port ${port} (pid ${proc.pid}, log ${log})`);
  }
  return ports;
}

async function startGateway(
  config: StackConfig,
  record: StackRecord,
  save: () => void,
  logsDir: string,
  ports: Partial<Record<ServiceName, number>>,
): Promise<string> {
  const port = config.gatewayPort === 0 ? await freePort() : config.gatewayPort;
  if (!(await isPortFree(port))) {
    throw new Error(
      `gateway: port ${port} is in use; set VPLAN_GATEWAY_PORT (0 picks a free port)`,
    );
  }
  const log = path.join(logsDir, 'gateway.log');
  const args = [GATEWAY_SCRIPT, '--port', String(port)];
  for (const service of SERVICES) args.push('--route', `${service}=${ports[service] ?? ''}`);
  const proc = await spawnLogged({
    name: 'gateway',
    command: process.execPath,
    args,
    cwd: repoRoot,
    logFile: log,
    detached: true,
  });
  const entry: StackEntry = {
    name: 'gateway',
    kind: 'gateway',
    pid: proc.pid,
    port,
    match: GATEWAY_SCRIPT,
    log,
  };
  record.processes.push(entry);
  record.baseUrl = `http://127.0.0.1:${port}`;
  save();
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exit() !== undefined)
      throw new Error(`gateway ${proc.exit()}; last lines of ${log}:\n${tailFile(log)}`);
    const ok = await fetch(`${record.baseUrl}/`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() >= deadline)
      throw new Error(
        `gateway did not answer on port ${port}; last lines of ${log}:\n${tailFile(log)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(`gateway: ${record.baseUrl} (pid ${proc.pid})`);
  return record.baseUrl;
}

/** npm run stack: returns the exit code. */
export async function up(): Promise<number> {
  const result = readStackConfig(process.env);
  if (!result.ok) {
    for (const error of result.errors) say(error);
    return 2;
  }
  const config = result.config;
  const files = stackFiles(config.dataDir);
  let record: StackRecord | undefined;
  try {
    const existing = existingStack(files.pidsFile, files.tokenFile);
    if (existing !== undefined) return existing;

    fs.mkdirSync(files.logsDir, { recursive: true });
    const token = adminToken(files.tokenFile);
    const current: StackRecord = {
      version: 1,
      startedAt: new Date().toISOString(),
      baseUrl: '',
      natsUrl: '',
      mongoUri: '',
      processes: [],
    };
    record = current;
    const save = () => writeRecord(files.pidsFile, current);
    save();

    const nats = await ensureNats(config, files.logsDir, files.natsStoreDir);
    current.natsUrl = nats.url;
    if (nats.started) current.processes.push(nats.started);
    save();
    const mongo = await ensureMongo(config, files.logsDir, files.ferretdbDir);
    current.mongoUri = mongo.url;
    if (mongo.started) current.processes.push(mongo.started);
    save();

    const ports = await startServices(config, current, save, files.logsDir, token);
    const baseUrl = await startGateway(config, current, save, files.logsDir, ports);
    const services = current.processes.filter((entry) => entry.kind === 'service');
    await Promise.all(services.map((entry) => waitReady(baseUrl, entry, config.readyTimeoutMs)));
    if (services.length > 0) say(`ready: ${services.map((entry) => entry.name).join(', ')}`);
    announce(baseUrl, token);
    return 0;
  } catch (error) {
    say(errorMessage(error));
    if (record !== undefined) {
      if (record.processes.length > 0) say('stopping what this run started');
      const left = await stopEntries(record.processes, config.graceMs);
      if (left.length === 0) fs.rmSync(files.pidsFile, { force: true });
      else say(`kept ${files.pidsFile}: npm run stack:down retries`);
    }
    return 1;
  }
}
