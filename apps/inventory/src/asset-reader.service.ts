import { Injectable } from '@nestjs/common';
import {
  pageFill,
  type AssetConflicts,
  type AssetHistoryPage,
  type AssetHistoryQuery,
  type AssetPage,
  type AssetQuery,
  type AssetRecord,
} from '@vplan/contracts';
import { AppError, PlatformContext } from '@vplan/platform';
import { filtersToQuery } from './asset-query';
import { AssetRepository } from './asset.repository';
import { settingsOf } from './inventory.config';
import { toRecord, toRevision } from './records';
import { listConflicts } from './source-priority';

/**
 * Reads of assets and their history. Asset pages follow the creation number (`seq`), so
 * a full read gives the assets in the order they were first imported — the order of the
 * inventory file, as the CLI's `--inventory` reads it. A page holds at most `limit`
 * records and at most PAGE_BYTE_BUDGET bytes of them (`pageFill`); `next` is the
 * creation number of its last record.
 */
@Injectable()
export class AssetReader {
  private readonly priority: readonly string[];

  constructor(
    private readonly repo: AssetRepository,
    ctx: PlatformContext,
  ) {
    this.priority = settingsOf(ctx).INVENTORY_SOURCE_PRIORITY;
  }

  async query(q: AssetQuery): Promise<AssetPage> {
    const translated = filtersToQuery(q.filters);
    if (!translated.ok) {
      const first = translated.details[0];
      throw new AppError(
        'BAD_REQUEST',
        `invalid filters: ${first?.path}: ${first?.message}`,
        translated.details,
      );
    }
    const afterSeq = cursorOf(q.after, 'after');
    const docs = await this.repo.page(translated.query, afterSeq, q.limit + 1);
    const records = docs.slice(0, q.limit).map(toRecord);
    const n = pageFill(records, q.limit);
    const last = docs[n - 1];
    return {
      items: records.slice(0, n),
      ...(n < docs.length && last ? { next: String(last.seq) } : {}),
      ...(q.withTotal ? { total: await this.repo.count(translated.query) } : {}),
    };
  }

  async get(id: string): Promise<AssetRecord> {
    const doc = await this.repo.byId(id);
    if (!doc) throw new AppError('NOT_FOUND', `asset ${id} not found`);
    return toRecord(doc);
  }

  /**
   * The fields the asset's sources disagree on, every value with its provenance, most
   * trusted first by INVENTORY_SOURCE_PRIORITY (`resolved`: the chosen one).
   */
  async conflicts(id: string): Promise<AssetConflicts> {
    const doc = await this.repo.conflictsOf(id);
    if (!doc) throw new AppError('NOT_FOUND', `asset ${id} not found`);
    return { id, items: listConflicts(doc.conflicts, this.priority) };
  }

  /** Revisions newest first; a deleted asset keeps its history. */
  async history(q: AssetHistoryQuery): Promise<AssetHistoryPage> {
    const before = q.after === undefined ? Number.MAX_SAFE_INTEGER : cursorOf(q.after, 'after');
    const docs = await this.repo.historyPage(q.id, before, q.limit + 1);
    if (docs.length === 0 && q.after === undefined) {
      throw new AppError('NOT_FOUND', `asset ${q.id} has no history`);
    }
    const revisions = docs.slice(0, q.limit).map(toRevision);
    const n = pageFill(revisions, q.limit);
    const last = revisions[n - 1];
    return {
      items: revisions.slice(0, n),
      ...(n < docs.length && last ? { next: String(last.revision) } : {}),
    };
  }
}

function cursorOf(cursor: string | undefined, field: string): number {
  if (cursor === undefined) return 0;
  const n = Number(cursor);
  if (!/^\d{1,15}$/.test(cursor) || !Number.isSafeInteger(n)) {
    throw new AppError('BAD_REQUEST', `${field}: not a cursor of this list`, [
      { path: field, message: 'must be the next value of a previous page' },
    ]);
  }
  return n;
}
