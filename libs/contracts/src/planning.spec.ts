import { planEstate, planOptionsSchema } from '@vplan/engine';
import * as formats from '@vplan/formats';
import { generateEstate } from '@vplan/simulation';
import { planDocumentSchema } from './index';
import { PLANNING, scenarioSchema } from './planning';

const REF = { id: 'ts-1', version: 3 };

describe('scenarios', () => {
  it('default their sizing exactly as the embedded planner does', () => {
    const scenario = scenarioSchema.parse({
      name: 'baseline',
      host: { kind: 'inline', cpuMhz: 46_800, memoryGiB: 128 },
    });
    const options = planOptionsSchema.parse({ hostCpuMhz: 46_800, hostMemoryGiB: 128 });
    const { hostCpuMhz: _c, hostMemoryGiB: _m, hostModelName: _n, ...sizing } = options;
    expect(scenario).toMatchObject(sizing);
    expect(scenario.assets).toEqual({});
    expect(scenario.host).toEqual({ kind: 'inline', name: 'host', cpuMhz: 46_800, memoryGiB: 128 });
  });

  it('pin the version of every document they reference', () => {
    const base = { name: 'rules', host: { kind: 'target', targets: REF, model: 'std' } };
    expect(scenarioSchema.safeParse({ ...base, ruleset: { id: 'rs-1', version: 2 } }).success).toBe(
      true,
    );
    const unpinned = scenarioSchema.safeParse({ ...base, ruleset: { id: 'rs-1' } });
    expect(unpinned.error?.issues[0]?.path).toEqual(['ruleset', 'version']);
  });

  it('need the host memory when memory is planned', () => {
    const s = scenarioSchema.safeParse({ name: 'x', host: { kind: 'inline', cpuMhz: 1000 } });
    expect(s.error?.issues[0]?.path).toEqual(['host', 'memoryGiB']);
    expect(
      scenarioSchema.safeParse({
        name: 'x',
        host: { kind: 'inline', cpuMhz: 1000 },
        resources: ['cpu'],
      }).success,
    ).toBe(true);
  });
});

describe('plans', () => {
  it('are the plan.json of @vplan/formats, carried unchanged', () => {
    expect(planDocumentSchema).toBe(formats.planDocumentSchema);
    const estate = generateEstate({ servers: 40, weeks: 2 });
    const options = planOptionsSchema.parse({
      hostCpuMhz: 46_800,
      hostMemoryGiB: 256,
      timeBudgetMs: 2000,
    });
    let t = 0;
    const { plan } = planEstate(
      estate,
      options,
      { source: 'sim', format: 'simulation' },
      {
        clock: () => (t += 1),
        now: () => '2026-01-12T00:00:00Z',
      },
    );
    const reply = {
      meta: {
        id: 'p1',
        jobId: 'j1',
        scenario: { id: 's1', revision: 1 },
        createdAt: plan.generatedAt,
        summary: plan.summary,
      },
      delivery: 'inline',
      plan,
    };
    expect(PLANNING.getPlan.response.parse(reply)).toEqual(reply);
    expect(PLANNING.planCreated.data.parse(reply.meta)).toEqual(reply.meta);
  });

  it('name the status and progress of a job', () => {
    const job = {
      id: 'j1',
      scenario: { id: 's1', revision: 2 },
      status: 'running',
      progress: { phase: 'packing', hosts: 12, lowerBound: 10, elapsedMs: 1500 },
      attempts: 1,
      createdAt: '2026-01-12T00:00:00Z',
    };
    expect(PLANNING.getJob.response.parse(job)).toEqual(job);
    expect(PLANNING.getJob.response.safeParse({ ...job, status: 'done' }).success).toBe(false);
    expect(PLANNING.runJob.stream).toBe('VPLAN_PLANNING_JOBS');
  });
});
