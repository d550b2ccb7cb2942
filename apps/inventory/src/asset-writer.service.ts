import { createHash, randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { INVENTORY, type AssetRecord, type IdentityMatch } from '@vplan/contracts';
import { AppError, InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import type { AnyBulkWriteOperation } from 'mongoose';
import { assetOf, sameValue, type FieldMap } from './asset-fields';
import { queryAttributesOf } from './asset-query';
import { AssetRepository } from './asset.repository';
import { bookkeeping, bookkeepingOf, type Bookkeeping } from './asset-bookkeeping';
import { assetKeys } from './identity';
import type { AssetDoc, HistoryDoc } from './inventory.schema';
import { mergeFields, type FieldChange, type FieldWrite } from './merge';
import {
  fromStoredAsset,
  storedFieldsOf,
  toRecord,
  toStoredAsset,
  toStoredProvenance,
} from './records';
import { trackConflicts } from './source-priority';
import type { Sighting } from './staleness';

export interface WriteItem {
  readonly id: string;
  readonly fields: FieldMap;
  /** Identity keys an observation brought (kept for later matching). */
  readonly observedKeys?: readonly string[];
  /** The revision the writer last saw (0: the asset must not exist); CONFLICT otherwise. */
  readonly expectedRevision?: number;
  /** The identity merge that brought an observation to this asset (kept in `matchedBy`). */
  readonly match?: IdentityMatch;
  /** An observation's source and scan: that source's last sighting (staleness.ts). */
  readonly sighting?: Sighting;
}

export interface WriteContext extends FieldWrite {
  /** The caller's name (HTTP writes). */
  readonly principal?: string;
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteResult {
  readonly id: string;
  readonly outcome: WriteOutcome;
  readonly changed: string[];
  readonly record: AssetRecord;
}

/** What `setStale` needs of an asset: its id, the revision read, its site (for the event). */
export type StaleCandidate = Pick<AssetDoc, '_id' | 'revision'> & {
  readonly asset: Pick<AssetDoc['asset'], 'site'>;
};

/** The history change of a staleness flip (the record's `stale`, not an asset field). */
const STALE_SET: FieldChange = { path: 'stale', before: false, after: true };
const STALE_UNSET: FieldChange = { path: 'stale', before: true, after: false };

/** Attempts of a write that keeps losing races with other writers before CONFLICT. */
const MAX_ATTEMPTS = 5;
/** Events published at once. */
const PUBLISH_CONCURRENCY = 64;

/**
 * Writes assets with per-field provenance, history and events, without transactions:
 * 1. an outbox entry names the write (its token and asset ids);
 * 2. the asset documents are written conditionally on the revision read (a lost race is
 *    retried on fresh data), each carrying its own history entry as `last`;
 * 3. the history entries are inserted (id `<asset>#<revision>`: at most once) and the
 *    `assetChanged` events published (id derived from asset and revision: `Nats-Msg-Id`
 *    drops a re-publish), then the outbox entry is deleted.
 * A crash before 3 ends leaves the outbox entry; the next start flushes it again.
 */
@Injectable()
export class AssetWriter implements OnApplicationBootstrap {
  constructor(
    private readonly repo: AssetRepository,
    private readonly jetstream: JetStreamService,
    @InjectLogger() private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.flushPending().catch((err: unknown) =>
      this.log.warn({ err }, 'flushing pending asset changes failed; retried at next start'),
    );
  }

  /** Applies `items` (distinct ids) in order; new assets get creation numbers in that order. */
  async writeMany(items: readonly WriteItem[], ctx: WriteContext): Promise<WriteResult[]> {
    const results = new Map<string, WriteResult>();
    let todo = [...items];
    for (let attempt = 1; todo.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new AppError(
          'CONFLICT',
          `assets changed concurrently: ${todo.map((t) => t.id).join(', ')}`,
        );
      }
      todo = await this.attempt(todo, ctx, results);
    }
    return items.map((i) => results.get(i.id) as WriteResult);
  }

  /** One pass: returns the items that lost a race. */
  private async attempt(
    items: readonly WriteItem[],
    ctx: WriteContext,
    results: Map<string, WriteResult>,
  ): Promise<WriteItem[]> {
    const ids = items.map((i) => i.id);
    const current = await this.repo.byIds(ids);
    const tombstones = await this.repo.lastRevisions(ids.filter((id) => !current.has(id)));
    const now = new Date().toISOString();
    const token = randomUUID();
    const creations: AssetDoc[] = [];
    const writes: { doc: AssetDoc; previous?: AssetDoc; changed: string[] }[] = [];
    const touches: { item: WriteItem; cur: AssetDoc; set: Bookkeeping }[] = [];

    for (const item of items) {
      const cur = current.get(item.id);
      if (item.expectedRevision !== undefined && (cur?.revision ?? 0) !== item.expectedRevision) {
        throw new AppError(
          'CONFLICT',
          `asset ${item.id} is at revision ${cur?.revision ?? 0}, not ${item.expectedRevision}`,
        );
      }
      const before = cur && storedFieldsOf(cur);
      const merged = mergeFields(before, item.fields, ctx);
      // Seen again: live again, a change of its own (history entry and event).
      const revived = cur?.stale === true && item.sighting !== undefined;
      const changes = revived ? [...merged.changes, STALE_UNSET] : merged.changes;
      const book = bookkeeping(
        cur,
        item,
        ctx.observedAt,
        trackConflicts(cur?.conflicts, before, item.fields, ctx),
      );
      if (cur && changes.length === 0) {
        const keys = [...new Set([...assetKeys(fromStoredAsset(cur.asset)), ...book.observedKeys])];
        const set: Bookkeeping = { ...book, keys };
        if (!sameValue(set, bookkeepingOf(cur))) touches.push({ item, cur, set });
        else results.set(item.id, unchanged(cur));
        continue;
      }
      const asset = assetOf(item.id, merged.fields);
      const revision = (cur?.revision ?? tombstones.get(item.id) ?? 0) + 1;
      const last: HistoryDoc = {
        _id: `${item.id}#${revision}`,
        assetId: item.id,
        revision,
        kind: cur ? 'updated' : 'created',
        at: now,
        source: ctx.source,
        writeKind: ctx.kind,
        ...(ctx.principal ? { principal: ctx.principal } : {}),
        ...(ctx.importId ? { importId: ctx.importId } : {}),
        changes: [...changes],
      };
      const doc: AssetDoc = {
        _id: item.id,
        seq: cur?.seq ?? 0,
        revision,
        asset: toStoredAsset(asset),
        provenance: toStoredProvenance(merged.provenance),
        attrs: queryAttributesOf(asset),
        ...book,
        keys: [...new Set([...assetKeys(asset), ...book.observedKeys])],
        firstSeen: cur?.firstSeen ?? now,
        updatedAt: now,
        ...(cur?.stale === undefined ? {} : { stale: cur.stale && !revived }),
        last,
        writeToken: token,
      };
      if (!cur) creations.push(doc);
      writes.push({
        doc,
        changed: changes.map((c) => c.path),
        ...(cur ? { previous: cur } : {}),
      });
    }

    const lostTouches = await this.touch(touches, results);
    if (writes.length === 0) return lostTouches;
    if (creations.length > 0) {
      const first = await this.repo.reserveSeqs(creations.length);
      creations.forEach((doc, i) => (doc.seq = first + i));
    }
    const ops: AnyBulkWriteOperation<AssetDoc>[] = writes.map(({ doc, previous }) => {
      if (!previous) return { insertOne: { document: doc } };
      const { _id, seq: _seq, firstSeen: _first, ...rest } = doc;
      return {
        updateOne: { filter: { _id, revision: previous.revision }, update: { $set: rest } },
      };
    });
    const landed = await this.commit(
      token,
      writes.map((w) => w.doc),
      ops,
    );
    const done = writes.filter((w) => landed.has(w.doc._id));
    for (const { doc, changed, previous } of done) {
      const outcome = previous ? 'updated' : 'created';
      results.set(doc._id, { id: doc._id, outcome, changed, record: toRecord(doc) });
    }
    const lost = new Set(writes.filter((w) => !landed.has(w.doc._id)).map((w) => w.doc._id));
    return [...lostTouches, ...items.filter((i) => lost.has(i.id))];
  }

  /**
   * Writes new revisions (`docs`, by `ops`) under the outbox entry `token`, then their
   * history entries and events; returns the ids that landed (another writer won the others).
   */
  private async commit(
    token: string,
    docs: readonly AssetDoc[],
    ops: AnyBulkWriteOperation<AssetDoc>[],
  ): Promise<Set<string>> {
    const ids = docs.map((d) => d._id);
    await this.repo.openOutbox(token, ids);
    const count = await this.repo.bulkWrite(ops);
    const landed = count === docs.length ? new Set(ids) : await this.repo.writtenBy(ids, token);
    await this.flush(docs.filter((d) => landed.has(d._id)));
    await this.repo.closeOutbox(token);
    return landed;
  }

  /**
   * Sets or unsets `stale` (staleness.ts) on assets as read (`revision`), each with a new
   * revision, history entry and `assetChanged` event (`changed: ["stale"]`); fields and
   * bookkeeping stay. Returns the ids written; an asset that changed since it was read is
   * left alone (what changed it was newer; the next completed scan weighs it again).
   */
  async setStale(
    items: readonly { readonly doc: StaleCandidate; readonly stale: boolean }[],
    ctx: { readonly source: string },
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const now = new Date().toISOString();
    const token = randomUUID();
    const docs = items.map(({ doc, stale }): AssetDoc => {
      const revision = doc.revision + 1;
      const last: HistoryDoc = {
        _id: `${doc._id}#${revision}`,
        assetId: doc._id,
        revision,
        kind: 'updated',
        at: now,
        source: ctx.source,
        writeKind: 'discovery',
        changes: [stale ? STALE_SET : STALE_UNSET],
      };
      return { ...doc, revision, stale, last, updatedAt: now, writeToken: token } as AssetDoc;
    });
    const ops = docs.map((d): AnyBulkWriteOperation<AssetDoc> => ({
      updateOne: {
        filter: { _id: d._id, revision: d.revision - 1 },
        update: {
          $set: {
            revision: d.revision,
            stale: d.stale,
            last: d.last,
            updatedAt: d.updatedAt,
            writeToken: token,
          },
        },
      },
    }));
    return [...(await this.commit(token, docs, ops))];
  }

  /**
   * Writes bookkeeping of unchanged assets (no revision); returns the items that lost a
   * race. When only `lastSeen` moves (a re-import of the same file), one update per
   * command of ids raises it, without a revision check (it only ever grows): FerretDB
   * 1.24 takes about a quarter of a second per conditional single-document update.
   */
  private async touch(
    touches: readonly { item: WriteItem; cur: AssetDoc; set: Bookkeeping }[],
    results: Map<string, WriteResult>,
  ): Promise<WriteItem[]> {
    const seenOnly = touches.filter(
      (t) =>
        t.set.lastSeen !== t.cur.lastSeen &&
        sameValue({ ...t.set, lastSeen: '' }, { ...bookkeepingOf(t.cur), lastSeen: '' }),
    );
    const byLastSeen = new Map<string, string[]>();
    for (const t of seenOnly)
      byLastSeen.set(t.set.lastSeen, [...(byLastSeen.get(t.set.lastSeen) ?? []), t.cur._id]);
    for (const [lastSeen, ids] of byLastSeen) await this.repo.raiseLastSeen(ids, lastSeen);
    for (const { item, cur, set } of seenOnly) results.set(item.id, unchanged({ ...cur, ...set }));
    const full = touches.filter((t) => !seenOnly.includes(t));
    if (full.length === 0) return [];
    const count = await this.repo.bulkWrite(
      full.map(({ cur, set }) => ({
        updateOne: { filter: { _id: cur._id, revision: cur.revision }, update: { $set: set } },
      })),
    );
    const now =
      count === full.length ? undefined : await this.repo.byIds(full.map((t) => t.cur._id));
    const lost: WriteItem[] = [];
    for (const { item, cur, set } of full) {
      if (now && now.get(cur._id)?.revision !== cur.revision) lost.push(item);
      else results.set(item.id, unchanged({ ...cur, ...set }));
    }
    return lost;
  }

  /** Deletes an asset; undefined when there is none. */
  async delete(
    id: string,
    ctx: Omit<WriteContext, 'mode'>,
    expectedRevision?: number,
  ): Promise<{ revision: number } | undefined> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const cur = await this.repo.byId(id);
      if (!cur) return undefined;
      if (expectedRevision !== undefined && cur.revision !== expectedRevision) {
        throw new AppError(
          'CONFLICT',
          `asset ${id} is at revision ${cur.revision}, not ${expectedRevision}`,
        );
      }
      if (!(await this.repo.deleteAt(id, cur.revision))) continue;
      const revision = cur.revision + 1;
      await this.repo.saveTombstone(id, revision);
      const entry: HistoryDoc = {
        _id: `${id}#${revision}`,
        assetId: id,
        revision,
        kind: 'deleted',
        at: new Date().toISOString(),
        source: ctx.source,
        writeKind: ctx.kind,
        ...(ctx.principal ? { principal: ctx.principal } : {}),
        changes: [...storedFieldsOf(cur).fields].map(([path, before]) => ({ path, before })),
      };
      await this.repo.addHistory([entry]);
      await this.publishChange(entry, fromStoredAsset(cur.asset).site);
      return { revision };
    }
    throw new AppError('CONFLICT', `asset ${id} changed concurrently`);
  }

  /** Flushes the writes a crash left in the outbox (history entries and events are idempotent). */
  async flushPending(): Promise<number> {
    let flushed = 0;
    for (;;) {
      const open = await this.repo.openOutboxes(100);
      if (open.length === 0) return flushed;
      for (const box of open) {
        const docs = await this.repo.byIdsAndToken(box.ids, box._id);
        await this.flush(docs);
        await this.repo.closeOutbox(box._id);
        flushed += docs.length;
      }
    }
  }

  private async flush(docs: readonly AssetDoc[]): Promise<void> {
    await this.repo.addHistory(docs.map((d) => d.last));
    for (let i = 0; i < docs.length; i += PUBLISH_CONCURRENCY) {
      await Promise.all(
        docs.slice(i, i + PUBLISH_CONCURRENCY).map((d) => this.publishChange(d.last, d.asset.site)),
      );
    }
  }

  private async publishChange(entry: HistoryDoc, site: string | undefined): Promise<void> {
    await this.jetstream.publish(
      INVENTORY.assetChanged,
      {
        assetId: entry.assetId,
        kind: entry.kind,
        revision: entry.revision,
        changed: entry.changes.map((c) => c.path),
        source: entry.source,
        ...(site ? { site } : {}),
      },
      { id: eventId(`asset-changed:${entry.assetId}:${entry.revision}`) },
    );
  }
}

/** A stable UUID (version 5 layout) of a text: the same change always gets the same event id. */
export function eventId(text: string): string {
  const b = createHash('sha256').update(text).digest();
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function unchanged(doc: AssetDoc): WriteResult {
  return { id: doc._id, outcome: 'unchanged', changed: [], record: toRecord(doc) };
}
