import { gunzipSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { idSchema, textSchema } from '@vplan/contracts';
import {
  AppError,
  CurrentPrincipal,
  Roles,
  ZodValidationPipe,
  type Principal,
} from '@vplan/platform';
import { z } from 'zod';
import { ImportService, type ImportSummary } from './import.service';
import type { ImportDoc } from './inventory.schema';

/** Largest inventory file accepted, after decompression (bytes). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const importQuery = z.strictObject({
  /** Names the file in messages and provenance (`import:<source>`). */
  source: textSchema(190),
});

const TEXT_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
]);
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

@ApiTags('imports')
@Roles('viewer')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  /**
   * Imports an inventory CSV (body: the file; `Content-Type: text/csv`, or
   * `application/gzip` / `Content-Encoding: gzip` for a gzipped one).
   */
  @Roles('operator')
  @Post()
  @HttpCode(201)
  @ApiConsumes('text/csv', 'application/gzip')
  async create(
    @Query(new ZodValidationPipe(importQuery, 'query')) query: z.infer<typeof importQuery>,
    @Req() req: IncomingMessage,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ImportSummary> {
    const text = await readBody(req);
    return this.imports.importCsv(query.source, text, principal?.name);
  }

  @Get(':id')
  get(
    @Param('id', new ZodValidationPipe(idSchema, 'path parameter id')) id: string,
  ): Promise<ImportDoc> {
    return this.imports.get(id);
  }
}

/** The request body as text, gunzipped when it says gzip; at most MAX_IMPORT_BYTES. */
async function readBody(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const gzip = GZIP_TYPES.has(type) || encoding === 'gzip';
  if (!gzip && !TEXT_TYPES.has(type)) {
    throw new AppError(
      'BAD_REQUEST',
      `Content-Type must be text/csv or application/gzip, not "${type || 'none'}"`,
      [
        {
          path: 'content-type',
          message: 'must be text/csv (or application/gzip for a gzipped file)',
        },
      ],
    );
  }
  if (!['identity', 'gzip'].includes(encoding)) {
    throw new AppError('BAD_REQUEST', `Content-Encoding ${encoding} is not supported (use gzip)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  let bytes = Buffer.concat(chunks);
  if (gzip) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_IMPORT_BYTES });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw new AppError('BAD_REQUEST', 'body is not valid gzip data', [
        { path: 'body', message: 'must be gzip data (Content-Type application/gzip)' },
      ]);
    }
  }
  if (bytes.length === 0) {
    throw new AppError('BAD_REQUEST', 'the body is empty: send the inventory CSV', [
      { path: 'body', message: 'must be the inventory CSV text' },
    ]);
  }
  return bytes.toString('utf8');
}

function tooLarge(): AppError {
  return new AppError('BAD_REQUEST', `the file is over ${MAX_IMPORT_BYTES} bytes`, [
    { path: 'body', message: `must be at most ${MAX_IMPORT_BYTES} bytes` },
  ]);
}
