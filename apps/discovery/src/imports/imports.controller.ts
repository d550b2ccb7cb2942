import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { textSchema } from '@vplan/contracts';
import { AppError, CurrentPrincipal, Roles, ZodQuery, type Principal } from '@vplan/platform';
import { z } from 'zod';
import { readTextBody, type TextRequest } from '@vplan/platform';
import { ImportsService } from './imports.service';

/** Largest file accepted over HTTP, after gunzip (bytes). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const importQuerySchema = z.strictObject({
  format: z.literal('inventory-csv'),
  /** Who produced the file: the observations' source (provenance in inventory). */
  source: textSchema(64),
  /** The file's name, for messages; default `<source>.csv`. */
  file: textSchema(512).optional(),
  /** Site of the assets whose row has none. */
  site: textSchema(64).optional(),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** File imports: the CSV as the body (`text/csv`, optionally gzip-encoded). */
@Roles('operator')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({ description: 'the inventory CSV', schema: { type: 'string' } })
  async create(
    @ZodQuery(importQuerySchema) query: ImportQuery,
    @Req() req: TextRequest,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    const text = await readTextBody(req, MAX_IMPORT_BYTES);
    const result = await this.imports.import({
      text,
      file: query.file ?? `${query.source}.csv`,
      source: query.source,
      ...(query.site ? { site: query.site } : {}),
      ...(principal ? { actor: principal.name } : {}),
    });
    if (result.error) {
      throw new AppError(
        result.error.code,
        `import ${result.id}: ${result.error.message}`,
        result.error.details,
      );
    }
    return { importId: result.id, ...result };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.imports.get(id);
  }
}
