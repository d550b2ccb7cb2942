import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkloads } from '@vplan/file-input';
import { loadConfig } from '@vplan/platform';
import { startTestService, type TestService } from '@vplan/service-testing';
import { eventually, uniquePrefix, writeBitbrainsTraces } from '@vplan/testing';
import { stringify } from 'yaml';
import { planningConfigShape } from './config';
import type { JobView } from './jobs/job-view';
import { PlanningModule } from './planning.module';
import { PeerResponders, REPO, TOKENS, loadTraces } from './testing/peers.fixture';

jest.setTimeout(120_000);

const TARGETS = [
  'targets:',
  '  - name: std',
  '    cores: 4',
  '    cpu_ghz: 2',
  '    memory_gb: 16',
  '    vcpu_per_core: 4',
  '    memory_overcommit: 1.5',
  '    max_vms: 6',
  '    headroom: 0.05',
  '',
].join('\n');

/** The scenario of both runs: sizing policy in the options, the host model from the targets. */
const OPTIONS = {
  resources: ['cpu', 'memory'],
  failover: 1,
  percentile: 98,
  gaps: 'hold',
  growth: { ratePerYear: 0.1, horizonMonths: 6 },
  timeBudgetMs: 600_000,
};

/** plan.json's text without what differs between two runs of the same plan: when and how long. */
const timeless = (text: string): string =>
  text
    .replace(/^ {2}"generatedAt": "[^"]*",$/m, '  "generatedAt": "",')
    .replace(/^ {4}"elapsedMs": \d+(,?)$/m, '    "elapsedMs": 0$1');

describe('a scenario planned by vplan plan --scenario and by the planning service', () => {
  const prefix = uniquePrefix('parity');
  let h: TestService;
  let responders: PeerResponders;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vplan-parity-'));
    // The same Bitbrains files feed both: the CLI reads them, the service's peers serve them.
    writeBitbrainsTraces(join(dir, 'traces'), (await loadTraces(24)).estate);
    const { estate } = await loadWorkloads({ path: join(dir, 'traces'), format: 'bitbrains' });
    await writeFile(join(dir, 'targets.yaml'), TARGETS);
    await writeFile(
      join(dir, 'parity.yaml'),
      stringify({ name: 'parity', options: OPTIONS, targets: { file: 'targets.yaml' } }),
    );
    h = await startTestService({
      name: 'planning',
      module: PlanningModule,
      prefix,
      config: (env) => loadConfig(planningConfigShape, env),
      logLevel: 'error',
      beforeBoot: (connection) => {
        responders = new PeerResponders(connection, prefix);
        responders.traces = estate.assets.map((a) => ({
          id: a.id,
          capacity: a.capacity,
          series: estate.series.filter((s) => s.assetId === a.id),
        }));
        responders.addSource('targets', 'std-hosts', TARGETS);
        responders.start();
      },
    });
  }, 120_000);

  afterAll(async () => {
    responders?.stop();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const http = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${h.base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${TOKENS.planner}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${text}`);
    return text;
  };

  it('gives byte-identical plan.json (but the time fields) and plan.csv', async () => {
    const out = join(dir, 'out');
    const cli = spawnSync(
      process.execPath,
      [
        join(REPO, 'apps/cli/bin/vplan.js'),
        'plan',
        '--scenario',
        join(dir, 'parity.yaml'),
        '--workloads',
        join(dir, 'traces'),
        '--format',
        'bitbrains',
        '--out',
        out,
        '--quiet',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect([cli.status, cli.stderr]).toEqual([0, '']);

    await http('/scenarios/parity', {
      method: 'PUT',
      body: { options: OPTIONS, targets: { name: 'std-hosts' } },
    });
    const { jobId } = JSON.parse(await http('/scenarios/parity/runs', { method: 'POST' })) as {
      jobId: string;
    };
    const job = await eventually(
      async () => {
        const view = JSON.parse(await http(`/jobs/${jobId}`)) as JobView;
        if (view.status !== 'succeeded' && view.status !== 'failed') throw new Error(view.status);
        return view;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect([job.status, job.error]).toEqual(['succeeded', undefined]);

    const cliJson = await readFile(join(out, 'plan.json'), 'utf8');
    const serviceJson = await http(`/plans/${job.planId}`);
    expect(timeless(cliJson)).not.toBe(cliJson);
    expect(timeless(serviceJson)).toBe(timeless(cliJson));
    const plan = JSON.parse(cliJson) as { failover?: unknown; hosts: unknown[] };
    expect(plan.failover).toBeDefined();
    expect(plan.hosts.length).toBeGreaterThan(1);
    expect(await http(`/plans/${job.planId}/csv`)).toBe(
      await readFile(join(out, 'plan.csv'), 'utf8'),
    );
  });
});
