import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { idSchema, textSchema } from '@vplan/contracts';
import {
  CurrentPrincipal,
  Roles,
  ZodValidationPipe,
  readBytesBody,
  readTextBody,
  type Principal,
  type TextRequest,
} from '@vplan/platform';
import { z } from 'zod';
import { ImportService, type ImportSummary } from './import.service';
import type { ImportDoc } from './inventory.schema';

/** Largest inventory file accepted, after decompression (bytes). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const importQuery = z.strictObject({
  /** Names the file in messages and provenance (`import:<source>`). */
  source: textSchema(190),
  /** What the body is; default: RVTools for the `.xlsx` content type, else inventory CSV. */
  format: z.enum(['csv', 'rvtools']).optional(),
});

/** Content types of a CSV body that is not gzipped. */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream'];

/** The content type of an `.xlsx` workbook (an RVTools export). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('imports')
@Roles('viewer')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  /**
   * Imports an inventory CSV (body: the file; `Content-Type: text/csv`, or
   * `application/gzip` / `Content-Encoding: gzip` for a gzipped one), or an RVTools
   * `.xlsx` export (`Content-Type` {@link XLSX_TYPE}, or `?format=rvtools` with
   * `application/octet-stream`); either at most MAX_IMPORT_BYTES (413 beyond).
   */
  @Roles('operator')
  @Post()
  @HttpCode(201)
  @ApiConsumes('text/csv', 'application/gzip', XLSX_TYPE)
  async create(
    @Query(new ZodValidationPipe(importQuery, 'query')) query: z.infer<typeof importQuery>,
    @Req() req: TextRequest,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ImportSummary> {
    if ((query.format ?? formatOfType(req)) === 'rvtools') {
      const types = [XLSX_TYPE, 'application/octet-stream'];
      const bytes = await readBytesBody(req, MAX_IMPORT_BYTES, { types });
      return this.imports.importRvtools(query.source, bytes, principal?.name);
    }
    const text = await readTextBody(req, MAX_IMPORT_BYTES, { types: CSV_TYPES });
    return this.imports.importCsv(query.source, text, principal?.name);
  }

  @Get(':id')
  get(
    @Param('id', new ZodValidationPipe(idSchema, 'path parameter id')) id: string,
  ): Promise<ImportDoc> {
    return this.imports.get(id);
  }
}

function formatOfType(req: TextRequest): 'csv' | 'rvtools' {
  const type = String(req.headers['content-type'] ?? '').split(';')[0];
  return type?.trim().toLowerCase() === XLSX_TYPE ? 'rvtools' : 'csv';
}
