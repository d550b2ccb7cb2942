import { Controller } from '@nestjs/common';
import { PLANNING, type RequestOf, type ResponseOf } from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import { JobRepository } from './jobs/job.repository';
import { RunsService } from './jobs/runs.service';
import { PlanRepository } from './plans/plan.repository';
import { PlansService } from './plans/plans.service';
import { ScenariosService } from './scenarios/scenarios.service';

type Req<K extends keyof typeof PLANNING> = RequestOf<(typeof PLANNING)[K]>;
type Res<K extends keyof typeof PLANNING> = Promise<ResponseOf<(typeof PLANNING)[K]>>;

/** The planning service's NATS request/reply subjects (contracts' PLANNING). */
@Controller()
export class PlanningHandler {
  constructor(
    private readonly scenarios: ScenariosService,
    private readonly runs: RunsService,
    private readonly jobs: JobRepository,
    private readonly plans: PlansService,
    private readonly planRepository: PlanRepository,
  ) {}

  @HandleRequest(PLANNING.createScenario, { mutating: true })
  async createScenario(
    @ZodPayload(PLANNING.createScenario.request) req: Req<'createScenario'>,
  ): Res<'createScenario'> {
    return (await this.scenarios.put(req.name, req.scenario, { mustBeNew: true })).record;
  }

  @HandleRequest(PLANNING.updateScenario, { mutating: true })
  async updateScenario(
    @ZodPayload(PLANNING.updateScenario.request) req: Req<'updateScenario'>,
  ): Res<'updateScenario'> {
    const opts =
      req.expectedRevision === undefined ? {} : { expectedRevision: req.expectedRevision };
    return (await this.scenarios.put(req.name, req.scenario, opts)).record;
  }

  @HandleRequest(PLANNING.getScenario)
  async getScenario(
    @ZodPayload(PLANNING.getScenario.request) req: Req<'getScenario'>,
  ): Res<'getScenario'> {
    return (await this.scenarios.get(req.name, req.revision)).record;
  }

  @HandleRequest(PLANNING.listScenarios)
  listScenarios(
    @ZodPayload(PLANNING.listScenarios.request) req: Req<'listScenarios'>,
  ): Res<'listScenarios'> {
    return this.scenarios.list(req.limit, req.after);
  }

  @HandleRequest(PLANNING.deleteScenario, { mutating: true })
  async deleteScenario(
    @ZodPayload(PLANNING.deleteScenario.request) req: Req<'deleteScenario'>,
  ): Res<'deleteScenario'> {
    return { name: req.name, deleted: await this.scenarios.delete(req.name) };
  }

  @HandleRequest(PLANNING.runScenario, { mutating: true })
  runScenario(
    @ZodPayload(PLANNING.runScenario.request) req: Req<'runScenario'>,
  ): Res<'runScenario'> {
    return this.runs.run(req.name, req.revision);
  }

  @HandleRequest(PLANNING.getJob)
  getJob(@ZodPayload(PLANNING.getJob.request) req: Req<'getJob'>): Res<'getJob'> {
    return this.jobs.get(req.id);
  }

  @HandleRequest(PLANNING.listJobs)
  listJobs(@ZodPayload(PLANNING.listJobs.request) req: Req<'listJobs'>): Res<'listJobs'> {
    return this.jobs.list(
      {
        ...(req.scenario ? { scenario: req.scenario } : {}),
        ...(req.status ? { status: req.status } : {}),
      },
      req.limit,
      req.after,
    );
  }

  @HandleRequest(PLANNING.getPlan)
  getPlan(@ZodPayload(PLANNING.getPlan.request) req: Req<'getPlan'>): Res<'getPlan'> {
    return this.plans.response(req.id);
  }

  @HandleRequest(PLANNING.listPlans)
  listPlans(@ZodPayload(PLANNING.listPlans.request) req: Req<'listPlans'>): Res<'listPlans'> {
    return this.planRepository.list(
      req.scenario ? { scenario: req.scenario } : {},
      req.limit,
      req.after,
    );
  }

  @HandleRequest(PLANNING.comparePlans)
  comparePlans(
    @ZodPayload(PLANNING.comparePlans.request) req: Req<'comparePlans'>,
  ): Res<'comparePlans'> {
    return this.plans.compare(req.a, req.b);
  }
}
