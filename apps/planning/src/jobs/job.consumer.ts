import { hostname } from 'node:os';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PLANNING, planningWorkSchema, prefixed, type PlanningWork } from '@vplan/contracts';
import {
  PlatformContext,
  decodeJson,
  runWithCorrelation,
  acceptCorrelationId,
  CORRELATION_HEADER,
} from '@vplan/platform';
import { AckPolicy, DeliverPolicy, NatsError, nanos, type JsMsg } from 'nats';
import { randomBytes } from 'node:crypto';
import { planningSettings } from '../config';
import { JobExecutor } from './job-executor';

/** The durable consumer every planning replica pulls jobs through (one job goes to one replica). */
export const JOBS_DURABLE = 'planning-jobs';
const CONSUMER_NOT_FOUND = 10014;
const PULL_EXPIRES_MS = 2000;

/**
 * Takes planning jobs from the work-queue stream VPLAN_PLANNING_JOBS, one at a time per
 * replica: a pull of one message, the job run to its end (the worker thread keeps the
 * event loop free), then the ack. While a job runs, `working()` is sent every third of
 * the ack wait, so a live replica keeps its job; a replica that dies stops sending it and
 * JetStream gives the job to another replica after PLANNING_JOB_ACK_WAIT_MS.
 */
@Injectable()
export class JobConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** This replica, in job leases and logs. */
  readonly replica = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly ctx: PlatformContext,
    private readonly executor: JobExecutor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureConsumer();
    this.loop = this.pullLoop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.executor.stop();
    await this.loop;
  }

  private get stream(): string {
    return prefixed(this.ctx.config.prefix, PLANNING.runJob.stream);
  }

  private async ensureConsumer(): Promise<void> {
    const { jobAckWaitMs } = planningSettings(this.ctx.config);
    const jsm = await this.ctx.link.connection.jetstreamManager();
    const ackWait = nanos(jobAckWaitMs);
    try {
      const info = await jsm.consumers.info(this.stream, JOBS_DURABLE);
      if (info.config.ack_wait !== ackWait) {
        await jsm.consumers.update(this.stream, JOBS_DURABLE, { ack_wait: ackWait });
      }
      return;
    } catch (err) {
      if (!(err instanceof NatsError && err.api_error?.err_code === CONSUMER_NOT_FOUND)) throw err;
    }
    try {
      await jsm.consumers.add(this.stream, {
        durable_name: JOBS_DURABLE,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: prefixed(this.ctx.config.prefix, PLANNING.runJob.subject),
        ack_wait: ackWait,
        max_deliver: -1,
      });
    } catch (err) {
      // Another replica created it at the same moment: fine if it exists now.
      await jsm.consumers.info(this.stream, JOBS_DURABLE).catch(() => {
        throw err;
      });
    }
  }

  private async pullLoop(): Promise<void> {
    const js = this.ctx.link.connection.jetstream();
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(this.stream, JOBS_DURABLE);
        while (!this.stopped) {
          const m = await consumer.next({ expires: PULL_EXPIRES_MS });
          if (!m) continue;
          if (this.stopped) {
            m.nak();
            break;
          }
          await this.handle(m);
        }
      } catch (err) {
        if (this.stopped) break;
        this.ctx.logger.warn(
          { err, stream: this.stream },
          'planning job consumer interrupted; retrying',
        );
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 1000);
        });
      }
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    let work: PlanningWork;
    try {
      work = planningWorkSchema.parse(decodeJson(m.data));
    } catch (err) {
      this.ctx.logger.error(
        { err, subject: m.subject, seq: m.seq },
        'planning work dropped: not a job',
      );
      m.term();
      return;
    }
    const { jobAckWaitMs } = planningSettings(this.ctx.config);
    const heartbeat = setInterval(() => m.working(), Math.max(200, Math.floor(jobAckWaitMs / 3)));
    const correlationId = acceptCorrelationId(m.headers?.get(CORRELATION_HEADER) || undefined);
    try {
      const outcome = await runWithCorrelation(correlationId, () =>
        this.executor.run(work, {
          lease: `${this.replica}:${m.seq}:${m.info.deliveryCount}`,
          deliveryCount: m.info.deliveryCount,
        }),
      );
      if (outcome.ack) {
        await m.ackAck().catch((err: unknown) => {
          this.ctx.logger.warn({ err, jobId: work.jobId }, 'job ack not confirmed');
        });
      } else {
        m.nak(outcome.delayMs);
      }
    } catch (err) {
      this.ctx.logger.error({ err, jobId: work.jobId }, 'planning job not handled; redelivering');
      m.nak(1000);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
