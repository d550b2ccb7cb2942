import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '@vplan/contracts';
import { planDocumentSchema } from '@vplan/formats';
import { deleteStreams, dropDatabase, ensurePeers, uniquePrefix } from '@vplan/testing';
import type { Stack } from './stack.fixture';
import { http, simulatedTraces, stackDown, stackUp, tempDir, vplan } from './stack.fixture';

// The whole system as separate processes: minutes, not milliseconds.
jest.setTimeout(600_000);

/**
 * One protected, read-only endpoint per service and the weakest role that may call it:
 * discovery's scan jobs name the networks scanned, so reading them takes an operator.
 */
const READS: Record<(typeof SERVICES)[number], { path: string; role: 'viewer' | 'operator' }> = {
  inventory: { path: '/inventory/api/v1/assets', role: 'viewer' },
  workloads: { path: '/workloads/api/v1/utilization?groupBy=owner', role: 'viewer' },
  constraints: { path: '/constraints/api/v1/rulesets', role: 'viewer' },
  planning: { path: '/planning/api/v1/scenarios', role: 'viewer' },
  discovery: { path: '/discovery/api/v1/scans', role: 'operator' },
};

describe('the stack, through HTTP and the CLI only', () => {
  const prefix = uniquePrefix('e2e');
  const viewer = randomBytes(24).toString('base64url');
  const operator = randomBytes(24).toString('base64url');
  let stack: Stack;
  let peers: { natsUrl: string; mongoUri: string };

  beforeAll(async () => {
    peers = await ensurePeers();
    stack = await stackUp({
      ...process.env,
      NATS_URL: peers.natsUrl,
      MONGODB_URI: peers.mongoUri,
      VPLAN_DATA_DIR: tempDir('data'),
      VPLAN_GATEWAY_PORT: '0',
      VPLAN_STACK_BASE_PORT: '0',
      VPLAN_PREFIX: prefix,
      VPLAN_API_KEYS: `${viewer}:viewer:e2e-viewer,${operator}:operator:e2e-operator`,
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    if (stack) {
      const down = await stackDown(stack.env);
      expect(down.code).toBe(0);
    }
    if (peers) {
      await deleteStreams(peers.natsUrl, prefix);
      for (const service of SERVICES)
        await dropDatabase(peers.mongoUri, `${prefix}_vplan_${service}`);
    }
  });

  it('serves health without a token, and 401 / 403 on the APIs', async () => {
    for (const service of SERVICES) {
      const ready = await http(`${stack.baseUrl}/${service}/health/ready`);
      expect({ service, status: ready.status }).toEqual({ service, status: 200 });
      const { path, role } = READS[service];
      const anonymous = await http(`${stack.baseUrl}${path}`);
      expect({ service, status: anonymous.status }).toEqual({ service, status: 401 });
      const docs = await http(`${stack.baseUrl}/${service}/docs-json`);
      expect({ service, docs: docs.status }).toEqual({ service, docs: 401 });
      const read = await http(`${stack.baseUrl}${path}`, {
        token: role === 'viewer' ? viewer : operator,
      });
      expect({ service, status: read.status }).toEqual({ service, status: 200 });
      if (role === 'operator') {
        const weak = await http(`${stack.baseUrl}${path}`, { token: viewer });
        expect({ service, status: weak.status }).toEqual({ service, status: 403 });
      }
    }
    // A viewer may not import, an operator may not write rule sets (planner).
    const importing = await http(`${stack.baseUrl}/inventory/api/v1/imports?source=x`, {
      method: 'POST',
      token: viewer,
      body: 'id\nsrv-1\n',
      contentType: 'text/csv',
    });
    expect(importing.status).toBe(403);
    const ruleSet = await http(`${stack.baseUrl}/constraints/api/v1/rulesets/x`, {
      method: 'PUT',
      token: operator,
      body: 'rules: []\n',
      contentType: 'application/yaml',
    });
    expect(ruleSet.status).toBe(403);
  });

  it('answers a bad payload with 400 naming the field', async () => {
    const bad = await http(`${stack.baseUrl}/planning/api/v1/scenarios/bad`, {
      method: 'PUT',
      token: stack.token,
      body: { options: { hostCpuMhz: -5 } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('hostCpuMhz');
  });

  it('plans imported Bitbrains traces of simulated servers with the same host count as the embedded CLI', async () => {
    const traces = simulatedTraces(40, 2);
    const api = ['--api', stack.baseUrl, '--token', stack.token, '--quiet'];
    const imported = await vplan(['import', 'workloads', traces, '--format', 'bitbrains', ...api]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/assets\s+40/);

    const host = ['--host-cpu-mhz', '46800', '--host-memory-gb', '128'];
    const remoteOut = tempDir('remote');
    const remote = await vplan(['plan', ...host, '--out', remoteOut, ...api]);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    const embeddedOut = tempDir('embedded');
    const embedded = await vplan([
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      ...host,
      '--out',
      embeddedOut,
      '--quiet',
    ]);
    expect(embedded.code).toBe(0);
    const read = (dir: string) =>
      planDocumentSchema.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    const [a, b] = [read(remoteOut), read(embeddedOut)];
    expect(a.summary.hosts).toBe(b.summary.hosts);
    expect(a.summary.placed).toBe(40);
    expect(a.hosts.map((h) => [...h.assets].sort())).toEqual(
      b.hosts.map((h) => [...h.assets].sort()),
    );
    expect(readFileSync(join(remoteOut, 'report.html'), 'utf8')).toContain('<html');
  });
});
