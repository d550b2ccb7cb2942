import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ERROR_CODES, type WireError } from '@vplan/contracts';
import { InjectLogger, PlatformContext, type Logger } from '@vplan/platform';
import { runsScans } from '../config';
import { ScansService } from '../scans/scans.service';
import { SchedulesService, type ClaimedSchedule } from './schedules.service';

/** How often the scheduler looks for due schedules, ms (cron times are whole minutes). */
const TICK_MS = 5000;

/**
 * Creates the scans of due schedules: at once on bootstrap, then every few seconds, it
 * claims each due schedule (one replica wins each due time, see `claimDue`) and creates
 * its scan with the schedule's id. A scan that cannot be created (a credential deleted
 * since, say) is logged with the schedule's id and the error's code and message, and kept
 * on the run (`schedule_runs`); the schedule stays and is due again at its next time. Runs where the scan runner runs
 * (`VPLAN_DISCOVERY_SCANS`, default `run`); stops on module destroy.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly schedules: SchedulesService,
    private readonly scans: ScansService,
    private readonly ctx: PlatformContext,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsScans(this.ctx.config)) return;
    this.loopDone = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loopDone;
  }

  /**
   * Creates one scan for each schedule due at `now` that this replica wins; resolves with
   * the ids of the scans created. The loop calls it; so can a test, beside the loop.
   */
  async tick(now = new Date()): Promise<string[]> {
    const created: string[] = [];
    while (!this.stopped) {
      const due = await this.schedules.claimDue(now);
      if (!due) break;
      const scanId = await this.run(due);
      if (scanId) created.push(scanId);
    }
    return created;
  }

  private async run(schedule: ClaimedSchedule): Promise<string | undefined> {
    const log = this.logger.child({ scheduleId: schedule._id });
    try {
      const scan = await this.scans.create(schedule.scan, {
        scheduleId: schedule._id,
        ...(schedule.createdBy ? { actor: schedule.createdBy } : {}),
      });
      await this.schedules.recordScan(schedule, scan.id);
      log.info({ scanId: scan.id }, 'scheduled scan created');
      return scan.id;
    } catch (error) {
      const { code, message } = error as { code?: unknown; message: string };
      const err: WireError = {
        code: ERROR_CODES.find((c) => c === code) ?? 'INTERNAL',
        message,
      };
      log.warn({ runId: schedule.runId, err }, `scheduled scan of ${schedule.name} not created`);
      await this.schedules
        .recordFailure(schedule, err)
        .catch((e: Error) => log.warn({ err: { message: e.message } }, 'run not recorded'));
      return undefined;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.tick();
      } catch (error) {
        this.logger.warn({ err: { message: (error as Error).message } }, 'cannot claim schedules');
      }
      await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, TICK_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
