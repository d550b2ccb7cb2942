import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Page } from '@vplan/contracts';
import { Roles, ZodQuery } from '@vplan/platform';
import type { z } from 'zod';
import { jobsQuerySchema } from '../http-queries';
import { jobView, type JobView } from './job-view';
import { JobRepository } from './job.repository';

@ApiTags('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobRepository) {}

  /** Newest first; `?scenario=` and `?status=` narrow the list. */
  @Roles('viewer')
  @Get()
  async list(
    @ZodQuery(jobsQuerySchema) q: z.output<typeof jobsQuerySchema>,
  ): Promise<Page<JobView>> {
    const page = await this.jobs.list(
      {
        ...(q.scenario ? { scenario: q.scenario } : {}),
        ...(q.status ? { status: q.status } : {}),
      },
      q.limit,
      q.after,
    );
    return { ...page, items: page.items.map(jobView) };
  }

  @Roles('viewer')
  @Get(':jobId')
  async get(@Param('jobId') jobId: string): Promise<JobView> {
    return jobView(await this.jobs.get(jobId));
  }
}
