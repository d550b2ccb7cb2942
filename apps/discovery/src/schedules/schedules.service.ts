import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ErrorDetail, Page, Schedule, ScheduleCreate, WireError } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import { Schema, type Connection, type Model } from 'mongoose';
import { CredentialsService } from '../credentials/credentials.service';
import { checkTargets } from '../scans/scan-targets';
import { timeOrderedId } from '../scans/scans.service';
import { checkCron, nextRunAfter } from './cron-schedule';
import { ScheduleRuns } from './schedule-runs.repository';

interface ScheduleDoc {
  _id: string;
  name: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  scan: Schedule['scan'];
  /** Absent while disabled (and once a cron never comes due again). */
  nextRunAt?: Date;
  lastRunAt?: Date;
  lastScanId?: string;
  createdAt: Date;
  createdBy?: string;
}

/** A schedule a scheduler won for one due time, as it needs it to create the scan. */
export type ClaimedSchedule = Pick<ScheduleDoc, '_id' | 'name' | 'scan' | 'createdBy'> & {
  readonly runId: string;
};

/** A claim older than this whose schedule is still due at the claimed time was abandoned, ms. */
const STALE_MS = 60_000;

const scheduleSchema = new Schema<ScheduleDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    cron: { type: String, required: true },
    timeZone: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    scan: { type: Schema.Types.Mixed, required: true },
    nextRunAt: Date,
    lastRunAt: Date,
    lastScanId: String,
    createdAt: { type: Date, required: true },
    createdBy: String,
  },
  { versionKey: false, autoIndex: false },
);
scheduleSchema.index({ name: 1 }, { unique: true });
scheduleSchema.index({ enabled: 1, nextRunAt: 1 });

/**
 * Scan schedules (collection `schedules`): a checked cron expression in an IANA zone and
 * the scan each due time creates. `nextRunAt` is computed with croner in the zone;
 * `claimDue` hands each due time to exactly one scheduler, however many replicas ask
 * (the claims are kept in `schedule_runs`).
 */
@Injectable()
export class SchedulesService implements OnModuleInit {
  private readonly model: Model<ScheduleDoc>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly credentials: CredentialsService,
    private readonly runs: ScheduleRuns,
  ) {
    this.model = connection.model<ScheduleDoc>('Schedule', scheduleSchema, 'schedules');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Checks the time (`cron`, `timeZone`), the targets and the credentials the scan names,
   * and stores the schedule. `fields` names the scan's targets in messages (`scan.targets.<i>`
   * over HTTP; `scan.cidrs.<i>`/`scan.hosts.<i>` by default).
   */
  async create(
    input: ScheduleCreate,
    opts: { actor?: string; fields?: { field: string; text: string }[] } = {},
  ): Promise<Schedule> {
    const time = checkCron(input.cron, input.timeZone);
    const targets = checkTargets(
      opts.fields ?? [
        ...input.scan.cidrs.map((text, i) => ({ field: `scan.cidrs.${i}`, text })),
        ...input.scan.hosts.map((text, i) => ({ field: `scan.hosts.${i}`, text })),
      ],
    );
    const details = [...(time.ok ? [] : time.details), ...(targets.ok ? [] : targets.details)];
    if (!time.ok || !targets.ok) {
      throw new AppError(
        'BAD_REQUEST',
        `invalid schedule: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
        details,
      );
    }
    const unknown = await this.unknownCredentials(input.scan);
    if (unknown.length > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `unknown credentials: ${[...new Set(unknown.map((d) => d.id))].join(', ')}`,
        unknown.map(({ path, id }): ErrorDetail => ({ path, message: `no credential ${id}` })),
      );
    }
    const now = new Date();
    const cron = input.cron.trim().split(/\s+/).join(' ');
    const next = input.enabled ? nextRunAfter(cron, time.timeZone, now) : undefined;
    const doc: ScheduleDoc = {
      _id: timeOrderedId(now.getTime()),
      name: input.name,
      cron,
      timeZone: time.timeZone,
      enabled: input.enabled,
      scan: { ...input.scan, cidrs: targets.cidrs, hosts: targets.hosts },
      ...(next ? { nextRunAt: next } : {}),
      createdAt: now,
      ...(opts.actor ? { createdBy: opts.actor } : {}),
    };
    try {
      await this.model.create(doc);
    } catch (err) {
      if ((err as { code?: unknown }).code === 11000) {
        throw new AppError('CONFLICT', `schedule ${input.name} already exists`, [
          { path: 'name', message: 'already used by another schedule' },
        ]);
      }
      throw err;
    }
    return view(doc);
  }

  /** Every credential the scan refers to that does not exist, with where it is named. */
  private async unknownCredentials(
    scan: ScheduleCreate['scan'],
  ): Promise<{ path: string; id: string }[]> {
    const refs = [
      ...scan.credentialIds.map((id, i) => ({ path: `scan.credentialIds.${i}`, id })),
      ...scan.vcenters.map((v, i) => ({
        path: `scan.vcenters.${i}.credentialId`,
        id: v.credentialId,
      })),
      ...scan.prometheus.flatMap((p, i) =>
        p.credentialId ? [{ path: `scan.prometheus.${i}.credentialId`, id: p.credentialId }] : [],
      ),
      ...scan.kubernetes.map((k, i) => ({
        path: `scan.kubernetes.${i}.credentialId`,
        id: k.credentialId,
      })),
    ];
    const missing = new Set(await this.credentials.missing([...new Set(refs.map((r) => r.id))]));
    return refs.filter((r) => missing.has(r.id));
  }

  async get(id: string): Promise<Schedule> {
    const doc = await this.model.findById(id).lean();
    if (!doc) throw new AppError('NOT_FOUND', `schedule ${id} not found`);
    return view(doc);
  }

  /** Newest first; `after` is the last id of the previous page. */
  async list(query: { limit: number; after?: string }): Promise<Page<Schedule>> {
    const docs = await this.model
      .find(query.after ? { _id: { $lt: query.after } } : {})
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean();
    const items = docs.slice(0, query.limit).map(view);
    const last = items[items.length - 1];
    return docs.length > query.limit && last ? { items, next: last.id } : { items };
  }

  /**
   * Turns a schedule on (due next at the cron's first time after now: times missed while
   * off are not run) or off (`nextRunAt` removed). A schedule already so is returned as it is.
   */
  async setEnabled(id: string, enabled: boolean, now = new Date()): Promise<Schedule> {
    const current = await this.model.findById(id).lean();
    if (!current) throw new AppError('NOT_FOUND', `schedule ${id} not found`);
    if (current.enabled === enabled) return view(current);
    const next = enabled ? nextRunAfter(current.cron, current.timeZone, now) : undefined;
    const update = next
      ? { $set: { enabled, nextRunAt: next } }
      : { $set: { enabled }, $unset: { nextRunAt: 1 } };
    const doc = await this.model
      .findOneAndUpdate({ _id: id, enabled: !enabled }, update, { new: true })
      .lean();
    return doc ? view(doc) : this.get(id);
  }

  /** Deletes the schedule (scans it created stay); false when there was none. */
  async delete(id: string): Promise<boolean> {
    const deleted = (await this.model.deleteOne({ _id: id })).deletedCount === 1;
    if (deleted) await this.runs.deleteOf(id);
    return deleted;
  }

  /**
   * Wins one due time of one enabled schedule, or undefined when none is due. The due time
   * is claimed by inserting its run (`ScheduleRuns.claim`: one insert wins); the winner then
   * moves `nextRunAt` to the cron's first time after `now`, so times missed while no replica
   * ran are run once, not once each. A claim whose winner left the schedule due for longer
   * than a minute (it died in between) is given up: the due time is skipped, not run twice.
   */
  async claimDue(now = new Date()): Promise<ClaimedSchedule | undefined> {
    const lost: string[] = [];
    for (;;) {
      const due = await this.model
        .findOne({
          enabled: true,
          nextRunAt: { $lte: now },
          ...(lost.length > 0 ? { _id: { $nin: lost } } : {}),
        })
        .sort({ nextRunAt: 1 })
        .lean();
      if (!due?.nextRunAt) return undefined;
      const claim = await this.runs.claim(due._id, due.nextRunAt, now);
      if (claim.won || (claim.claimedAt && now.getTime() - claim.claimedAt.getTime() > STALE_MS)) {
        const next = nextRunAfter(due.cron, due.timeZone, now);
        await this.model.updateOne(
          { _id: due._id, enabled: true, nextRunAt: due.nextRunAt },
          next
            ? { $set: { nextRunAt: next, ...(claim.won ? { lastRunAt: now } : {}) } }
            : { $unset: { nextRunAt: 1 } },
        );
      }
      if (claim.won) return { ...due, runId: claim.runId };
      lost.push(due._id);
    }
  }

  /** Notes the scan a run created (on the run; on the schedule unless it was deleted meanwhile). */
  async recordScan(run: ClaimedSchedule, scanId: string): Promise<void> {
    await this.runs.finish(run.runId, { scanId });
    await this.model.updateOne({ _id: run._id }, { $set: { lastScanId: scanId } });
  }

  /** Notes on the run why its scan was not created (the schedule's contract has no field for it). */
  async recordFailure(run: ClaimedSchedule, error: WireError): Promise<void> {
    await this.runs.finish(run.runId, { error });
  }
}

function view(doc: ScheduleDoc): Schedule {
  return {
    id: doc._id,
    name: doc.name,
    cron: doc.cron,
    timeZone: doc.timeZone,
    enabled: doc.enabled,
    scan: doc.scan,
    ...(doc.nextRunAt ? { nextRunAt: doc.nextRunAt.toISOString() } : {}),
    ...(doc.lastRunAt ? { lastRunAt: doc.lastRunAt.toISOString() } : {}),
    ...(doc.lastScanId ? { lastScanId: doc.lastScanId } : {}),
    createdAt: doc.createdAt.toISOString(),
    ...(doc.createdBy ? { createdBy: doc.createdBy } : {}),
  };
}
