import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorBodySchema } from '@vplan/contracts';
import { ensurePeers, freePort, isAlive, repoRoot, type Peers } from '@vplan/testing';
import { readRecord, type StackRecord } from './record';

const STACK = path.join(repoRoot, 'tools', 'stack', 'bin', 'stack.js');
const STACK_DOWN = path.join(repoRoot, 'tools', 'stack', 'bin', 'stack-down.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env, cwd: repoRoot }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

function announced(out: string): { baseUrl: string; token: string } {
  const baseUrl = /^base URL: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
  const token = /^admin token: (\S+)$/m.exec(out)?.[1];
  if (baseUrl === undefined || token === undefined)
    throw new Error(`no base URL/admin token lines in:\n${out}`);
  return { baseUrl, token };
}

// A stand-in service process: the stack is under test here, not the services. It answers
// readiness and echoes what reached it, so the test sees what the gateway forwarded.
const FAKE_SERVICE = `
const http = require('node:http');
const key = process.env.VPLAN_API_KEYS.split(',').map((k) => k.split(':')).find((k) => k[2] === 'stack-admin');
http.createServer((req, res) => {
  if (req.url === '/inventory/health/ready') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  let bytes = 0;
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-echo': 'yes' });
    res.end(JSON.stringify({
      method: req.method, url: req.url, bytes,
      correlationId: req.headers['x-correlation-id'] ?? null,
      authorized: req.headers.authorization === 'Bearer ' + key[0] && key[1] === 'admin',
      natsUrl: process.env.NATS_URL, mongoUri: process.env.MONGODB_URI,
    }));
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

describe('npm run stack', () => {
  let peers: Peers;
  const temps: string[] = [];

  const tempDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vplan-stack-'));
    temps.push(dir);
    return dir;
  };

  beforeAll(async () => {
    peers = await ensurePeers();
  }, 180_000);

  afterAll(async () => {
    // Whatever a failed test left behind is stopped before its directory goes.
    for (const dir of temps) {
      if (fs.existsSync(path.join(dir, 'data', 'stack', 'pids.json'))) {
        await run(STACK_DOWN, { ...process.env, VPLAN_DATA_DIR: path.join(dir, 'data') });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  describe('with no NATS or MongoDB at the configured addresses', () => {
    let env: NodeJS.ProcessEnv;
    let dataDir: string;
    let first: Run;
    let record: StackRecord;

    beforeAll(async () => {
      const dir = tempDir();
      dataDir = path.join(dir, 'data');
      const apps = path.join(dir, 'apps');
      fs.mkdirSync(path.join(apps, 'inventory', 'bin'), { recursive: true });
      fs.writeFileSync(path.join(apps, 'inventory', 'bin', 'serve.js'), FAKE_SERVICE);
      env = {
        ...process.env,
        VPLAN_DATA_DIR: dataDir,
        VPLAN_STACK_APPS_DIR: apps,
        VPLAN_GATEWAY_PORT: '0',
        VPLAN_STACK_BASE_PORT: '0',
        VPLAN_STACK_SERVICES: 'inventory,workloads',
        NATS_URL: `nats://127.0.0.1:${await freePort()}`,
        MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}`,
      };
      first = await run(STACK, env);
      record = readRecord(path.join(dataDir, 'stack', 'pids.json')) as StackRecord;
    }, 180_000);

    it('starts nats-server, FerretDB, the services that exist and the gateway, and prints the two lines', () => {
      expect(first.stderr).toMatch(
        /workloads: skipped, .*workloads\/bin\/serve\.js does not exist/,
      );
      expect(first.code).toBe(0);
      const { baseUrl } = announced(first.stdout);
      expect(record.baseUrl).toBe(baseUrl);
      expect(record.natsUrl).toBe(env.NATS_URL);
      expect(record.mongoUri).toBe(env.MONGODB_URI);
      expect(record.processes.map((p) => p.name)).toEqual([
        'nats-server',
        'ferretdb',
        'inventory',
        'gateway',
      ]);
      for (const entry of record.processes) expect(isAlive(entry.pid)).toBe(true);
    });

    it('keeps the admin token in a file only its owner can read', () => {
      const tokenFile = path.join(dataDir, 'stack', 'admin-token');
      expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(tokenFile, 'utf8').trim()).toBe(announced(first.stdout).token);
    });

    it('proxies /<service>/… unchanged, streaming the body, keeping Authorization and x-correlation-id', async () => {
      const { baseUrl, token } = announced(first.stdout);
      const res = await fetch(`${baseUrl}/inventory/api/v1/echo?page=2&q=a%20b`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-correlation-id': 'corr-42' },
        body: Buffer.alloc(1_000_000, 7),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-echo')).toBe('yes');
      expect(await res.json()).toEqual({
        method: 'POST',
        url: '/inventory/api/v1/echo?page=2&q=a%20b',
        bytes: 1_000_000,
        correlationId: 'corr-42',
        authorized: true,
        natsUrl: env.NATS_URL,
        mongoUri: env.MONGODB_URI,
      });
    });

    it('answers a JSON 502 for a service that is not running, and a JSON 404 off the services', async () => {
      const { baseUrl } = announced(first.stdout);
      const missing = await fetch(`${baseUrl}/workloads/health/ready`, {
        headers: { 'x-correlation-id': 'c-1' },
      });
      expect(missing.status).toBe(502);
      const body = errorBodySchema.parse(await missing.json());
      expect(body.error).toEqual({
        code: 'UNAVAILABLE',
        message: 'service "workloads" is not running in this stack',
        correlationId: 'c-1',
      });
      const unknown = await fetch(`${baseUrl}/billing/x`);
      expect(unknown.status).toBe(404);
      expect(errorBodySchema.parse(await unknown.json()).error.code).toBe('NOT_FOUND');
    });

    it('does not start a second stack when one runs', async () => {
      const again = await run(STACK, env);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/already running since/);
      expect(announced(again.stdout)).toEqual(announced(first.stdout));
      expect(readRecord(path.join(dataDir, 'stack', 'pids.json'))).toEqual(record);
    }, 60_000);

    it('stack:down stops every process it started and forgets them', async () => {
      const stopped = await run(STACK_DOWN, env);
      expect(stopped.code).toBe(0);
      for (const entry of record.processes) expect(isAlive(entry.pid)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'stack', 'pids.json'))).toBe(false);
      const twice = await run(STACK_DOWN, env);
      expect(twice.code).toBe(0);
      expect(twice.stderr).toMatch(/no stack is running here/);
    }, 60_000);
  });

  describe('when a service crashes at start', () => {
    it('exits 1 with the tail of its log and stops what it started', async () => {
      const dir = tempDir();
      const dataDir = path.join(dir, 'data');
      const apps = path.join(dir, 'apps');
      fs.mkdirSync(path.join(apps, 'workloads', 'bin'), { recursive: true });
      fs.writeFileSync(
        path.join(apps, 'workloads', 'bin', 'serve.js'),
        "console.error('config: VPLAN_SOMETHING is missing'); process.exit(3);",
      );
      const env = {
        ...process.env,
        VPLAN_DATA_DIR: dataDir,
        VPLAN_STACK_APPS_DIR: apps,
        VPLAN_GATEWAY_PORT: '0',
        VPLAN_STACK_BASE_PORT: '0',
        VPLAN_STACK_SERVICES: 'workloads',
        NATS_URL: peers.natsUrl,
        MONGODB_URI: peers.mongoUri,
      };
      const up = await run(STACK, env);
      expect(up.code).toBe(1);
      expect(up.stdout).toBe('');
      expect(up.stderr).toMatch(
        /workloads \(pid \d+\) exited before it was ready; last lines of .*workloads\.log:\nconfig: VPLAN_SOMETHING is missing/,
      );
      const gatewayPid = Number(/gateway: http:\S+ \(pid (\d+)\)/.exec(up.stderr)?.[1]);
      expect(gatewayPid).toBeGreaterThan(0);
      expect(isAlive(gatewayPid)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'stack', 'pids.json'))).toBe(false);
    }, 60_000);
  });

  describe('with NATS and MongoDB already answering', () => {
    it('uses them, records only the gateway, and stack:down leaves them running', async () => {
      const dataDir = path.join(tempDir(), 'data');
      const env = {
        ...process.env,
        VPLAN_DATA_DIR: dataDir,
        VPLAN_GATEWAY_PORT: '0',
        VPLAN_STACK_SERVICES: 'none',
        NATS_URL: peers.natsUrl,
        MONGODB_URI: peers.mongoUri,
      };
      const up = await run(STACK, env);
      expect(up.code).toBe(0);
      const record = readRecord(path.join(dataDir, 'stack', 'pids.json')) as StackRecord;
      expect(record.processes.map((p) => p.name)).toEqual(['gateway']);
      expect(record.natsUrl).toBe(peers.natsUrl);

      const down = await run(STACK_DOWN, env);
      expect(down.code).toBe(0);
      expect(isAlive(record.processes[0]?.pid ?? 0)).toBe(false);
      await expect(ensurePeers()).resolves.toEqual(peers);
    }, 60_000);
  });
});
