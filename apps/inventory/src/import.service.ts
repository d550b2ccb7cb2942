import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { INVENTORY, type AssetPayload } from '@vplan/contracts';
import type { SkippedAsset } from '@vplan/domain';
import { AppError, JetStreamService } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetRepository } from './asset.repository';
import { AssetWriter } from './asset-writer.service';
import { boundBaseline } from './baseline-bounds';
import { BaselineService } from './baseline.service';
import { issueTexts, readInventoryFile } from './inventory-file';
import type { ImportDoc } from './inventory.schema';
import { problemText, readRvtoolsFile, type RvtoolsProblem } from './rvtools-file';

/** Assets written per bulk write. */
const CHUNK = 500;

/** Skipped VMs an RVTools import summary lists (its count is complete). */
export const SKIPPED_SHOWN = 100;

export interface ImportSummary {
  readonly importId: string;
  readonly source: string;
  readonly assets: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** RVTools: the VMs of vInfo not imported, the first {@link SKIPPED_SHOWN} in file order. */
  readonly skipped?: {
    readonly count: number;
    readonly sample: readonly { asset: string; reason: SkippedAsset['reason']; where?: string }[];
  };
}

type ImportFormat = ImportDoc['format'];

/** The provenance source of an import named `name` (what `?source=` gave). */
export function importSource(name: string): string {
  return `import:${name}`;
}

/**
 * Imports an inventory CSV or an RVTools export: the whole file is read and checked first
 * (nothing is written when any row is bad), then assets are upserted in file order, chunk by chunk, with
 * provenance `import:<source>` and this import's id. A row replaces what the same source
 * said before about that asset; other sources' fields, and fields an operator set, stay.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly writer: AssetWriter,
    private readonly repo: AssetRepository,
    private readonly jetstream: JetStreamService,
    private readonly baselines: BaselineService,
  ) {}

  async importCsv(source: string, text: string, principal?: string): Promise<ImportSummary> {
    const read = readInventoryFile(source, text);
    if (!read.ok) {
      const texts = issueTexts(read.issues);
      throw badFile(
        texts,
        read.issues.map((issue) => `${issue.file}:${issue.row}:${issue.column}`),
      );
    }
    return this.write(source, 'inventory-csv', read.assets, principal);
  }

  /**
   * Imports an RVTools `.xlsx` export as the CSV import does (checked whole first, the
   * same upserts, provenance and event); its skipped VMs (powered off, templates …) are
   * counted in the summary and the import record, and are not written. Today's estate
   * (vHost hosts, skipped VMs, clusters, notes) replaces the baseline this source stored
   * before. It is bounded and checked with the file, so a baseline that cannot be stored
   * refuses the import; it is written after the assets (FerretDB has no transactions), so
   * an import that fails on the way leaves the previous baseline in place.
   */
  async importRvtools(source: string, bytes: Buffer, principal?: string): Promise<ImportSummary> {
    const read = await readRvtoolsFile(source, bytes);
    if (!read.ok) throw badProblems(read.problems);
    const bounded = boundBaseline(read.baseline);
    if (!bounded.ok) throw badProblems([{ where: `${source}:vHost`, message: bounded.problem }]);
    const summary = await this.write(source, 'rvtools', read.assets, principal, {
      skipped: read.skipped.length,
      afterAssets: (importId, at) => this.baselines.store(source, importId, at, bounded.baseline),
    });
    const sample = read.skipped.slice(0, SKIPPED_SHOWN).map((s) => ({
      asset: s.asset,
      reason: s.reason,
      ...(s.where === undefined ? {} : { where: s.where }),
    }));
    return { ...summary, skipped: { count: read.skipped.length, sample } };
  }

  /**
   * Upserts the checked assets of one file in order, then runs `afterAssets` (what else the
   * file stores), records the import, publishes its event.
   */
  private async write(
    source: string,
    format: ImportFormat,
    assets: readonly AssetPayload[],
    principal: string | undefined,
    extra: {
      readonly skipped?: number;
      readonly afterAssets?: (importId: string, at: string) => Promise<void>;
    } = {},
  ): Promise<ImportSummary> {
    const { skipped, afterAssets } = extra;
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
    for (let i = 0; i < assets.length; i += CHUNK) {
      const chunk = assets.slice(i, i + CHUNK);
      const results = await this.writer.writeMany(
        chunk.map((asset) => ({ id: asset.id, fields: fieldsOf(asset) })),
        ctx,
      );
      for (const r of results) counts[r.outcome]++;
    }
    await afterAssets?.(importId, ctx.observedAt);
    const doc: ImportDoc = {
      _id: importId,
      source,
      format,
      rows: assets.length,
      ...(skipped === undefined ? {} : { skipped }),
      ...counts,
      at: ctx.observedAt,
      ...(principal ? { principal } : {}),
    };
    await this.repo.saveImport(doc);
    await this.jetstream.publish(
      INVENTORY.importCompleted,
      { importId, file: source, format, source: ctx.source, rows: doc.rows, ...counts },
      { id: importId },
    );
    return { importId, source, assets: assets.length, ...counts };
  }

  async get(id: string): Promise<ImportDoc> {
    const doc = await this.repo.importById(id);
    if (!doc) throw new AppError('NOT_FOUND', `import ${id} not found`);
    return doc;
  }
}

/** BAD_REQUEST for a bad file: the first problem as message, every one in details. */
function badFile(texts: readonly string[], paths: readonly string[]): AppError {
  const more = texts.length > 1 ? ` (and ${texts.length - 1} more)` : '';
  return new AppError(
    'BAD_REQUEST',
    `${texts[0] as string}${more}`,
    texts.map((message, i) => ({ path: paths[i] as string, message })),
  );
}

function badProblems(problems: readonly RvtoolsProblem[]): AppError {
  return badFile(
    problems.map(problemText),
    problems.map((p) => p.where),
  );
}
