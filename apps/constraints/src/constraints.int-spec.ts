import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONSTRAINTS, STREAMS, errorBodySchema, prefixed, type Evaluation } from '@vplan/contracts';
import { makeAsset } from '@vplan/domain';
import { parseTargetModels } from '@vplan/formats';
import { loadConfig, type ServiceClient } from '@vplan/platform';
import { analyzeCompatibility, explainPair, parseRuleSet } from '@vplan/rules';
import { ISSUE_RULES } from '@vplan/rules/src/rules.fixture';
import { generateEstate } from '@vplan/simulation';
import { TEST_TOKENS, startTestService, type TestService } from '@vplan/service-testing';
import { eventually, uniquePrefix } from '@vplan/testing';
import type { NatsConnection } from 'nats';
import { ConstraintsModule } from './constraints.module';
import { RESPONDER_PAGE, InventoryResponder } from './testing/inventory-responder.fixture';

jest.setTimeout(60_000);

const TOKENS = TEST_TOKENS;
const TARGETS_YAML = readFileSync(
  path.join(__dirname, '../../../rules/targets.example.yaml'),
  'utf8',
);
/** ISSUE_RULES with two broken rules (lines 3 and 5). */
const BAD_RULES = ISSUE_RULES.replace(
  'kind: pair, require: { intersect: vlans }',
  'kind: pairs, require: { intersect: vlans }',
).replace(
  '{ id: dr, kind: pair, require: { different: dr_group }, severity: hard }',
  '{ id: dr, kind: pair, require: { different: dr_group }, severity: hard, penalty: 5 }',
);

// The stand-in inventory's assets: a simulated estate, plus many bare ones for the
// large-report case (`batch: bulk`, one compatibility class of 20,000 members).
const estate = generateEstate({ servers: 60, seed: 7, weeks: 2 }).assets;
const bulk = Array.from({ length: 20_000 }, (_, i) =>
  makeAsset(`bulk-server-${String(i).padStart(6, '0')}-of-the-large-estate`, {
    custom: { batch: 'bulk' },
  }),
);

describe('constraints service (real NATS and MongoDB-wire server)', () => {
  const prefix = uniquePrefix('constraints');
  let h: TestService;
  let base: string;
  let nc: NatsConnection;
  let client: ServiceClient;
  let inventory: InventoryResponder;

  beforeAll(async () => {
    h = await startTestService({
      name: 'constraints',
      module: ConstraintsModule,
      prefix,
      config: (env) => loadConfig(undefined, env),
      timeoutMs: 30_000,
      beforeBoot: (connection) => {
        inventory = new InventoryResponder(connection, prefix, [...estate, ...bulk]);
        inventory.start();
      },
    });
    ({ nc, client } = h);
    base = `${h.base}/api/v1`;
  });

  afterAll(async () => {
    inventory?.stop();
    await h?.close();
  });

  const http = (
    route: string,
    init: RequestInit & { token?: keyof typeof TOKENS; type?: string } = {},
  ) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
    if (init.body) headers.set('content-type', init.type ?? 'application/json');
    return fetch(`${base}${route}`, { ...init, headers });
  };
  const put = (route: string, body: string, token: keyof typeof TOKENS = 'planner') =>
    http(route, { method: 'PUT', body, token, type: 'application/yaml' });
  const json = async <T = Record<string, unknown>>(res: Response): Promise<T> =>
    (await res.json()) as T;

  /** The `…published` events in the constraints stream, as `<id>@<version>`. */
  async function publishedEvents(subject: string): Promise<string[]> {
    const jsm = await nc.jetstreamManager();
    const stream = prefixed(prefix, STREAMS.VPLAN_EVT_CONSTRAINTS.name);
    const { state } = await jsm.streams.info(stream);
    const out: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      if (msg.subject !== prefixed(prefix, subject)) continue;
      const { data } = msg.json<{ data: { id: string; version: number } }>();
      out.push(`${data.id}@${data.version}`);
    }
    return out;
  }

  describe('rule sets', () => {
    it('stores each PUT as a new immutable version and serves every version', async () => {
      const first = await put('/rulesets/issue-rules', ISSUE_RULES);
      expect(first.status).toBe(201);
      const v1 = await json(first);
      expect(v1).toMatchObject({
        id: 'issue-rules',
        name: 'issue-rules',
        version: 1,
        createdBy: 'planner-user',
      });
      const edited = ISSUE_RULES.replace('penalty: 40', 'penalty: 30');
      const v2 = await json(await put('/rulesets/issue-rules', edited));
      expect(v2).toMatchObject({ version: 2, source: edited });

      const latest = await json(await http('/rulesets/issue-rules', { token: 'viewer' }));
      expect(latest).toMatchObject({ version: 2, source: edited });
      const one = await json(await http('/rulesets/issue-rules/versions/1', { token: 'viewer' }));
      expect(one['source']).toBe(ISSUE_RULES);
      const expected = parseRuleSet(ISSUE_RULES, 'issue-rules');
      if (!expected.ok) throw expected.error;
      expect(one['parsed']).toEqual(JSON.parse(JSON.stringify(expected.value)));
      const history = await json<{ items: { version: number }[] }>(
        await http('/rulesets/issue-rules/versions', { token: 'viewer' }),
      );
      expect(history.items.map((v) => v.version)).toEqual([1, 2]);
      const list = await json<{ items: { id: string; latestVersion: number }[] }>(
        await http('/rulesets', { token: 'viewer' }),
      );
      expect(list.items).toContainEqual(
        expect.objectContaining({ id: 'issue-rules', latestVersion: 2 }),
      );
      expect(
        await eventually(async () => {
          const events = await publishedEvents(CONSTRAINTS.rulesetPublished.subject);
          if (events.length < 2) throw new Error(`events: ${events.join()}`);
          return events;
        }),
      ).toEqual(['issue-rules@1', 'issue-rules@2']);
    });

    it('gives concurrent PUTs distinct version numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => put('/rulesets/racy', ISSUE_RULES).then((r) => json(r))),
      );
      expect(results.map((r) => r['version']).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const latest = await json(await http('/rulesets/racy', { token: 'viewer' }));
      expect(latest['version']).toBe(6);
    });

    it('answers 400 naming every bad line and rule, and stores nothing', async () => {
      const res = await put('/rulesets/issue-rules', BAD_RULES);
      expect(res.status).toBe(400);
      const { error } = errorBodySchema.parse(await res.json());
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(
        /^rule set issue-rules: 2 problems, first issue-rules:3:\d+: rule vlan: unknown kind 'pairs'/,
      );
      expect(error.details?.map((d) => d.message)).toEqual([
        expect.stringMatching(/^issue-rules:3:\d+: rule vlan: unknown kind 'pairs'/),
        expect.stringMatching(/^issue-rules:5:\d+: rule dr: penalty is for soft rules only/),
      ]);
      expect(error.details?.[0]?.path).toMatch(/^issue-rules:3:\d+$/);
      const latest = await json(await http('/rulesets/issue-rules', { token: 'viewer' }));
      expect(latest['version']).toBe(2);
      expect((await put('/rulesets/never-stored', BAD_RULES)).status).toBe(400);
      expect((await http('/rulesets/never-stored', { token: 'viewer' })).status).toBe(404);
      expect((await put('/rulesets/bad name!', ISSUE_RULES)).status).toBe(400);
    });

    it('takes a JSON rule set as application/json', async () => {
      const res = await http('/rulesets/json-rules', {
        method: 'PUT',
        token: 'planner',
        body: JSON.stringify({
          rules: [{ id: 'env', kind: 'pair', require: { same: 'environment' }, severity: 'hard' }],
        }),
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({ version: 1, parsed: { rules: [{ id: 'env' }] } });
    });

    it('serves versions by name over NATS, as planning reads them', async () => {
      const v1 = await client.request(CONSTRAINTS.getRuleset, { id: 'issue-rules', version: 1 });
      expect(v1.source).toBe(ISSUE_RULES);
      expect((await client.request(CONSTRAINTS.getRuleset, { id: 'issue-rules' })).version).toBe(2);
      await expect(
        client.request(CONSTRAINTS.getRuleset, { id: 'issue-rules', version: 9 }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'rule set issue-rules has no version 9',
      });
      await expect(
        client.request(CONSTRAINTS.createRuleset, { name: 'issue-rules', source: ISSUE_RULES }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        client.request(CONSTRAINTS.updateRuleset, {
          id: 'issue-rules',
          source: ISSUE_RULES,
          expectedVersion: 1,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const v3 = await client.request(CONSTRAINTS.updateRuleset, {
        id: 'issue-rules',
        source: ISSUE_RULES,
        expectedVersion: 2,
      });
      expect(v3.version).toBe(3);
      const created = await client.request(CONSTRAINTS.createRuleset, {
        name: 'via-nats',
        source: ISSUE_RULES,
      });
      expect(created.version).toBe(1);

      const names: string[] = [];
      let after: string | undefined;
      do {
        const page = await client.request(CONSTRAINTS.listRulesets, {
          limit: 1,
          ...(after ? { after } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(1);
        names.push(...page.items.map((s) => s.id));
        after = page.next;
      } while (after);
      expect(names).toEqual(['issue-rules', 'json-rules', 'racy', 'via-nats']);
      const versions = await client.request(CONSTRAINTS.rulesetVersions, {
        id: 'issue-rules',
        limit: 2,
      });
      expect(versions.items.map((v) => v.version)).toEqual([1, 2]);
      expect(versions.next).toBe('2');
    });

    it('soft-deletes: hidden from the list and latest, versions stay readable, a PUT revives it', async () => {
      expect((await http('/rulesets/racy', { method: 'DELETE', token: 'operator' })).status).toBe(
        403,
      );
      const del = await http('/rulesets/racy', { method: 'DELETE', token: 'planner' });
      expect(del.status).toBe(200);
      expect(await json(del)).toEqual({ id: 'racy', deleted: true });
      expect((await http('/rulesets/racy', { token: 'viewer' })).status).toBe(404);
      expect((await http('/rulesets/racy/versions/6', { token: 'viewer' })).status).toBe(200);
      expect((await http('/rulesets/racy', { method: 'DELETE', token: 'planner' })).status).toBe(
        404,
      );
      const list = await json<{ items: { id: string }[] }>(
        await http('/rulesets', { token: 'viewer' }),
      );
      expect(list.items.map((s) => s.id)).not.toContain('racy');
      expect(await json(await put('/rulesets/racy', ISSUE_RULES))).toMatchObject({ version: 7 });
    });
  });

  describe('target sets', () => {
    it('versions target models and refuses a bad file naming the line and target', async () => {
      const v1 = await put('/targets/std', TARGETS_YAML);
      expect(v1.status).toBe(201);
      const expected = parseTargetModels(TARGETS_YAML, 'std');
      if (!expected.ok) throw expected.error;
      expect(await json(v1)).toMatchObject({
        version: 1,
        parsed: JSON.parse(JSON.stringify(expected.value)),
      });
      expect(await json(await put('/targets/std', TARGETS_YAML))).toMatchObject({ version: 2 });
      expect(await json(await http('/targets/std/versions/1', { token: 'viewer' }))).toMatchObject({
        version: 1,
        source: TARGETS_YAML,
      });

      const bad = await put('/targets/std', TARGETS_YAML.replace('max_vms: 20', 'max_vms: -3'));
      expect(bad.status).toBe(400);
      const { error } = errorBodySchema.parse(await bad.json());
      const line = TARGETS_YAML.split('\n').findIndex((l) => l.includes('max_vms: 20')) + 1;
      expect(error.details?.[0]?.message).toMatch(
        new RegExp(`^std:${line}:\\d+: target gpu-2s-32c: max_vms`),
      );
      expect((await json(await http('/targets/std', { token: 'viewer' })))['version']).toBe(2);
      const got = await client.request(CONSTRAINTS.getTargetSet, { id: 'std', version: 2 });
      expect(got.parsed.map((t) => t.name)).toEqual(['std-2s-48c', 'gpu-2s-32c', 'std-1s-32c']);
      expect(
        await eventually(async () => {
          const events = await publishedEvents(CONSTRAINTS.targetSetPublished.subject);
          if (events.length < 2) throw new Error(`events: ${events.join()}`);
          return events;
        }),
      ).toEqual(['std@1', 'std@2']);
    });
  });

  describe('evaluation against inventory over NATS', () => {
    const prod = estate.filter((a) => a.business.environment === 'prod');
    const rules = (() => {
      const r = parseRuleSet(ISSUE_RULES, 'issue-rules');
      if (!r.ok) throw r.error;
      return r.value;
    })();
    const targets = (() => {
      const t = parseTargetModels(TARGETS_YAML, 'std');
      if (!t.ok) throw t.error;
      return t.value;
    })();
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

    it('evaluates a filter scope read page by page: the same report as the library', async () => {
      expect(prod.length).toBeGreaterThan(RESPONDER_PAGE);
      const res = await http('/evaluate', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({
          ruleset: 'issue-rules',
          version: 1,
          targets: 'std',
          filter: { environment: 'prod' },
        }),
      });
      expect(res.status).toBe(200);
      const body = await json<Evaluation & { delivery: 'inline' }>(res);
      const expected = analyzeCompatibility(rules, prod, targets);
      expect(body.ruleset).toEqual({ id: 'issue-rules', version: 1 });
      expect(body.targets).toEqual({ id: 'std', version: 2 });
      expect(body.summary).toEqual({
        assets: prod.length,
        classes: expected.classes.length,
        blocked: expected.blockers.length,
        warned: expected.warnings?.length ?? 0,
      });
      expect(body.report).toEqual(plain({ ...expected, ruleSet: 'issue-rules' }));
      expect(body.summary.classes).toBeGreaterThan(1);
    });

    it('evaluates explicit asset ids and names the ones inventory lacks', async () => {
      const ids = estate.slice(0, 5).map((a) => a.id);
      const ok = await json<{ summary: { assets: number } }>(
        await http('/evaluate', {
          method: 'POST',
          token: 'viewer',
          body: JSON.stringify({ ruleset: 'issue-rules', assetIds: ids }),
        }),
      );
      expect(ok.summary.assets).toBe(5);
      const missing = await http('/evaluate', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({ ruleset: 'issue-rules', assetIds: [...ids, 'no-such-server'] }),
      });
      expect(missing.status).toBe(404);
      expect(errorBodySchema.parse(await missing.json()).error.message).toBe(
        '1 asset not in inventory: no-such-server',
      );
      const bad = await http('/evaluate', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({
          ruleset: 'issue-rules',
          assetIds: ids,
          filter: {},
          targetsVersion: 1,
        }),
      });
      expect(bad.status).toBe(400);
      expect(
        errorBodySchema
          .parse(await bad.json())
          .error.details?.map((d) => d.path)
          .sort(),
      ).toEqual(['filter', 'targetsVersion']);
    });

    it('explains a pair as explainPair does', async () => {
      const [a, b] = [prod[0]!, estate.find((x) => x.business.environment !== 'prod')!];
      const res = await http('/explain', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({ ruleset: 'issue-rules', version: 1, a: a.id, b: b.id }),
      });
      expect(res.status).toBe(200);
      const body = await json<{
        ruleset: unknown;
        explanation: { score: number; rules: { ruleId: string; outcome: string }[] };
      }>(res);
      expect(body.ruleset).toEqual({ id: 'issue-rules', version: 1 });
      expect(body.explanation).toEqual(plain(explainPair(rules, a, b)));
      expect(body.explanation.rules.find((r) => r.ruleId === 'env')?.outcome).toBe('fires');
      expect(body.explanation.score).toBe(0);
      const unknown = await http('/explain', {
        method: 'POST',
        token: 'viewer',
        body: JSON.stringify({ ruleset: 'issue-rules', a: a.id, b: 'ghost' }),
      });
      expect(unknown.status).toBe(404);
    });

    it('answers a large evaluation over NATS through the Object Store, never a message over 1 MB', async () => {
      const evaluation = await client.request(
        CONSTRAINTS.evaluate,
        { ruleset: { id: 'issue-rules', version: 1 }, scope: { filters: { batch: 'bulk' } } },
        { timeoutMs: 60_000 },
      );
      expect(evaluation.summary.assets).toBe(bulk.length);
      if (evaluation.delivery !== 'object-store')
        throw new Error('expected the object-store delivery');
      const js = nc.jetstream();
      const store = await js.views.os(evaluation.object.bucket);
      const blob = await store.getBlob(evaluation.object.name);
      expect(blob?.length).toBe(evaluation.object.bytes);
      expect(evaluation.object.bytes).toBeGreaterThan(1024 * 1024 * 0.5);
      const report = JSON.parse(new TextDecoder().decode(blob!)) as {
        classes: { members: string[] }[];
      };
      expect(report).toEqual(
        plain({ ...analyzeCompatibility(rules, bulk), ruleSet: 'issue-rules' }),
      );
      expect(report.classes[0]?.members).toHaveLength(bulk.length);

      const small = await client.request(CONSTRAINTS.evaluate, {
        ruleset: { id: 'issue-rules' },
        scope: { assetIds: [estate[0]!.id] },
      });
      expect(small.delivery).toBe('inline');
    });
  });

  describe('auth', () => {
    it('answers 401 without a token and 403 with a role too weak', async () => {
      for (const res of [
        await http('/rulesets'),
        await http('/targets/std'),
        await http('/evaluate', { method: 'POST', body: '{}' }),
        await http('/explain', { method: 'POST', body: '{}' }),
        await http('/rulesets/x', { method: 'PUT', body: 'rules: []', type: 'text/plain' }),
      ]) {
        expect(res.status).toBe(401);
      }
      for (const route of ['/rulesets/x', '/targets/x']) {
        expect((await put(route, ISSUE_RULES, 'viewer')).status).toBe(403);
        expect((await put(route, ISSUE_RULES, 'operator')).status).toBe(403);
      }
      expect((await http('/targets/std', { method: 'DELETE', token: 'viewer' })).status).toBe(403);
      expect((await http('/rulesets/x', { token: 'viewer' })).status).toBe(404);
    });
  });
});
