import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import {
  DISCOVERY,
  type FileImportResult,
  type Observation,
  type WireError,
} from '@vplan/contracts';
import { formatIssue, parseInventoryCsv } from '@vplan/formats';
import { AppError, InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import { Schema, type Connection, type Model } from 'mongoose';
import { observationsOf } from './observations';

/** Observations published at once (each awaits its JetStream ack). */
const PUBLISH_CONCURRENCY = 256;

interface ImportDoc {
  _id: string;
  file: string;
  format: 'inventory-csv';
  source: string;
  status: 'succeeded' | 'failed';
  rows: number;
  observations: number;
  createdAt: Date;
  createdBy?: string;
  error?: WireError;
}

const importSchema = new Schema<ImportDoc>(
  {
    _id: { type: String, required: true },
    file: { type: String, required: true },
    format: { type: String, required: true },
    source: { type: String, required: true },
    status: { type: String, required: true },
    rows: Number,
    observations: Number,
    createdAt: { type: Date, required: true },
    createdBy: String,
    error: Schema.Types.Mixed,
  },
  { versionKey: false },
);

export interface ImportInput {
  readonly text: string;
  readonly file: string;
  readonly source: string;
  readonly site?: string;
  readonly actor?: string;
}

/**
 * Files that arrive through discovery (collection `imports`): the whole file is parsed
 * with `@vplan/formats`' inventory reader and every row checked as an observation before
 * anything is published; then one `DISCOVERY.observationRecorded` event per row
 * (envelope id = `Nats-Msg-Id`), which inventory reconciles into assets. A bad file is
 * recorded as failed and publishes nothing.
 */
@Injectable()
export class ImportsService implements OnModuleInit {
  private readonly model: Model<ImportDoc>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly jetstream: JetStreamService,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.model = connection.model<ImportDoc>('Import', importSchema, 'imports');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Imports a file; a bad one is recorded and comes back `failed` with its error. */
  async import(input: ImportInput): Promise<FileImportResult> {
    const id = randomUUID();
    const createdAt = new Date();
    const base = {
      _id: id,
      file: input.file,
      format: 'inventory-csv' as const,
      source: input.source,
      createdAt,
      ...(input.actor ? { createdBy: input.actor } : {}),
    };
    const parsed = parseInventoryCsv(input.file, input.text);
    if (!parsed.ok) {
      const { issue } = parsed.error;
      return this.record({
        ...base,
        status: 'failed',
        rows: 0,
        observations: 0,
        error: {
          code: 'BAD_REQUEST',
          message: parsed.error.message,
          details: [
            { path: `${issue.file}:${issue.row}:${issue.column}`, message: formatIssue(issue) },
          ],
        },
      });
    }
    const rows = parsed.value.length;
    const observations = observationsOf(parsed.value, {
      importId: id,
      source: input.source,
      file: input.file,
      observedAt: createdAt.toISOString(),
      ...(input.site ? { site: input.site } : {}),
    });
    if (!observations.ok) {
      return this.record({
        ...base,
        status: 'failed',
        rows,
        observations: 0,
        error: {
          code: 'BAD_REQUEST',
          message: `${input.file}: ${observations.details.length} values break the observation contract, first ${observations.details[0]!.path}: ${observations.details[0]!.message}`,
          details: observations.details.slice(0, 100),
        },
      });
    }
    const published = await this.publishAll(observations.value);
    if (published < observations.value.length) {
      return this.record({
        ...base,
        status: 'failed',
        rows,
        observations: published,
        error: {
          code: 'UNAVAILABLE',
          message: `published ${published} of ${rows} observations: JetStream did not accept the rest; import the file again (inventory reconciles repeats)`,
        },
      });
    }
    return this.record({ ...base, status: 'succeeded', rows, observations: published });
  }

  async get(id: string): Promise<FileImportResult> {
    const doc = await this.model.findById(id).lean();
    if (!doc) throw new AppError('NOT_FOUND', `import ${id} not found`);
    return view(doc);
  }

  /** Publishes in order, a window at a time; returns how many JetStream acknowledged before a failure. */
  private async publishAll(observations: readonly Observation[]): Promise<number> {
    let done = 0;
    for (let i = 0; i < observations.length; i += PUBLISH_CONCURRENCY) {
      const window = observations.slice(i, i + PUBLISH_CONCURRENCY);
      const outcomes = await Promise.allSettled(
        window.map((o) => this.jetstream.publish(DISCOVERY.observationRecorded, o)),
      );
      const failed = outcomes.findIndex((o) => o.status === 'rejected');
      if (failed >= 0) {
        const reason = (outcomes[failed] as PromiseRejectedResult).reason as Error;
        this.logger.error({ err: { message: reason.message } }, 'observations not published');
        return done + outcomes.filter((o) => o.status === 'fulfilled').length;
      }
      done += window.length;
    }
    return done;
  }

  private async record(doc: ImportDoc): Promise<FileImportResult> {
    await this.model.create(doc);
    return view(doc);
  }
}

function view(doc: ImportDoc): FileImportResult {
  return {
    id: doc._id,
    file: doc.file,
    format: doc.format,
    source: doc.source,
    status: doc.status,
    rows: doc.rows,
    observations: doc.observations,
    createdAt: doc.createdAt.toISOString(),
    ...(doc.error ? { error: doc.error } : {}),
  };
}
