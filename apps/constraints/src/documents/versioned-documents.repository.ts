import { randomUUID } from 'node:crypto';
import { PAGE_BYTE_BUDGET, idSchema, pageFill, type Page, type VersionRef } from '@vplan/contracts';
import { formatIssue } from '@vplan/formats';
import { AppError, type JetStreamService, type Logger } from '@vplan/platform';
import { Schema, type Connection, type Model } from 'mongoose';
import type { DocumentKind } from './document-kinds';

/** How often a writer retries when another took the version number it computed. */
const MAX_VERSION_ATTEMPTS = 20;

interface VersionDoc {
  _id: string;
  name: string;
  version: number;
  source: string;
  /** The parsed form as JSON text (keeps user-named keys away from field-name rules). */
  parsed: string;
  description?: string;
  createdAt: Date;
  createdBy?: string;
  /** Id of the `…published` event; `published` turns true once JetStream acked it. */
  eventId: string;
  published: boolean;
}

interface HeadDoc {
  _id: string;
  latestVersion: number;
  description?: string;
  updatedAt: Date;
  deletedAt?: Date;
}

const versionSchema = new Schema<VersionDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    source: { type: String, required: true },
    parsed: { type: String, required: true },
    description: String,
    createdAt: { type: Date, required: true },
    createdBy: String,
    eventId: { type: String, required: true },
    published: { type: Boolean, required: true },
  },
  { versionKey: false, autoIndex: false },
);
// Two writers computing the same next version: the second insert fails and retries.
versionSchema.index({ name: 1, version: 1 }, { unique: true });
versionSchema.index({ published: 1 });

const headSchema = new Schema<HeadDoc>(
  {
    _id: { type: String, required: true },
    latestVersion: { type: Number, required: true },
    description: String,
    updatedAt: { type: Date, required: true },
    deletedAt: Date,
  },
  { versionKey: false, autoIndex: false },
);

/** One stored version, as the contracts show it. */
export interface DocumentVersion<P> {
  id: string;
  name: string;
  version: number;
  description?: string;
  source: string;
  parsed: P;
  createdAt: string;
  createdBy?: string;
}

export interface DocumentSummary {
  id: string;
  name: string;
  latestVersion: number;
  description?: string;
  updatedAt: string;
}

export interface VersionInfo {
  version: number;
  createdAt: string;
  createdBy?: string;
}

export interface PublishInput {
  readonly name: string;
  readonly source: string;
  readonly description?: string;
  /** `create`: CONFLICT when a live document has the name; `update`: NOT_FOUND unless one has. */
  readonly mode: 'create' | 'update' | 'upsert';
  /** CONFLICT unless the latest version is this one. */
  readonly expectedVersion?: number;
  readonly actor?: string;
}

/**
 * Versioned YAML documents (rule sets, target sets) by name: every publish parses the
 * whole source and stores a new immutable version (1, 2, …; a unique index on
 * `(name, version)` makes concurrent writers take distinct numbers), then publishes the
 * kind's `…published` event. The document id is its name. Deleting hides the name from
 * lists and from "latest"; its versions stay readable, and a later publish revives the
 * name with the next number (numbers are never reused).
 */
export class VersionedDocuments<P> {
  private readonly versions: Model<VersionDoc>;
  private readonly heads: Model<HeadDoc>;

  constructor(
    readonly kind: DocumentKind<P>,
    connection: Connection,
    private readonly jetstream: JetStreamService,
    private readonly logger: Logger,
  ) {
    this.versions = connection.model<VersionDoc>(kind.versions, versionSchema, kind.versions);
    this.heads = connection.model<HeadDoc>(kind.heads, headSchema, kind.heads);
  }

  /** Creates the indexes (before the first write) and re-sends events a crash left unsent. */
  async init(): Promise<void> {
    await this.versions.createIndexes();
    await this.heads.createIndexes();
    const unsent = await this.versions.find({ published: false }).limit(1000).lean();
    for (const doc of unsent) await this.announce(doc);
  }

  async publish(input: PublishInput): Promise<DocumentVersion<P>> {
    const name = checkName(input.name, this.kind.label);
    const parsed = this.kind.parse(input.source, name);
    if (!parsed.ok) {
      const n = parsed.issues.length;
      throw new AppError(
        'BAD_REQUEST',
        `${this.kind.label} ${name}: ${n} problem${n === 1 ? '' : 's'}, first ${formatIssue(parsed.issues[0]!)}`,
        parsed.issues.map((i) => ({
          path: `${i.file}:${i.row}:${i.column}`,
          message: formatIssue(i),
        })),
      );
    }
    const description = input.description ?? parsed.description;
    let doc: VersionDoc | undefined;
    for (let attempt = 0; attempt < MAX_VERSION_ATTEMPTS && !doc; attempt++) {
      const latest = await this.latestNumber(name);
      await this.checkMode(input, name, latest);
      doc = {
        _id: randomUUID(),
        name,
        version: latest + 1,
        source: input.source,
        parsed: JSON.stringify(parsed.value),
        ...(description ? { description } : {}),
        createdAt: new Date(),
        ...(input.actor ? { createdBy: input.actor } : {}),
        eventId: randomUUID(),
        published: false,
      };
      try {
        await this.versions.create(doc);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 11000) throw err;
        doc = undefined; // another writer took this number: read the latest again
      }
    }
    if (!doc) {
      throw new AppError(
        'CONFLICT',
        `${this.kind.label} ${name}: too many concurrent writes, retry`,
      );
    }
    await this.moveHead(doc);
    await this.announce(doc);
    return this.toVersion(doc);
  }

  /** A version, or the latest of a live document. */
  async get(name: string, version?: number): Promise<DocumentVersion<P>> {
    if (version !== undefined) {
      const doc = await this.versions.findOne({ name, version }).lean();
      if (!doc)
        throw new AppError('NOT_FOUND', `${this.kind.label} ${name} has no version ${version}`);
      return this.toVersion(doc);
    }
    const head = await this.heads.findById(name).lean();
    const doc =
      head && !head.deletedAt
        ? await this.versions.findOne({ name }).sort({ version: -1 }).lean()
        : null;
    if (!doc) throw new AppError('NOT_FOUND', `${this.kind.label} ${name} not found`);
    return this.toVersion(doc);
  }

  async getRef(ref: {
    id: string;
    version?: number | undefined;
  }): Promise<DocumentVersion<P> & { ref: VersionRef }> {
    const doc = await this.get(ref.id, ref.version);
    return { ...doc, ref: { id: doc.id, version: doc.version } };
  }

  /** Live documents in name order. */
  async list(query: {
    limit: number;
    after?: string;
    name?: string;
  }): Promise<Page<DocumentSummary>> {
    const filter: Record<string, unknown> = { deletedAt: { $exists: false } };
    const id: Record<string, string> = {};
    if (query.name !== undefined) id['$eq'] = query.name;
    if (query.after !== undefined) id['$gt'] = query.after;
    if (Object.keys(id).length > 0) filter['_id'] = id;
    const heads = await this.heads
      .find(filter)
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .lean();
    const items = heads.map((h) => ({
      id: h._id,
      name: h._id,
      latestVersion: h.latestVersion,
      ...(h.description ? { description: h.description } : {}),
      updatedAt: h.updatedAt.toISOString(),
    }));
    return pageOf(items, query.limit, (s) => s.id);
  }

  /** The versions of a name (deleted ones included), oldest first. */
  async history(
    name: string,
    query: { limit: number; after?: string },
  ): Promise<Page<VersionInfo>> {
    const after = query.after === undefined ? 0 : Number(query.after);
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new AppError('BAD_REQUEST', `after: not a cursor of this list, got "${query.after}"`);
    }
    const docs = await this.versions
      .find({ name, version: { $gt: after } }, { version: 1, createdAt: 1, createdBy: 1 })
      .sort({ version: 1 })
      .limit(query.limit + 1)
      .lean();
    if (docs.length === 0 && after === 0) {
      throw new AppError('NOT_FOUND', `${this.kind.label} ${name} not found`);
    }
    const items = docs.map((d) => ({
      version: d.version,
      createdAt: d.createdAt.toISOString(),
      ...(d.createdBy ? { createdBy: d.createdBy } : {}),
    }));
    return pageOf(items, query.limit, (v) => String(v.version));
  }

  /** Hides a live document; false when there was none. */
  async delete(name: string): Promise<boolean> {
    const result = await this.heads.updateOne(
      { _id: name, deletedAt: { $exists: false } },
      { $set: { deletedAt: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  private async latestNumber(name: string): Promise<number> {
    const latest = await this.versions
      .findOne({ name }, { version: 1 })
      .sort({ version: -1 })
      .lean();
    return latest?.version ?? 0;
  }

  private async checkMode(input: PublishInput, name: string, latest: number): Promise<void> {
    if (input.mode !== 'upsert') {
      const head = await this.heads.findById(name).lean();
      const live = head !== null && !head.deletedAt;
      if (input.mode === 'create' && live) {
        throw new AppError(
          'CONFLICT',
          `${this.kind.label} ${name} already exists (version ${latest}): update it`,
        );
      }
      if (input.mode === 'update' && !live) {
        throw new AppError('NOT_FOUND', `${this.kind.label} ${name} not found`);
      }
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== latest) {
      throw new AppError(
        'CONFLICT',
        `${this.kind.label} ${name} is at version ${latest}, not ${input.expectedVersion}: read it again`,
      );
    }
  }

  /** The head follows the highest version; a publish revives a deleted name. */
  private async moveHead(doc: VersionDoc): Promise<void> {
    const update = {
      $max: { latestVersion: doc.version },
      $set: {
        updatedAt: doc.createdAt,
        ...(doc.description ? { description: doc.description } : {}),
      },
      $unset: { deletedAt: '' },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.heads.updateOne({ _id: doc.name }, update, { upsert: true });
        return;
      } catch (err) {
        // Two first versions upserting at once: the loser updates the winner's head.
        if ((err as { code?: unknown }).code !== 11000 || attempt >= 3) throw err;
      }
    }
  }

  /** Publishes the version's event (its stored id de-duplicates a re-send) and marks it sent. */
  private async announce(doc: VersionDoc): Promise<void> {
    try {
      await this.jetstream.publish(
        this.kind.published,
        { id: doc.name, name: doc.name, version: doc.version },
        { id: doc.eventId },
      );
      await this.versions.updateOne({ _id: doc._id }, { $set: { published: true } });
    } catch (err) {
      // Stored but not announced: the next boot sends it (init).
      this.logger.warn(
        { err: { message: (err as Error).message }, name: doc.name, version: doc.version },
        `${this.kind.label} event not published yet`,
      );
    }
  }

  private toVersion(doc: VersionDoc): DocumentVersion<P> {
    return {
      id: doc.name,
      name: doc.name,
      version: doc.version,
      ...(doc.description ? { description: doc.description } : {}),
      source: doc.source,
      parsed: this.kind.schema.parse(JSON.parse(doc.parsed)),
      createdAt: doc.createdAt.toISOString(),
      ...(doc.createdBy ? { createdBy: doc.createdBy } : {}),
    };
  }
}

/**
 * A document's name is also its id (what scenarios pin with a version), so it must be an
 * id: 1–64 letters, digits, `_` or `-`.
 */
export function checkName(name: string, label: string): string {
  const checked = idSchema.safeParse(name);
  if (!checked.success) {
    throw new AppError(
      'BAD_REQUEST',
      `${label} name "${name.slice(0, 80)}": must be 1-64 letters, digits, _ or -`,
      [{ path: 'name', message: 'must be 1-64 letters, digits, _ or -' }],
    );
  }
  return checked.data;
}

/** `limit + 1` rows read: the extra one says a next page exists; pages also stay under the byte budget. */
function pageOf<T>(rows: T[], limit: number, cursor: (item: T) => string): Page<T> {
  const n = pageFill(rows, limit, PAGE_BYTE_BUDGET);
  const items = rows.slice(0, n);
  const last = items[items.length - 1];
  return rows.length > n && last !== undefined ? { items, next: cursor(last) } : { items };
}
