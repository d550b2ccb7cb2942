import { Controller } from '@nestjs/common';
import { DISCOVERY, type FileImport, type FileImportResult } from '@vplan/contracts';
import { AppError, HandleRequest, JetStreamService, ZodPayload } from '@vplan/platform';
import { ImportsService } from './imports.service';

/** NATS: `DISCOVERY.importFile` (inline text or an Object Store reference) and `getImport`. */
@Controller()
export class ImportsHandler {
  constructor(
    private readonly imports: ImportsService,
    private readonly jetstream: JetStreamService,
  ) {}

  @HandleRequest(DISCOVERY.importFile, { mutating: true })
  async import(
    @ZodPayload(DISCOVERY.importFile.request) req: FileImport,
  ): Promise<FileImportResult> {
    return this.imports.import({
      text: await this.textOf(req),
      file: req.file,
      source: req.source ?? req.format,
      ...(req.site ? { site: req.site } : {}),
    });
  }

  @HandleRequest(DISCOVERY.getImport)
  get(@ZodPayload(DISCOVERY.getImport.request) req: { id: string }): Promise<FileImportResult> {
    return this.imports.get(req.id);
  }

  private async textOf(req: FileImport): Promise<string> {
    if (req.content.kind === 'inline') return req.content.text;
    const { bucket, name } = req.content.object;
    const store = await this.jetstream.js.views.os(bucket);
    const bytes = await store.getBlob(name);
    if (!bytes) throw new AppError('NOT_FOUND', `object ${bucket}/${name} not found`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('BAD_REQUEST', `object ${bucket}/${name}: not valid UTF-8 text`);
    }
  }
}
