import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  assetIdSchema,
  assetSchema,
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  type AssetConflicts,
  type AssetHistoryPage,
  type AssetPage,
  type AssetRecord,
  type AssetUpsertResult,
} from '@vplan/contracts';
import {
  AppError,
  CurrentPrincipal,
  Roles,
  ZodValidationPipe,
  type Principal,
} from '@vplan/platform';
import { z } from 'zod';
import { fieldsOf } from './asset-fields';
import { filtersOfQueryString } from './asset-query';
import { AssetReader } from './asset-reader.service';
import { AssetWriter } from './asset-writer.service';

const idParam = new ZodValidationPipe(assetIdSchema, 'path parameter id');

const pagingSchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  after: z.string().min(1).max(512).optional(),
  withTotal: z.enum(['true', 'false']).optional(),
});
const paging = new ZodValidationPipe(pagingSchema, 'query');
const historyPaging = new ZodValidationPipe(
  pagingSchema.omit({ withTotal: true }).strict(),
  'query',
);

/** The body of `PUT /assets/:id`: the whole asset; its `id`, when given, must be the path's. */
export const assetPutSchema = assetSchema.extend({ id: assetIdSchema.optional() });
const putBody = new ZodValidationPipe(assetPutSchema, 'body');

/** The source of an operator's write: `api:<caller>`. */
export function apiSource(principal: Principal | undefined): string {
  return `api:${principal?.name ?? 'unknown'}`.slice(0, 200);
}

@ApiTags('assets')
@Roles('viewer')
@Controller('api/v1/assets')
export class AssetsController {
  constructor(
    private readonly reader: AssetReader,
    private readonly writer: AssetWriter,
  ) {}

  @Get()
  @ApiQuery({
    name: 'filters',
    required: false,
    description:
      'Any attribute by name: ?environment=prod&site=ams (repeat a name for any of; ' +
      "?cores=>=8 for bounds), or ?filters=<JSON of the contracts' asset filters>",
  })
  async list(@Query() params: Record<string, unknown>): Promise<AssetPage> {
    const page = paging.transform(params);
    const filters = filtersOfQueryString(params);
    if (!filters.ok) throw new AppError('BAD_REQUEST', filters.message, filters.details);
    return this.reader.query({
      filters: filters.filters,
      limit: page.limit,
      ...(page.after === undefined ? {} : { after: page.after }),
      withTotal: page.withTotal === 'true',
    });
  }

  @Get(':id')
  get(@Param('id', idParam) id: string): Promise<AssetRecord> {
    return this.reader.get(id);
  }

  /** Fields its sources disagree on, each value with provenance, by source priority. */
  @Get(':id/conflicts')
  conflicts(@Param('id', idParam) id: string): Promise<AssetConflicts> {
    return this.reader.conflicts(id);
  }

  @Get(':id/history')
  history(
    @Param('id', idParam) id: string,
    @Query(historyPaging) page: { limit: number; after?: string },
  ): Promise<AssetHistoryPage> {
    return this.reader.history({
      id,
      limit: page.limit,
      ...(page.after === undefined ? {} : { after: page.after }),
    });
  }

  /** Creates or replaces the asset: fields the body leaves out are removed. */
  @Roles('operator')
  @Put(':id')
  @ApiBody({ schema: { type: 'object', description: 'the asset (contracts: assetSchema)' } })
  async put(
    @Param('id', idParam) id: string,
    @Body(putBody) body: z.output<typeof assetPutSchema>,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<AssetUpsertResult> {
    if (body.id !== undefined && body.id !== id) {
      throw new AppError('BAD_REQUEST', `body id "${body.id}" is not the path's id "${id}"`, [
        { path: 'id', message: `must be "${id}" (the path's id) or left out` },
      ]);
    }
    const [result] = await this.writer.writeMany([{ id, fields: fieldsOf({ ...body, id }) }], {
      kind: 'manual',
      mode: 'replace',
      source: apiSource(principal),
      observedAt: new Date().toISOString(),
      ...(principal ? { principal: principal.name } : {}),
    });
    const r = result as NonNullable<typeof result>;
    return { record: r.record, outcome: r.outcome, changed: r.changed };
  }

  @Roles('operator')
  @Delete(':id')
  async remove(
    @Param('id', idParam) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<{ id: string; deleted: true; revision: number }> {
    const deleted = await this.writer.delete(id, {
      kind: 'manual',
      source: apiSource(principal),
      observedAt: new Date().toISOString(),
      ...(principal ? { principal: principal.name } : {}),
    });
    if (!deleted) throw new AppError('NOT_FOUND', `asset ${id} not found`);
    return { id, deleted: true, revision: deleted.revision };
  }
}
