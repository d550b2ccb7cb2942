import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { INVENTORY } from '@vplan/contracts';
import { AppError, JetStreamService } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetRepository } from './asset.repository';
import { AssetWriter } from './asset-writer.service';
import { issueTexts, readInventoryFile } from './inventory-file';
import type { ImportDoc } from './inventory.schema';

/** Assets written per bulk write. */
const CHUNK = 500;

export interface ImportSummary {
  readonly importId: string;
  readonly source: string;
  readonly assets: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** The provenance source of an import named `name` (what `?source=` gave). */
export function importSource(name: string): string {
  return `import:${name}`;
}

/**
 * Imports an inventory CSV: the whole file is read and checked first (nothing is written
 * when any row is bad), then assets are upserted in file order, chunk by chunk, with
 * provenance `import:<source>` and this import's id. A row replaces what the same source
 * said before about that asset; other sources' fields, and fields an operator set, stay.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly writer: AssetWriter,
    private readonly repo: AssetRepository,
    private readonly jetstream: JetStreamService,
  ) {}

  async importCsv(source: string, text: string, principal?: string): Promise<ImportSummary> {
    const read = readInventoryFile(source, text);
    if (!read.ok) {
      const texts = issueTexts(read.issues);
      const more = texts.length > 1 ? ` (and ${texts.length - 1} more)` : '';
      throw new AppError(
        'BAD_REQUEST',
        `${texts[0] as string}${more}`,
        read.issues.map((issue, i) => ({
          path: `${issue.file}:${issue.row}:${issue.column}`,
          message: texts[i] as string,
        })),
      );
    }
    const importId = randomUUID();
    const ctx = {
      kind: 'import',
      mode: 'replace-own',
      source: importSource(source),
      observedAt: new Date().toISOString(),
      importId,
      ...(principal ? { principal } : {}),
    } as const;
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < read.assets.length; i += CHUNK) {
      const chunk = read.assets.slice(i, i + CHUNK);
      const results = await this.writer.writeMany(
        chunk.map((asset) => ({ id: asset.id, fields: fieldsOf(asset) })),
        ctx,
      );
      for (const r of results) counts[r.outcome]++;
    }
    const doc: ImportDoc = {
      _id: importId,
      source,
      format: 'inventory-csv',
      rows: read.assets.length,
      ...counts,
      at: ctx.observedAt,
      ...(principal ? { principal } : {}),
    };
    await this.repo.saveImport(doc);
    await this.jetstream.publish(
      INVENTORY.importCompleted,
      {
        importId,
        file: source,
        format: 'inventory-csv',
        source: ctx.source,
        rows: doc.rows,
        ...counts,
      },
      { id: importId },
    );
    return { importId, source, assets: read.assets.length, ...counts };
  }

  async get(id: string): Promise<ImportDoc> {
    const doc = await this.repo.importById(id);
    if (!doc) throw new AppError('NOT_FOUND', `import ${id} not found`);
    return doc;
  }
}
