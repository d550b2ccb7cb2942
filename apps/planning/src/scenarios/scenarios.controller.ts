import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  scenarioSchema,
  type Page,
  type Scenario,
  type ScenarioRecord,
  type ScenarioSummary,
} from '@vplan/contracts';
import {
  AppError,
  CurrentPrincipal,
  Roles,
  ZodBody,
  ZodQuery,
  ZodValidationPipe,
  type Principal,
} from '@vplan/platform';
import type { z } from 'zod';
import { nameParamSchema, pageQuerySchema, revisionQuerySchema } from '../http-queries';
import { jobView, type JobView } from '../jobs/job-view';
import { RunsService } from '../jobs/runs.service';
import { ScenariosService } from './scenarios.service';

const name = new ZodValidationPipe(nameParamSchema, 'path :name');

@ApiTags('scenarios')
@Controller('api/v1/scenarios')
export class ScenariosController {
  constructor(
    private readonly scenarios: ScenariosService,
    private readonly runs: RunsService,
  ) {}

  /** Stores the scenario as a new revision (none when it equals the latest); pins rule and target versions. */
  @Roles('planner')
  @Put(':name')
  async put(
    @Param('name', name) scenarioName: string,
    @ZodBody(scenarioSchema) scenario: Scenario,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ScenarioRecord & { created: boolean }> {
    const { record, created } = await this.scenarios.put(scenarioName, scenario, {
      ...(principal ? { createdBy: principal.name } : {}),
    });
    return { ...record, created };
  }

  @Roles('viewer')
  @Get()
  list(
    @ZodQuery(pageQuerySchema) q: z.output<typeof pageQuerySchema>,
  ): Promise<Page<ScenarioSummary>> {
    return this.scenarios.list(q.limit, q.after);
  }

  @Roles('viewer')
  @Get(':name')
  async get(
    @Param('name', name) scenarioName: string,
    @ZodQuery(revisionQuerySchema) q: z.output<typeof revisionQuerySchema>,
  ): Promise<ScenarioRecord> {
    return (await this.scenarios.get(scenarioName, q.revision)).record;
  }

  @Roles('planner')
  @Delete(':name')
  async delete(
    @Param('name', name) scenarioName: string,
  ): Promise<{ name: string; deleted: true }> {
    if (!(await this.scenarios.delete(scenarioName))) {
      throw new AppError('NOT_FOUND', `no scenario named ${scenarioName}`);
    }
    return { name: scenarioName, deleted: true };
  }

  /** Queues a job for the latest revision (or `?revision=`); poll GET /jobs/:jobId. */
  @Roles('planner')
  @Post(':name/runs')
  @HttpCode(202)
  async run(
    @Param('name', name) scenarioName: string,
    @ZodQuery(revisionQuerySchema) q: z.output<typeof revisionQuerySchema>,
  ): Promise<JobView> {
    return jobView(await this.runs.run(scenarioName, q.revision));
  }
}
