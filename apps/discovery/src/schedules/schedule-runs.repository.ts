import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { WireError } from '@vplan/contracts';
import { Schema, type Connection, type Model } from 'mongoose';

/** Runs older than this are pruned when the schedule runs again, ms (1 day). */
const KEEP_RUNS_MS = 86_400_000;

/** One due time of one schedule, claimed by one scheduler. */
interface ScheduleRunDoc {
  /** `<scheduleId>@<due time, ISO>`: the key that makes a due time claimable once. */
  _id: string;
  scheduleId: string;
  dueAt: Date;
  claimedAt: Date;
  scanId?: string;
  /** Why the scan could not be created (code and message; never a secret). */
  error?: WireError;
}

const runSchema = new Schema<ScheduleRunDoc>(
  {
    _id: { type: String, required: true },
    scheduleId: { type: String, required: true },
    dueAt: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
    scanId: String,
    error: Schema.Types.Mixed,
  },
  { versionKey: false, autoIndex: false },
);
runSchema.index({ scheduleId: 1, dueAt: 1 });

/**
 * Claims of due times (collection `schedule_runs`). A claim is an insert under a key made
 * of the schedule and its due time: the store's unique `_id` lets exactly one insert win.
 * (A compare-and-set `findOneAndUpdate` does not: FerretDB reads and writes it in two
 * steps, and two replicas both won the same due time in our tests.)
 */
@Injectable()
export class ScheduleRuns implements OnModuleInit {
  private readonly model: Model<ScheduleRunDoc>;

  constructor(@InjectConnection() connection: Connection) {
    this.model = connection.model<ScheduleRunDoc>('ScheduleRun', runSchema, 'schedule_runs');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** The run's key when this caller won the due time; otherwise when the winner claimed it. */
  async claim(
    scheduleId: string,
    dueAt: Date,
    now: Date,
  ): Promise<{ won: true; runId: string } | { won: false; claimedAt?: Date }> {
    const runId = `${scheduleId}@${dueAt.toISOString()}`;
    try {
      await this.model.create({ _id: runId, scheduleId, dueAt, claimedAt: now });
      return { won: true, runId };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 11000) throw err;
      const winner = await this.model.findById(runId, { claimedAt: 1 }).lean();
      return winner ? { won: false, claimedAt: winner.claimedAt } : { won: false };
    }
  }

  /** Stores what the run did, and prunes the schedule's runs older than a day. */
  async finish(runId: string, outcome: { scanId: string } | { error: WireError }): Promise<void> {
    const run = await this.model
      .findOneAndUpdate({ _id: runId }, { $set: outcome }, { new: true })
      .lean();
    if (!run) return;
    await this.model.deleteMany({
      scheduleId: run.scheduleId,
      dueAt: { $lt: new Date(run.claimedAt.getTime() - KEEP_RUNS_MS) },
    });
  }

  /** Forgets every run of a deleted schedule. */
  async deleteOf(scheduleId: string): Promise<void> {
    await this.model.deleteMany({ scheduleId });
  }
}
