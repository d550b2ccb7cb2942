import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Roles } from '../auth/roles';
import { Metrics } from './metrics';

/** Prometheus scrape endpoint; needs a viewer token (scrape config `authorization`). */
@ApiTags('metrics')
@ApiBearerAuth()
@Roles('viewer')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Prometheus metrics in the text exposition format' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
