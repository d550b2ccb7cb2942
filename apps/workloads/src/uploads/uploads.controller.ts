import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { textSchema } from '@vplan/contracts';
import { Roles, ZodValidationPipe, readTextBody, type TextRequest } from '@vplan/platform';
import { z } from 'zod';
import { checkFileName } from './trace-upload';
import { UploadService, type UploadResult } from './upload.service';

/** Largest trace file accepted, after decompression (bytes). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

const uploadQuery = z.strictObject({
  format: z.enum(['bitbrains', 'planetlab', 'csv']),
  /** The file's name: the asset id of per-VM formats, the estate order, the place in messages. */
  name: textSchema(255),
  /** The folder the file was in: dates PlanetLab traces (`YYYYMMDD`); ignored by other formats. */
  folder: textSchema(255).optional(),
});
type UploadQuery = z.infer<typeof uploadQuery>;

/** Content types of a trace body that is not gzipped. */
const TEXT_TYPES = ['text/plain', 'text/csv', 'application/csv', 'application/octet-stream'];

@ApiTags('uploads')
@Controller('api/v1/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadService) {}

  /**
   * Stores one trace file (body: the file's text, or its gzip with
   * `Content-Type: application/gzip` / `Content-Encoding: gzip`), parsed as
   * `vplan plan --workloads` parses it.
   */
  @Roles('operator')
  @Post()
  @HttpCode(201)
  @ApiConsumes('text/plain', 'application/gzip')
  async create(
    @Query(new ZodValidationPipe(uploadQuery, 'query')) query: UploadQuery,
    @Req() req: TextRequest,
  ): Promise<UploadResult> {
    checkFileName(query.name);
    const text = await readTextBody(req, MAX_UPLOAD_BYTES, { types: TEXT_TYPES });
    return this.uploads.upload(query.format, query.name, query.folder, text);
  }
}
