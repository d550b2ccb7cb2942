import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import {
  DISCOVERY,
  type Page,
  type Probe,
  type ScanCreate,
  type ScanJob,
  type ScanStatus,
  type WireError,
} from '@vplan/contracts';
import { AppError, InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import { Schema, type Connection, type Model } from 'mongoose';
import { CredentialsService } from '../credentials/credentials.service';
import { checkTargets } from './scan-targets';

interface ScanDoc {
  _id: string;
  name?: string;
  status: ScanStatus;
  cidrs: string[];
  hosts: string[];
  probes: Probe[];
  ports?: number[];
  credentialIds: string[];
  /** For the probes: per-target timeout (ms), retries, targets at once. */
  timeoutMs: number;
  retries: number;
  concurrency: number;
  progress: { targets: number; done: number; observations: number };
  createdAt: Date;
  createdBy?: string;
  startedAt?: Date;
  finishedAt?: Date;
  error?: WireError;
  notes?: string[];
  /** Set by a cancel while running: the runner that holds the scan stops at its next tick. */
  cancelRequested?: boolean;
}

export type ScanProgress = ScanDoc['progress'];
/** A claimed scan, as the runner needs it. */
export type ClaimedScan = Pick<
  ScanDoc,
  '_id' | 'cidrs' | 'hosts' | 'probes' | 'ports' | 'timeoutMs' | 'retries' | 'concurrency'
>;

const scanSchema = new Schema<ScanDoc>(
  {
    _id: { type: String, required: true },
    name: String,
    status: { type: String, required: true },
    cidrs: [String],
    hosts: [String],
    probes: [String],
    ports: { type: [Number], default: undefined },
    credentialIds: [String],
    timeoutMs: Number,
    retries: Number,
    concurrency: Number,
    progress: { targets: Number, done: Number, observations: Number },
    createdAt: { type: Date, required: true },
    createdBy: String,
    startedAt: Date,
    finishedAt: Date,
    error: Schema.Types.Mixed,
    notes: { type: [String], default: undefined },
    cancelRequested: Boolean,
  },
  { versionKey: false, autoIndex: false },
);
scanSchema.index({ status: 1, _id: -1 });

/** Ids that sort by creation time (newest last), so lists page by id alone. */
export function timeOrderedId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * Scan jobs (collection `scans`). A new scan is checked (targets, known credentials)
 * and stored `pending`; a `ScanRunner` claims it (atomically, so one replica runs it),
 * and every status change is published as `DISCOVERY.scanUpdated`.
 */
@Injectable()
export class ScansService implements OnModuleInit {
  private readonly model: Model<ScanDoc>;
  private readonly createdListeners = new Set<() => void>();
  private readonly cancelListeners = new Set<(id: string) => void>();

  constructor(
    @InjectConnection() connection: Connection,
    private readonly credentials: CredentialsService,
    private readonly jetstream: JetStreamService,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.model = connection.model<ScanDoc>('Scan', scanSchema, 'scans');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** `fields` names the request's fields in messages (`targets` over HTTP, `cidrs`/`hosts` over NATS). */
  async create(
    input: ScanCreate,
    opts: { actor?: string; fields?: { field: string; text: string }[]; scheduleId?: string } = {},
  ): Promise<ScanJob> {
    const targets = checkTargets(
      opts.fields ?? [
        ...input.cidrs.map((text, i) => ({ field: `cidrs.${i}`, text })),
        ...input.hosts.map((text, i) => ({ field: `hosts.${i}`, text })),
      ],
    );
    if (!targets.ok) {
      throw new AppError(
        'BAD_REQUEST',
        `invalid scan targets: ${targets.details.map((d) => d.path).join(', ')}`,
        targets.details,
      );
    }
    const credentialIds = [...new Set(input.credentialIds)];
    const missing = await this.credentials.missing(credentialIds);
    if (missing.length > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `unknown credentials: ${missing.join(', ')}`,
        missing.map((id) => ({
          path: `credentialIds.${input.credentialIds.indexOf(id)}`,
          message: `no credential ${id}`,
        })),
      );
    }
    const doc: ScanDoc = {
      _id: timeOrderedId(),
      ...(input.name ? { name: input.name } : {}),
      status: 'pending',
      cidrs: targets.cidrs,
      hosts: targets.hosts,
      probes: [...new Set(input.probes)],
      ...(input.ports ? { ports: input.ports } : {}),
      credentialIds,
      timeoutMs: input.timeoutMs,
      retries: input.retries,
      concurrency: input.concurrency,
      progress: { targets: targets.cidrs.length + targets.hosts.length, done: 0, observations: 0 },
      createdAt: new Date(),
      ...(opts.actor ? { createdBy: opts.actor } : {}),
    };
    await this.model.create(doc);
    for (const listener of this.createdListeners) listener();
    return view(doc);
  }

  /** Calls `listener` after each scan created by this replica (the runner wakes at once). */
  onCreated(listener: () => void): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  /** Calls `listener` with the id of each running scan cancelled through this replica. */
  onCancel(listener: (id: string) => void): () => void {
    this.cancelListeners.add(listener);
    return () => this.cancelListeners.delete(listener);
  }

  /**
   * Cancels a scan: a pending one ends `cancelled` at once; a running one is flagged and
   * ends `cancelled` when its runner sees the flag (at once on this replica, within a
   * progress tick on another). An ended scan is returned as it is.
   */
  async cancel(id: string): Promise<ScanJob> {
    const pending = await this.model
      .findOneAndUpdate(
        { _id: id, status: 'pending' },
        { $set: { status: 'cancelled', finishedAt: new Date() } },
        { new: true },
      )
      .lean();
    if (pending) {
      await this.published(pending);
      return view(pending);
    }
    const running = await this.model
      .findOneAndUpdate(
        { _id: id, status: 'running' },
        { $set: { cancelRequested: true } },
        { new: true },
      )
      .lean();
    if (running) {
      for (const listener of this.cancelListeners) listener(id);
      return view(running);
    }
    return this.get(id);
  }

  /** Takes the oldest pending scan and marks it running (one replica wins it), or undefined. */
  async claimNext(): Promise<ClaimedScan | undefined> {
    const doc = await this.model
      .findOneAndUpdate(
        { status: 'pending' },
        { $set: { status: 'running', startedAt: new Date() } },
        { sort: { _id: 1 }, new: true },
      )
      .lean();
    if (!doc) return undefined;
    await this.published(doc);
    return doc;
  }

  /** Stores the progress of a running scan; returns whether a cancel was asked for. */
  async saveProgress(id: string, progress: ScanProgress, notes?: string[]): Promise<boolean> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: id, status: 'running' },
        { $set: { progress, ...(notes && notes.length > 0 ? { notes } : {}) } },
        { new: true },
      )
      .lean();
    return doc?.cancelRequested === true;
  }

  /** Ends a running scan (`succeeded`, `failed` with an error, `cancelled`), or gives it back (`pending`). */
  async finish(
    id: string,
    outcome: {
      status: 'succeeded' | 'failed' | 'cancelled' | 'pending';
      progress: ScanProgress;
      notes?: string[];
      error?: WireError;
    },
  ): Promise<void> {
    const set: Partial<ScanDoc> = { status: outcome.status, progress: outcome.progress };
    if (outcome.notes && outcome.notes.length > 0) set.notes = outcome.notes;
    if (outcome.error) set.error = outcome.error;
    const update =
      outcome.status === 'pending'
        ? { $set: set, $unset: { startedAt: 1, cancelRequested: 1 } }
        : { $set: { ...set, finishedAt: new Date() } };
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: 'running' }, update, { new: true })
      .lean();
    if (doc) await this.published(doc);
  }

  /** Publishes the scan as it is now; a failure is logged, never fails the scan. */
  private async published(doc: ScanDoc): Promise<void> {
    try {
      await this.jetstream.publish(DISCOVERY.scanUpdated, view(doc));
    } catch (error) {
      this.logger.warn(
        { scanId: doc._id, err: { message: (error as Error).message } },
        'scan update not published',
      );
    }
  }

  async get(id: string): Promise<ScanJob> {
    const doc = await this.model.findById(id).lean();
    if (!doc) throw new AppError('NOT_FOUND', `scan ${id} not found`);
    return view(doc);
  }

  /** Newest first; `after` is the last id of the previous page. */
  async list(query: {
    limit: number;
    after?: string;
    status?: ScanStatus;
  }): Promise<Page<ScanJob>> {
    const filter: Record<string, unknown> = {};
    if (query.status) filter['status'] = query.status;
    if (query.after) filter['_id'] = { $lt: query.after };
    const docs = await this.model
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean();
    const items = docs.slice(0, query.limit).map(view);
    const last = items[items.length - 1];
    return docs.length > query.limit && last ? { items, next: last.id } : { items };
  }
}

function view(doc: ScanDoc): ScanJob {
  return {
    id: doc._id,
    ...(doc.name ? { name: doc.name } : {}),
    status: doc.status,
    cidrs: doc.cidrs,
    hosts: doc.hosts,
    probes: doc.probes,
    ...(doc.ports && doc.ports.length > 0 ? { ports: doc.ports } : {}),
    credentialIds: doc.credentialIds,
    progress: {
      targets: doc.progress.targets,
      done: doc.progress.done,
      observations: doc.progress.observations,
    },
    createdAt: doc.createdAt.toISOString(),
    ...(doc.startedAt ? { startedAt: doc.startedAt.toISOString() } : {}),
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt.toISOString() } : {}),
    ...(doc.error ? { error: doc.error } : {}),
    ...(doc.notes && doc.notes.length > 0 ? { notes: doc.notes } : {}),
  };
}
