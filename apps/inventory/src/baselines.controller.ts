import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { baselineGetSchema, type BaselineGet, type BaselineLatest } from '@vplan/contracts';
import { Roles, ZodValidationPipe } from '@vplan/platform';
import { BaselineService } from './baseline.service';

/** Today's estate of the RVTools imports: what `vplan.inventory.baseline.get.v1` answers. */
@ApiTags('baselines')
@Roles('viewer')
@Controller('api/v1/baselines')
export class BaselinesController {
  constructor(private readonly baselines: BaselineService) {}

  /** The latest stored baseline (of `?source=`, when given), always inline; `latest: null` when none. */
  @Get('latest')
  latest(
    @Query(new ZodValidationPipe(baselineGetSchema, 'query')) query: BaselineGet,
  ): Promise<BaselineLatest> {
    return this.baselines.latest(query.source, 'http');
  }
}
