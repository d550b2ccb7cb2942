import * as formats from '@vplan/formats';
import { planOptionsSchema } from '@vplan/formats';
import { planDocumentSchema } from './index';
import { PLANNING, scenarioSchema } from './planning';

describe('scenarios', () => {
  it('take the embedded planner options with its defaults', () => {
    const scenario = scenarioSchema.parse({ options: { hostCpuMhz: 46_800, hostMemoryGiB: 128 } });
    const options = planOptionsSchema.parse({ hostCpuMhz: 46_800, hostMemoryGiB: 128 });
    expect(scenario.options).toEqual(options);
    expect(scenario.assets).toBeUndefined();
  });

  it('accept the body vplan plan --api sends, rule and target refs included', () => {
    const options = planOptionsSchema.parse({ hostCpuMhz: 46_800, hostMemoryGiB: 128 });
    const body = {
      options,
      ruleset: { name: 'standard', version: 2 },
      targets: { name: 'hosts', version: 1, target: 'std' },
      assets: { filter: { environment: 'prod' } },
    };
    expect(scenarioSchema.parse(body)).toEqual(body);
  });

  it('name an unknown option and a missing host memory', () => {
    const unknown = scenarioSchema.safeParse({ options: { hostCpuMhz: 1000, colour: 'red' } });
    expect(unknown.error?.issues[0]?.path).toEqual(['options']);
    const s = scenarioSchema.safeParse({ options: { hostCpuMhz: 1000 } });
    expect(s.error?.issues[0]?.path).toEqual(['options', 'hostMemoryGiB']);
    expect(
      scenarioSchema.safeParse({ options: { hostCpuMhz: 1000, resources: ['cpu'] } }).success,
    ).toBe(true);
  });
});

describe('plans', () => {
  it('are the plan.json of @vplan/formats, carried unchanged', () => {
    expect(planDocumentSchema).toBe(formats.planDocumentSchema);
    const plan = formats.planDocumentSchema.parse({
      schemaVersion: formats.PLAN_SCHEMA_VERSION,
      generatedAt: '2026-01-12T00:00:00Z',
      input: {
        source: 'sim',
        format: 'simulation',
        resources: ['cpu'],
        percentile: 100,
        stepSeconds: 300,
        slots: 2,
        start: '2026-01-05T00:00:00.000Z',
      },
      hostModel: {
        name: 'h',
        capacity: { cpu: 1000 },
        headroom: { cpu: 0 },
        usable: { cpu: 1000 },
      },
      hosts: [
        {
          id: 'host-001',
          assets: ['a'],
          peak: { cpu: 10 },
          peakUtilization: { cpu: 0.01 },
          meanUtilization: { cpu: 0.01 },
          exceedance: { slots: 0, share: 0, worstRatio: 0.01 },
        },
      ],
      unplaced: [],
      summary: {
        assets: 1,
        placed: 1,
        hosts: 1,
        lowerBound: 1,
        gap: 0,
        limitingResource: 'cpu',
        strategy: 'time-aware',
        seed: 1,
        consolidationRatio: 1,
        stoppedBy: 'lower-bound',
        elapsedMs: 1,
        warnings: ['no reserve'],
      },
    });
    const reply = {
      meta: {
        id: 'p1',
        jobId: 'j1',
        scenario: { name: 's1', revision: 1 },
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
      scenario: { name: 's1', revision: 2 },
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
