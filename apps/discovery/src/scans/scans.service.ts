import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import {
  DISCOVERY,
  type CredentialKind,
  type ErrorDetail,
  type Page,
  type ScanCreate,
  type ScanJob,
  type ScanStatus,
  type WireError,
} from '@vplan/contracts';
import { AppError, InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import { Schema, type Connection, type Model } from 'mongoose';
import { CredentialsService } from '../credentials/credentials.service';
import {
  claimedScan,
  scanSchema,
  scanView as view,
  type ClaimedScan,
  type ScanDoc,
  type ScanProgress,
} from './scan.schema';
import { checkTargets } from './scan-targets';

export type { ClaimedScan, ScanProgress } from './scan.schema';

/** The kinds a credential may have where a scan uses it. */
const ADDRESS_KINDS: readonly CredentialKind[] = ['ssh-password', 'ssh-key', 'snmp-v2c', 'snmp-v3'];

/** Ids that sort by creation time (newest last), so lists page by id alone. */
export function timeOrderedId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * Scan jobs (collection `scans`). A new scan is checked (targets, known credentials)
 * and stored `pending`; a `ScanRunner` claims it (atomically, so one replica runs it),
 * and every status change is published as `DISCOVERY.scanUpdated`.
 */
/** Oldest pending scans one claim tries (the others are taken by other replicas). */
const CLAIM_CANDIDATES = 16;
/** MongoDB's duplicate key error. */
const DUPLICATE_KEY = 11000;

/** The claim of one scan by one runner, for one generation of the scan. */
interface ClaimDoc {
  _id: string;
  scanId: string;
  at: Date;
}
const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, scanId: String, at: Date },
  { versionKey: false, autoIndex: false },
);

@Injectable()
export class ScansService implements OnModuleInit {
  private readonly model: Model<ScanDoc>;
  private readonly createdListeners = new Set<() => void>();
  private readonly cancelListeners = new Set<(id: string) => void>();

  private readonly claims: Model<ClaimDoc>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly credentials: CredentialsService,
    private readonly jetstream: JetStreamService,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.model = connection.model<ScanDoc>('Scan', scanSchema, 'scans');
    this.claims = connection.model<ClaimDoc>('ScanClaim', claimSchema, 'scan_claims');
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
    await this.checkCredentials(input);
    const doc: ScanDoc = {
      _id: timeOrderedId(),
      ...(input.name ? { name: input.name } : {}),
      status: 'pending',
      cidrs: targets.cidrs,
      hosts: targets.hosts,
      probes: [...new Set(input.probes)],
      ...(input.ports ? { ports: input.ports } : {}),
      credentialIds,
      vcenters: input.vcenters,
      prometheus: input.prometheus,
      kubernetes: input.kubernetes,
      sshPort: input.sshPort,
      snmpPort: input.snmpPort,
      sudo: input.sudo,
      sampleSeconds: input.sampleSeconds,
      historyHours: input.historyHours,
      timeoutMs: input.timeoutMs,
      retries: input.retries,
      concurrency: input.concurrency,
      ...(opts.scheduleId ? { scheduleId: opts.scheduleId } : {}),
      progress: { targets: targets.cidrs.length + targets.hosts.length, done: 0, observations: 0 },
      createdAt: new Date(),
      ...(opts.actor ? { createdBy: opts.actor } : {}),
    };
    await this.model.create(doc);
    for (const listener of this.createdListeners) listener();
    return view(doc);
  }

  /**
   * Each credential a scan names must exist and fit where it is used: the address probes
   * take ssh and snmp kinds, `vcenters` vsphere, `prometheus` prometheus, `kubernetes`
   * kubernetes. BAD_REQUEST names every field path that does not.
   */
  private async checkCredentials(input: ScanCreate): Promise<void> {
    const uses: { path: string; id: string; kinds: readonly CredentialKind[] }[] = [
      ...input.credentialIds.map((id, i) => ({
        path: `credentialIds.${i}`,
        id,
        kinds: ADDRESS_KINDS,
      })),
      ...input.vcenters.map((v, i) => ({
        path: `vcenters.${i}.credentialId`,
        id: v.credentialId,
        kinds: ['vsphere' as const],
      })),
      ...input.prometheus.flatMap((p, i) =>
        p.credentialId
          ? [
              {
                path: `prometheus.${i}.credentialId`,
                id: p.credentialId,
                kinds: ['prometheus' as const],
              },
            ]
          : [],
      ),
      ...input.kubernetes.map((k, i) => ({
        path: `kubernetes.${i}.credentialId`,
        id: k.credentialId,
        kinds: ['kubernetes' as const],
      })),
    ];
    if (uses.length === 0) return;
    const kinds = await this.credentials.kindsOf([...new Set(uses.map((u) => u.id))]);
    const details: ErrorDetail[] = uses.flatMap(({ path, id, kinds: fit }) => {
      const kind = kinds.get(id);
      if (kind === undefined) return [{ path, message: `no credential ${id}` }];
      if (!fit.includes(kind))
        return [
          { path, message: `credential ${id} is ${kind}: here it must be ${fit.join(' or ')}` },
        ];
      return [];
    });
    if (details.length === 0) return;
    const unknown = details.every((d) => d.message.startsWith('no credential'));
    throw new AppError(
      'BAD_REQUEST',
      unknown
        ? `unknown credentials: ${[...new Set(details.map((d) => d.message.slice('no credential '.length)))].join(', ')}`
        : `credentials that do not fit: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
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
    // A conditional findOneAndUpdate is not atomic on FerretDB (it reads, then writes: two
    // replicas both win it), so the claim is the insert of a unique key per scan and
    // generation (`<id>#<attempts>`): exactly one insert succeeds.
    const pending = await this.model
      .find({ status: 'pending' }, { _id: 1, attempts: 1 })
      .sort({ _id: 1 })
      .limit(CLAIM_CANDIDATES)
      .lean();
    for (const candidate of pending) {
      const key = `${candidate._id}#${candidate.attempts ?? 0}`;
      try {
        await this.claims.create({ _id: key, scanId: candidate._id, at: new Date() });
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) continue;
        throw error;
      }
      const doc = await this.model
        .findOneAndUpdate(
          { _id: candidate._id, status: 'pending' },
          { $set: { status: 'running', startedAt: new Date() } },
          { new: true },
        )
        .lean();
      if (!doc) continue; // cancelled since it was read
      await this.published(doc);
      return claimedScan(doc);
    }
    return undefined;
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
        ? { $set: set, $unset: { startedAt: 1, cancelRequested: 1 }, $inc: { attempts: 1 } }
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
