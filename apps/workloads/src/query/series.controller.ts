import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  assetIdSchema,
  profileQuerySchema,
  resourceSchema,
  seriesQuerySchema,
  type Profile,
  type Series,
} from '@vplan/contracts';
import { AppError, Roles, ZodValidationPipe, validationError } from '@vplan/platform';
import { z } from 'zod';
import { UtilizationService, type Utilization } from './utilization.service';
import { WorkloadReader } from './workload-reader.service';
import { WorkloadViews, seriesOf } from './workload-views.service';

/** An instant in a query string: epoch milliseconds (digits) or ISO-8601 with a zone. */
const instantParam = z
  .string()
  .min(1)
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : v));

const seriesHttpQuery = z.strictObject({
  resource: resourceSchema.optional(),
  /** Alias of resource. */
  metric: resourceSchema.optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  stepSeconds: z.coerce.number().int().optional(),
  /** Alias of stepSeconds. */
  step: z.coerce.number().int().optional(),
  aggregate: z.enum(['max', 'mean']).optional(),
});

const profileHttpQuery = z.strictObject({
  resource: resourceSchema.optional(),
  metric: resourceSchema.optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  percentile: z.coerce.number().optional(),
});

const utilizationHttpQuery = z.strictObject({
  groupBy: z.enum(['owner', 'department', 'cost_center']),
  from: instantParam.optional(),
  to: instantParam.optional(),
});

const assetIdParam = new ZodValidationPipe(assetIdSchema, 'path parameter assetId');

@ApiTags('series')
@Roles('viewer')
@Controller('api/v1')
export class SeriesController {
  constructor(
    private readonly views: WorkloadViews,
    private readonly reader: WorkloadReader,
    private readonly utilizations: UtilizationService,
  ) {}

  /**
   * One resource of an asset, downsampled to `stepSeconds` (default 300) by `aggregate`
   * (`max` default, or `mean`); `from`/`to` default to the stored span.
   */
  @Get('series/:assetId')
  async series(
    @Param('assetId', assetIdParam) assetId: string,
    @Query(new ZodValidationPipe(seriesHttpQuery, 'query')) raw: z.infer<typeof seriesHttpQuery>,
  ): Promise<Series> {
    const resource = raw.resource ?? raw.metric ?? 'cpu';
    const window = await this.defaultWindow(assetId, resource, raw.from, raw.to);
    const parsed = seriesQuerySchema.safeParse({
      assetId,
      resource,
      window,
      ...((raw.stepSeconds ?? raw.step) ? { stepSeconds: raw.stepSeconds ?? raw.step } : {}),
      ...(raw.aggregate ? { aggregate: raw.aggregate } : {}),
    });
    if (!parsed.success) throw validationError('query', parsed.error);
    return this.views.series(parsed.data);
  }

  /** Percentiles (p50, p95, p99, max, mean) and the hour-of-week profile at `percentile` (default 95). */
  @Get('profiles/:assetId')
  async profile(
    @Param('assetId', assetIdParam) assetId: string,
    @Query(new ZodValidationPipe(profileHttpQuery, 'query')) raw: z.infer<typeof profileHttpQuery>,
  ): Promise<Profile> {
    const resource = raw.resource ?? raw.metric ?? 'cpu';
    const parsed = profileQuerySchema.safeParse({
      assetId,
      resource,
      ...(raw.from !== undefined || raw.to !== undefined
        ? { window: await this.defaultWindow(assetId, resource, raw.from, raw.to) }
        : {}),
      ...(raw.percentile !== undefined ? { percentile: raw.percentile } : {}),
    });
    if (!parsed.success) throw validationError('query', parsed.error);
    return this.views.profile(parsed.data);
  }

  /**
   * Utilization vs capacity and chargeback per owner, department or cost center (group
   * attributes from the inventory service; assets it does not know are `(unassigned)`).
   */
  @Get('utilization')
  async utilization(
    @Query(new ZodValidationPipe(utilizationHttpQuery, 'query'))
    q: z.infer<typeof utilizationHttpQuery>,
  ): Promise<Utilization> {
    if ((q.from === undefined) !== (q.to === undefined)) {
      const missing = q.from === undefined ? 'from' : 'to';
      throw new AppError(
        'BAD_REQUEST',
        `query: ${missing} is missing (give both from and to, or neither)`,
        [{ path: missing, message: 'give both from and to, or neither' }],
      );
    }
    return this.utilizations.utilization(
      q.groupBy,
      q.from !== undefined && q.to !== undefined ? { from: q.from, to: q.to } : undefined,
    );
  }

  /** `from`/`to` as given, else the start/end of the stored series. */
  private async defaultWindow(
    assetId: string,
    resource: z.infer<typeof resourceSchema>,
    from: string | number | undefined,
    to: string | number | undefined,
  ): Promise<{ from: string | number; to: string | number }> {
    if (from !== undefined && to !== undefined) return { from, to };
    const s = seriesOf(await this.reader.trace(assetId), resource);
    const startMs = s ? s.start * s.stepSeconds * 1000 : 0;
    const endMs = s ? (s.start + s.values.length) * s.stepSeconds * 1000 : 1;
    return { from: from ?? startMs, to: to ?? endMs };
  }
}
