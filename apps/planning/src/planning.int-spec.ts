import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PLANNING,
  errorBodySchema,
  planComparisonSchema,
  prefixed,
  type PlanComparison,
  type ScenarioRecord,
} from '@vplan/contracts';
import { makeAsset, type Asset } from '@vplan/domain';
import { comparePlanDocuments, differenceLines, planEstate, ruleConstraints } from '@vplan/engine';
import { planOptionsSchema, type PlanOptions } from '@vplan/formats';
import {
  planDocumentSchema,
  planToCsv,
  unwrapFormatResult,
  type PlanDocument,
} from '@vplan/formats';
import { decodeJson, loadConfig, type ServiceClient } from '@vplan/platform';
import { parseRuleSet } from '@vplan/rules';
import { startTestService, type TestService } from '@vplan/service-testing';
import { eventually, uniquePrefix } from '@vplan/testing';
import { joinEstate, type TraceAsset } from '@vplan/workload';
import type { Estate } from '@vplan/domain';
import { planningConfigShape } from './config';
import type { JobView } from './jobs/job-view';
import { PlanningModule } from './planning.module';
import { PeerResponders, REPO, TOKENS, loadTraces } from './testing/peers.fixture';

jest.setTimeout(60_000);

const OPTIONS: PlanOptions = planOptionsSchema.parse({
  hostCpuMhz: 8000,
  hostMemoryGiB: 16,
  timeBudgetMs: 600_000,
});
const CONTEXT = { clock: () => performance.now(), now: () => new Date().toISOString() };

describe('planning service (real NATS and MongoDB-wire server; peers answered on NATS by the test)', () => {
  const prefix = uniquePrefix('planning');
  let h: TestService;
  let base: string;
  let client: ServiceClient;
  let responders: PeerResponders;
  let estate: Estate;
  let traces: TraceAsset[];
  const events: { subject: string; data: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    ({ estate, traces } = await loadTraces(30));
    h = await startTestService({
      name: 'planning',
      module: PlanningModule,
      prefix,
      config: (env) => loadConfig(planningConfigShape, env),
      logLevel: 'error',
      beforeBoot: (connection) => {
        responders = new PeerResponders(connection, prefix);
        responders.traces = traces;
        responders.start();
        connection.subscribe(prefixed(prefix, 'vplan.evt.planning.>'), {
          callback: (_err, msg) => {
            const envelope = decodeJson(msg.data) as { data: Record<string, unknown> };
            events.push({ subject: msg.subject, data: envelope.data });
          },
        });
      },
    });
    ({ client } = h);
    base = `${h.base}/api/v1`;
  }, 120_000);

  afterAll(async () => {
    responders?.stop();
    await h?.close();
  });

  const http = (
    path: string,
    init: { method?: string; body?: unknown; token?: keyof typeof TOKENS } = {},
  ): Promise<Response> => {
    const headers = new Headers();
    if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  };

  const json = async <T>(res: Response, status = 200): Promise<T> => {
    const text = await res.text();
    if (res.status !== status) throw new Error(`HTTP ${res.status} (expected ${status}): ${text}`);
    return JSON.parse(text) as T;
  };

  /** PUTs the scenario, runs it and waits until the job finished. */
  const runScenario = async (name: string, scenario: unknown): Promise<JobView> => {
    await json(
      await http(`/scenarios/${name}`, { method: 'PUT', token: 'planner', body: scenario }),
    );
    const { jobId } = await json<JobView>(
      await http(`/scenarios/${name}/runs`, { method: 'POST', token: 'planner' }),
      202,
    );
    return eventually(
      async () => {
        const job = await json<JobView>(await http(`/jobs/${jobId}`, { token: 'viewer' }));
        if (job.status !== 'succeeded' && job.status !== 'failed') throw new Error(job.status);
        return job;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
  };

  const planOf = async (planId: string): Promise<PlanDocument> =>
    planDocumentSchema.parse(
      JSON.parse(await (await http(`/plans/${planId}`, { token: 'viewer' })).text()),
    );

  const placement = (plan: PlanDocument) => ({
    hosts: plan.hosts.map((h) => ({ id: h.id, assets: h.assets })),
    unplaced: plan.unplaced,
    lowerBound: plan.summary.lowerBound,
  });

  let baselinePlanId = '';
  let rulesPlanId = '';

  it('plans a scenario over the Bitbrains traces of 30 simulated servers exactly as planEstate does on the same estate', async () => {
    const job = await runScenario('baseline', { options: OPTIONS });
    expect([job.status, job.error]).toEqual(['succeeded', undefined]);
    expect(job).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      scenario: { name: 'baseline', revision: 1 },
    });
    baselinePlanId = job.planId!;

    const expected = planEstate(estate, OPTIONS, { source: 'files', format: 'bitbrains' }, CONTEXT);
    const plan = await planOf(baselinePlanId);
    expect(plan.summary.assets).toBe(30);
    expect(plan.hosts.length).toBeGreaterThan(1);
    expect(placement(plan)).toEqual(placement(expected.plan));
    expect(plan.summary.hosts).toBe(expected.plan.summary.hosts);

    const csv = await (await http(`/plans/${baselinePlanId}/csv`, { token: 'viewer' })).text();
    expect(csv).toBe(planToCsv(expected.plan));
    const report = await http(`/plans/${baselinePlanId}/report`, { token: 'viewer' });
    expect(report.headers.get('content-type')).toContain('text/html');
    const html = await report.text();
    expect(html).toContain('Workload per host');
    expect(html).not.toContain('Compatibility');

    // The estate came in several pages, each reply far below NATS's 1 MiB limit.
    expect(responders.requests.get('vplan.workloads.estate.page.v1')).toBeGreaterThan(1);
    expect(responders.largestReply).toBeLessThan(1024 * 1024);

    await eventually(() => {
      const mine = events.filter(
        (e) => e.data['jobId'] === job.jobId || e.data['id'] === baselinePlanId,
      );
      const kinds = new Set(mine.map((e) => e.subject.split('.').slice(-3, -1).join('.')));
      expect([...kinds].sort()).toEqual(['job.completed', 'job.progressed', 'plan.created']);
    });
  });

  it('plans with the inventory and a pinned rule set as planEstate with the same rules, with the compatibility section', async () => {
    const inventory: Asset[] = traces.map((t, i) =>
      makeAsset(t.id, { business: { environment: i % 3 === 0 ? 'prod' : 'dev' } }),
    );
    responders.inventory = inventory;
    const rules = await readFile(join(REPO, 'rules/environment.yaml'), 'utf8');
    responders.addSource('ruleset', 'environment', rules);

    const job = await runScenario('rules', { options: OPTIONS, ruleset: { name: 'environment' } });
    expect([job.status, job.error]).toEqual(['succeeded', undefined]);
    rulesPlanId = job.planId!;
    const stored = await json<ScenarioRecord>(await http('/scenarios/rules', { token: 'viewer' }));
    expect(stored.scenario.ruleset).toEqual({ name: 'environment', version: 1 });

    const ruleSet = unwrapFormatResult(parseRuleSet(rules, 'rulesets/environment@1'));
    const expected = planEstate(
      joinEstate(traces, inventory),
      OPTIONS,
      { source: 'files', format: 'bitbrains' },
      CONTEXT,
      ruleConstraints(ruleSet),
    );
    const plan = await planOf(rulesPlanId);
    expect(placement(plan)).toEqual(placement(expected.plan));
    expect(plan.summary.rules).toEqual(expected.plan.summary.rules);
    const html = await (await http(`/plans/${rulesPlanId}/report`, { token: 'viewer' })).text();
    expect(html).toContain('Compatibility');

    const filtered = await runScenario('prod-only', {
      options: OPTIONS,
      assets: { filter: { environment: 'prod' } },
    });
    const prod = await planOf(filtered.planId!);
    expect(prod.summary.assets).toBe(10);
    expect(prod.hosts.flatMap((h) => h.assets).sort()).toEqual(
      inventory
        .filter((a) => a.business.environment === 'prod')
        .map((a) => a.id)
        .sort(),
    );
  });

  it('fails a job whose target model does not exist, naming it', async () => {
    const targets = await readFile(join(REPO, 'rules/targets.example.yaml'), 'utf8');
    responders.addSource('targets', 'hosts', targets);
    const job = await runScenario('bad-target', {
      options: OPTIONS,
      ruleset: { name: 'environment' },
      targets: { name: 'hosts', target: 'no-such-model' },
    });
    expect(job.status).toBe('failed');
    expect(job.errorCode).toBe('BAD_REQUEST');
    expect(job.error).toContain('no-such-model');
  });

  it('keeps scenario revisions: the same body is no new revision, a change is; deleted scenarios leave the list', async () => {
    const same = await json<ScenarioRecord & { created: boolean }>(
      await http('/scenarios/baseline', {
        method: 'PUT',
        token: 'planner',
        body: { options: OPTIONS },
      }),
    );
    expect(same).toMatchObject({ revision: 1, created: false });
    const changed = await json<ScenarioRecord & { created: boolean }>(
      await http('/scenarios/baseline', {
        method: 'PUT',
        token: 'planner',
        body: { options: { ...OPTIONS, seed: 7 } },
      }),
    );
    expect(changed).toMatchObject({ revision: 2, created: true });
    const first = await json<ScenarioRecord>(
      await http('/scenarios/baseline?revision=1', { token: 'viewer' }),
    );
    expect(first.scenario.options.seed).toBe(1);
    const list = await json<{ items: { name: string; revision: number }[] }>(
      await http('/scenarios', { token: 'viewer' }),
    );
    expect(list.items.map((s) => [s.name, s.revision])).toEqual([
      ['bad-target', 1],
      ['baseline', 2],
      ['prod-only', 1],
      ['rules', 1],
    ]);
    expect(
      (await http('/scenarios/prod-only', { method: 'DELETE', token: 'planner' })).status,
    ).toBe(200);
    expect((await http('/scenarios/prod-only', { token: 'viewer' })).status).toBe(404);
    const after = await json<{ items: { name: string }[] }>(
      await http('/scenarios', { token: 'viewer' }),
    );
    expect(after.items.map((s) => s.name)).not.toContain('prod-only');
  });

  it('lists jobs and plans and compares two plans', async () => {
    const jobs = await json<{ items: JobView[] }>(
      await http('/jobs?scenario=baseline', { token: 'viewer' }),
    );
    expect(jobs.items.map((j) => j.planId)).toEqual([baselinePlanId]);
    const plans = await json<{ items: { id: string }[] }>(
      await http('/plans', { token: 'viewer' }),
    );
    expect(plans.items.map((p) => p.id)).toEqual(
      expect.arrayContaining([baselinePlanId, rulesPlanId]),
    );

    const a = await planOf(baselinePlanId);
    const b = await planOf(rulesPlanId);
    const diff = await json<{
      delta: { hosts: number; placed: number };
      assets: { placedInBoth: number; moved: number; movedSample: { asset: string }[] };
    }>(await http(`/plans/compare?a=${baselinePlanId}&b=${rulesPlanId}`, { token: 'viewer' }));
    expect(diff.delta.hosts).toBe(b.summary.hosts - a.summary.hosts);
    expect(diff.delta.placed).toBe(b.summary.placed - a.summary.placed);
    const hostIn = (plan: PlanDocument) =>
      new Map(plan.hosts.flatMap((h) => h.assets.map((x) => [x, h.id] as const)));
    const ha = hostIn(a);
    const hb = hostIn(b);
    const moved = [...ha].filter(([x, h]) => hb.has(x) && hb.get(x) !== h).length;
    expect(diff.assets.moved).toBe(moved);
    expect(diff.assets.placedInBoth).toBe([...ha.keys()].filter((x) => hb.has(x)).length);

    const compare = async (x: string, y: string): Promise<PlanComparison> =>
      planComparisonSchema.parse(
        await json(await http(`/plans/compare?a=${x}&b=${y}`, { token: 'viewer' })),
      );
    const self = await compare(baselinePlanId, baselinePlanId);
    expect(self.identical).toBe(true);
    expect(self.differences).toEqual([]);
    expect(self.assetsByModel.changed).toBe(0);
    expect([self.pairs.split, self.pairs.joined]).toEqual([0, 0]);
    expect(self.byModel.every((m) => m.a === m.b)).toBe(true);

    // More headroom: more hosts of the same model; the CLI's comparison of the same plans.
    const roomy = await runScenario('headroom', { options: { ...OPTIONS, headroom: 0.5 } });
    expect(roomy.status).toBe('succeeded');
    const c = await planOf(roomy.planId!);
    const cmp = await compare(baselinePlanId, roomy.planId!);
    expect(cmp.identical).toBe(false);
    expect(cmp.byModel).toEqual([
      { model: a.hostModel.name, a: a.hosts.length, b: c.hosts.length },
    ]);
    expect(c.hosts.length).toBeGreaterThan(a.hosts.length);
    const cli = comparePlanDocuments([
      { name: baselinePlanId, plan: a },
      { name: roomy.planId!, plan: c },
    ]);
    const d = cli.differences[0]!;
    expect(cmp.pairs).toEqual({
      kept: d.pairsKept,
      split: d.pairsSplit,
      joined: d.pairsJoined,
      splitSample: d.pairsSplitSample,
      joinedSample: d.pairsJoinedSample,
    });
    expect(cmp.differences).toEqual(differenceLines(d, baselinePlanId));
  });

  it('answers the PLANNING subjects over NATS', async () => {
    const plan = await client.request(PLANNING.getPlan, { id: baselinePlanId });
    expect(plan.delivery).toBe('inline');
    expect(plan.delivery === 'inline' && plan.plan.hosts).toEqual(
      (await planOf(baselinePlanId)).hosts,
    );
    const scenario = await client.request(PLANNING.getScenario, { name: 'baseline', revision: 1 });
    expect(scenario.scenario.options.hostCpuMhz).toBe(8000);
    const created = await client.request(PLANNING.createScenario, {
      name: 'over-nats',
      scenario: { options: { hostCpuMhz: 8000, resources: ['cpu'] } },
    });
    expect(created.revision).toBe(1);
    await expect(
      client.request(PLANNING.createScenario, { name: 'over-nats', scenario: created.scenario }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const job = await client.request(PLANNING.runScenario, { name: 'over-nats' });
    const done = await eventually(
      async () => {
        const j = await client.request(PLANNING.getJob, { id: job.id });
        if (j.status !== 'succeeded') throw new Error(j.status);
        return j;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    const listed = await client.request(PLANNING.listPlans, { scenario: 'over-nats' });
    expect(listed.items.map((p) => p.id)).toEqual([done.planId]);
    const cmp = await client.request(PLANNING.comparePlans, { a: baselinePlanId, b: done.planId! });
    expect(cmp.a.id).toBe(baselinePlanId);
    expect(cmp.figures.b.hosts).toBe(cmp.b.summary.hosts);
    const self = await client.request(PLANNING.comparePlans, { a: done.planId!, b: done.planId! });
    expect([self.identical, self.differences]).toEqual([true, []]);
    await expect(client.request(PLANNING.getJob, { id: 'job-nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers 401 without a token, 403 to a weaker role, 400 naming the bad field', async () => {
    const paths: [string, string][] = [
      ['GET', '/scenarios'],
      ['PUT', '/scenarios/x'],
      ['GET', '/scenarios/x'],
      ['DELETE', '/scenarios/x'],
      ['POST', '/scenarios/x/runs'],
      ['GET', '/jobs'],
      ['GET', '/jobs/x'],
      ['GET', '/plans'],
      ['GET', '/plans/compare?a=x&b=y'],
      ['GET', '/plans/x'],
      ['GET', '/plans/x/csv'],
      ['GET', '/plans/x/report'],
    ];
    for (const [method, path] of paths) {
      const res = await http(path, { method });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    for (const [method, path] of paths.filter(([m]) => m !== 'GET')) {
      for (const token of ['viewer', 'operator'] as const) {
        const res = await http(path, { method, token, body: { options: OPTIONS } });
        expect([method, path, token, res.status]).toEqual([method, path, token, 403]);
      }
    }
    const bad = await http('/scenarios/x', {
      method: 'PUT',
      token: 'planner',
      body: { options: { hostCpuMhz: -1, hostMemoryGiB: 16, colour: 'red' } },
    });
    expect(bad.status).toBe(400);
    const { error } = errorBodySchema.parse(await bad.json());
    expect(error.details?.map((d) => d.path).sort()).toEqual(['options', 'options.hostCpuMhz']);
    const noMemory = await http('/scenarios/x', {
      method: 'PUT',
      token: 'planner',
      body: { options: { hostCpuMhz: 8000 } },
    });
    expect(errorBodySchema.parse(await noMemory.json()).error.details?.[0]?.path).toBe(
      'options.hostMemoryGiB',
    );
    const unknownRules = await http('/scenarios/x', {
      method: 'PUT',
      token: 'planner',
      body: { options: OPTIONS, ruleset: { name: 'nope' } },
    });
    expect(unknownRules.status).toBe(400);
    expect(errorBodySchema.parse(await unknownRules.json()).error.message).toContain(
      'ruleset.name',
    );
    expect((await http('/jobs?limit=0', { token: 'viewer' })).status).toBe(400);
    expect((await http('/jobs/job-nope', { token: 'viewer' })).status).toBe(404);
    expect((await http('/plans/plan-nope/report', { token: 'viewer' })).status).toBe(404);
    expect((await http('/scenarios/nope/runs', { method: 'POST', token: 'planner' })).status).toBe(
      404,
    );
  });
});
