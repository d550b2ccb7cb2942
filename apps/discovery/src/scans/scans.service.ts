import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Page, Probe, ScanCreate, ScanJob, ScanStatus } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
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
  credentialIds: string[];
  /** For the probes: per-target timeout (ms), retries, targets at once. */
  timeoutMs: number;
  retries: number;
  concurrency: number;
  progress: { targets: number; done: number; observations: number };
  createdAt: Date;
  createdBy?: string;
}

const scanSchema = new Schema<ScanDoc>(
  {
    _id: { type: String, required: true },
    name: String,
    status: { type: String, required: true },
    cidrs: [String],
    hosts: [String],
    probes: [String],
    credentialIds: [String],
    timeoutMs: Number,
    retries: Number,
    concurrency: Number,
    progress: { targets: Number, done: Number, observations: Number },
    createdAt: { type: Date, required: true },
    createdBy: String,
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
 * and stored `pending`: the probes that will run it come in a later release.
 */
@Injectable()
export class ScansService implements OnModuleInit {
  private readonly model: Model<ScanDoc>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly credentials: CredentialsService,
  ) {
    this.model = connection.model<ScanDoc>('Scan', scanSchema, 'scans');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** `fields` names the request's fields in messages (`targets` over HTTP, `cidrs`/`hosts` over NATS). */
  async create(
    input: ScanCreate,
    opts: { actor?: string; fields?: { field: string; text: string }[] } = {},
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
      credentialIds,
      timeoutMs: input.timeoutMs,
      retries: input.retries,
      concurrency: input.concurrency,
      progress: { targets: targets.cidrs.length + targets.hosts.length, done: 0, observations: 0 },
      createdAt: new Date(),
      ...(opts.actor ? { createdBy: opts.actor } : {}),
    };
    await this.model.create(doc);
    return view(doc);
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
    credentialIds: doc.credentialIds,
    progress: {
      targets: doc.progress.targets,
      done: doc.progress.done,
      observations: doc.progress.observations,
    },
    createdAt: doc.createdAt.toISOString(),
  };
}
