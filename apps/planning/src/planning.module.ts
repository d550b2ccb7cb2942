import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BaselineReader } from './inputs/baseline-reader';
import { ConstraintsRefs } from './inputs/constraints-refs';
import { EstateReader } from './inputs/estate-reader';
import { JobConsumer } from './jobs/job.consumer';
import { JobEvents } from './jobs/job-events';
import { JobExecutor } from './jobs/job-executor';
import { JobInputs } from './jobs/job-inputs';
import { JOBS, jobSchema } from './jobs/job.schema';
import { JobRepository } from './jobs/job.repository';
import { JobsController } from './jobs/jobs.controller';
import { RunsService } from './jobs/runs.service';
import { PlanningHandler } from './planning.handler';
import { PLAN_CHUNKS, PLANS, planChunkSchema, planSchema } from './plans/plan.schema';
import { PlanRepository } from './plans/plan.repository';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import {
  SCENARIO_REVISIONS,
  SCENARIOS,
  scenarioHeadSchema,
  scenarioRevisionSchema,
} from './scenarios/scenario.schema';
import { ScenarioRepository } from './scenarios/scenario.repository';
import { ScenariosController } from './scenarios/scenarios.controller';
import { ScenariosService } from './scenarios/scenarios.service';

/** The planning service: scenarios, jobs shared by the replicas, stored plans. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SCENARIO_REVISIONS, schema: scenarioRevisionSchema },
      { name: SCENARIOS, schema: scenarioHeadSchema },
      { name: JOBS, schema: jobSchema },
      { name: PLANS, schema: planSchema },
      { name: PLAN_CHUNKS, schema: planChunkSchema },
    ]),
  ],
  controllers: [ScenariosController, JobsController, PlansController, PlanningHandler],
  providers: [
    BaselineReader,
    ConstraintsRefs,
    EstateReader,
    ScenarioRepository,
    ScenariosService,
    JobRepository,
    JobEvents,
    JobInputs,
    JobExecutor,
    JobConsumer,
    RunsService,
    PlanRepository,
    PlansService,
  ],
})
export class PlanningModule {}
