import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { scheduleCreateSchema } from '@vplan/contracts';
import {
  AppError,
  CurrentPrincipal,
  Roles,
  ZodBody,
  ZodQuery,
  type Principal,
} from '@vplan/platform';
import type { z } from 'zod';
import { pageQuery, type PageQuery } from '../http/page-query';
import { scanBodySchema } from '../scans/scans.controller';
import { SchedulesService } from './schedules.service';

/** `POST /schedules`: the contract's `scheduleCreate`, its `scan` written as for `POST /scans` (`targets`). */
export const scheduleBodySchema = scheduleCreateSchema.extend({ scan: scanBodySchema });
export type ScheduleBody = z.infer<typeof scheduleBodySchema>;

/** Scan schedules: create, read, enable, disable, delete (operator). */
@Roles('operator')
@Controller('api/v1/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @HttpCode(201)
  create(
    @ZodBody(scheduleBodySchema) body: ScheduleBody,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    const { targets, ...scan } = body.scan;
    return this.schedules.create(
      { ...body, scan: { ...scan, cidrs: [], hosts: [] } },
      {
        fields: targets.map((text, i) => ({ field: `scan.targets.${i}`, text })),
        ...(principal ? { actor: principal.name } : {}),
      },
    );
  }

  @Get()
  list(@ZodQuery(pageQuery) query: PageQuery) {
    return this.schedules.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.schedules.get(id);
  }

  /** 200 with the schedule, due next at the cron's first time from now. */
  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id') id: string) {
    return this.schedules.setEnabled(id, true);
  }

  /** 200 with the schedule, without `nextRunAt`. */
  @Post(':id/disable')
  @HttpCode(200)
  disable(@Param('id') id: string) {
    return this.schedules.setEnabled(id, false);
  }

  @Delete(':id')
  async remove(@Param('id') id: string) {
    if (!(await this.schedules.delete(id))) {
      throw new AppError('NOT_FOUND', `schedule ${id} not found`);
    }
    return { id, deleted: true };
  }
}
