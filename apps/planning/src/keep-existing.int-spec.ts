import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetSchema, estateBaselineSchema } from '@vplan/contracts';
import type { Asset, Estate, EstateBaseline } from '@vplan/domain';
import { planArtifacts } from '@vplan/engine';
import { loadRvtools } from '@vplan/file-input';
import { planDocumentSchema, planOptionsSchema, type PlanDocument } from '@vplan/formats';
import { loadConfig } from '@vplan/platform';
import { startTestService, type TestService } from '@vplan/service-testing';
import { eventually, uniquePrefix } from '@vplan/testing';
import ExcelJS from 'exceljs';
import { planningConfigShape } from './config';
import type { JobView } from './jobs/job-view';
import { PlanningModule } from './planning.module';
import { PeerResponders, TOKENS } from './testing/peers.fixture';

jest.setTimeout(120_000);

type Row = (string | number | boolean | null)[];

const HOSTS = ['esx1', 'esx2', 'esx3', 'esx4'];
const V_HOST: Row[] = [
  ['Host', 'Cluster', 'CPU Model', '# CPU', '# Cores', 'Speed', '# Memory'],
  ...HOSTS.map((h): Row => [
    h,
    'C1',
    'Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz',
    2,
    32,
    2100,
    65536,
  ]),
];

/** 16 powered-on VMs on three of the four hosts (esx4 idle), two powered off, a template. */
const V_INFO: Row[] = [
  ['VM', 'Powerstate', 'Template', 'CPUs', 'Memory', 'Host', 'Cluster'],
  ...Array.from({ length: 16 }, (_, i): Row => {
    const id = `vm-${String(i + 1).padStart(2, '0')}`;
    const host = i < 12 ? HOSTS[i % 2]! : 'esx3';
    return [id, 'poweredOn', false, 2 + (i % 3) * 2, 4096 * (1 + (i % 4)), host, 'C1'];
  }),
  ['off-01', 'poweredOff', false, 2, 4096, 'esx1', 'C1'],
  ['off-02', 'poweredOff', false, 4, 8192, 'esx2', 'C1'],
  ['tpl-01', 'poweredOff', true, 2, 4096, 'esx3', 'C1'],
];

/** The scenario of both runs: keep today's hosts, as `vplan plan --keep-existing`. */
const OPTIONS = { keepExisting: true, headroom: 0.1, timeBudgetMs: 600_000 };
const CONTEXT = { clock: () => performance.now(), now: () => new Date().toISOString() };

/** Each plan host's assets, as sorted lists, sorted: the placement without host names. */
const assetSets = (plan: PlanDocument): string[][] =>
  plan.hosts.map((h) => [...h.assets].sort()).sort((a, b) => a.join().localeCompare(b.join()));

/** An asset as the inventory stores and serves it (the contracts' asset, usage snapshot included). */
function asStored(asset: Asset): Asset {
  return assetSchema.parse(JSON.parse(JSON.stringify(asset))) as Asset;
}

describe('keep-existing over an RVTools estate, planned by the service and by the engine', () => {
  const prefix = uniquePrefix('keepexisting');
  let h: TestService;
  let responders: PeerResponders;
  let dir = '';
  let estate: Estate & { readonly baseline: EstateBaseline };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vplan-keep-'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('vInfo').addRows(V_INFO);
    wb.addWorksheet('vHost').addRows(V_HOST);
    const file = join(dir, 'export.xlsx');
    await wb.xlsx.writeFile(file);
    ({ estate } = await loadRvtools(file));
    h = await startTestService({
      name: 'planning',
      module: PlanningModule,
      prefix,
      config: (env) => loadConfig(planningConfigShape, env),
      logLevel: 'error',
      beforeBoot: (connection) => {
        responders = new PeerResponders(connection, prefix);
        // What the inventory serves after the upload: its assets and stored baseline.
        responders.inventory = estate.assets.map(asStored);
        responders.baseline = estateBaselineSchema.parse(
          JSON.parse(JSON.stringify(estate.baseline)),
        );
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

  const runScenario = async (name: string, scenario: unknown): Promise<PlanDocument> => {
    await http(`/scenarios/${name}`, { method: 'PUT', body: scenario });
    const { jobId } = JSON.parse(await http(`/scenarios/${name}/runs`, { method: 'POST' })) as {
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
    return planDocumentSchema.parse(JSON.parse(await http(`/plans/${job.planId}`)));
  };

  it("plans onto today's hosts, as planArtifacts does on the workbook read by loadRvtools", async () => {
    const plan = await runScenario('keep', { options: OPTIONS });

    expect(plan.today?.hosts).toBe(HOSTS.length);
    expect(plan.hosts.length).toBeGreaterThan(0);
    expect(plan.hosts.length).toBeLessThanOrEqual(HOSTS.length);
    for (const host of plan.hosts) expect(host.existing).toEqual(expect.any(String));
    expect(plan.unplaced).toEqual([]);
    expect(plan.skipped?.map((s) => [s.asset, s.reason])).toEqual([
      ['off-01', 'powered-off'],
      ['off-02', 'powered-off'],
      ['tpl-01', 'template'],
    ]);

    const cli = planArtifacts(
      {
        estate,
        options: planOptionsSchema.parse(OPTIONS),
        source: { source: 'scenario keep', format: 'scenario', scenario: 'keep' },
      },
      CONTEXT,
    );
    if (!cli.ok) throw new Error(cli.problem.message);
    expect(plan.hosts.length).toBe(cli.planned.plan.hosts.length);
    expect(assetSets(plan)).toEqual(assetSets(cli.planned.plan));
    expect(plan.today).toEqual(cli.planned.plan.today);
  });

  it('keeps every host of today but plans only the filtered VMs under an asset filter', async () => {
    const prod = new Set(['vm-01', 'vm-02', 'vm-03', 'vm-04', 'vm-05']);
    responders.inventory = estate.assets.map((a) => {
      const stored = asStored(a);
      return prod.has(a.id)
        ? { ...stored, business: { ...stored.business, environment: 'prod' } }
        : stored;
    });
    try {
      const plan = await runScenario('keep-prod', {
        options: OPTIONS,
        assets: { filter: { environment: 'prod' } },
      });
      expect(plan.today?.hosts).toBe(HOSTS.length);
      expect(plan.today?.vms).toBe(prod.size);
      expect(plan.hosts.flatMap((x) => x.assets).sort()).toEqual([...prod].sort());
      for (const host of plan.hosts) expect(host.existing).toEqual(expect.any(String));
      expect(plan.skipped).toHaveLength(3);
    } finally {
      responders.inventory = estate.assets.map(asStored);
    }
  });

  it('plans as before when the inventory has no baseline', async () => {
    const kept = responders.baseline;
    responders.baseline = undefined;
    try {
      const plan = await runScenario('plain', {
        options: { hostCpuMhz: 67200, hostMemoryGiB: 64, timeBudgetMs: 600_000 },
      });
      expect(plan.today).toBeUndefined();
      expect(plan.hosts.length).toBeGreaterThan(0);
    } finally {
      responders.baseline = kept;
    }
  });
});
