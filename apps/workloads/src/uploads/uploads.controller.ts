import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { textSchema } from '@vplan/contracts';
import { AppError, Roles, ZodValidationPipe } from '@vplan/platform';
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

const TEXT_TYPES = new Set([
  'text/plain',
  'text/csv',
  'application/csv',
  'application/octet-stream',
]);
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

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
    @Req() req: IncomingMessage,
  ): Promise<UploadResult> {
    checkFileName(query.name);
    const text = await readBody(req);
    return this.uploads.upload(query.format, query.name, query.folder, text);
  }
}

/** The body as text, gunzipped when it says gzip; at most MAX_UPLOAD_BYTES. */
async function readBody(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const gzip = GZIP_TYPES.has(type) || encoding === 'gzip';
  if (!gzip && !TEXT_TYPES.has(type)) {
    throw new AppError(
      'BAD_REQUEST',
      `Content-Type must be text/plain or application/gzip, not "${type || 'none'}"`,
      [
        {
          path: 'content-type',
          message: 'must be text/plain (or application/gzip for a gzipped file)',
        },
      ],
    );
  }
  if (!['identity', 'gzip'].includes(encoding)) {
    throw new AppError('BAD_REQUEST', `Content-Encoding ${encoding} is not supported (use gzip)`, [
      { path: 'content-encoding', message: 'must be gzip or absent' },
    ]);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  let bytes = Buffer.concat(chunks);
  if (gzip) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_UPLOAD_BYTES });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw new AppError('BAD_REQUEST', 'body: not valid gzip data', [
        { path: 'body', message: 'must be gzip data (Content-Type application/gzip)' },
      ]);
    }
  }
  if (bytes.length === 0) {
    throw new AppError('BAD_REQUEST', 'body: empty; send the trace file', [
      { path: 'body', message: 'must be the trace file' },
    ]);
  }
  return bytes.toString('utf8');
}

function tooLarge(): AppError {
  return new AppError('BAD_REQUEST', `body: the file is over ${MAX_UPLOAD_BYTES} bytes`, [
    { path: 'body', message: `must be at most ${MAX_UPLOAD_BYTES} bytes` },
  ]);
}
