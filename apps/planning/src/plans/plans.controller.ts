import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Page, PlanComparison, PlanMeta } from '@vplan/contracts';
import { Roles, ZodQuery } from '@vplan/platform';
import type { z } from 'zod';
import { compareQuerySchema, plansQuerySchema } from '../http-queries';
import { PlanRepository } from './plan.repository';
import { PlansService } from './plans.service';

@ApiTags('plans')
@Roles('viewer')
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly repository: PlanRepository,
  ) {}

  /** Newest first; `?scenario=` narrows the list. */
  @Get()
  list(@ZodQuery(plansQuerySchema) q: z.output<typeof plansQuerySchema>): Promise<Page<PlanMeta>> {
    return this.repository.list(q.scenario ? { scenario: q.scenario } : {}, q.limit, q.after);
  }

  /** Plan `b` against plan `a`: hosts, moved assets, unplaced changes, summary deltas. */
  @Get('compare')
  compare(
    @ZodQuery(compareQuerySchema) q: z.output<typeof compareQuerySchema>,
  ): Promise<PlanComparison> {
    return this.plans.compare(q.a, q.b);
  }

  /** plan.json (schema version 1 of @vplan/formats), as the CLI writes it. */
  @Get(':planId')
  @Header('content-type', 'application/json; charset=utf-8')
  json(@Param('planId') planId: string): Promise<string> {
    return this.plans.file(planId, 'json');
  }

  @Get(':planId/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  csv(@Param('planId') planId: string): Promise<string> {
    return this.plans.file(planId, 'csv');
  }

  /** The self-contained HTML report (the CLI's renderer, compatibility section with rules). */
  @Get(':planId/report')
  @Header('content-type', 'text/html; charset=utf-8')
  report(@Param('planId') planId: string): Promise<string> {
    return this.plans.file(planId, 'report');
  }
}
