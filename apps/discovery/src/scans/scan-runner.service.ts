import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectLogger, PlatformContext, type Logger } from '@vplan/platform';
import { runsScans } from '../config';
import { ScanExecutor } from './scan-executor.service';
import { capNotes } from './scan-request';
import { ScansService, type ClaimedScan, type ScanProgress } from './scans.service';

/** How often an idle runner looks for pending scans created on another replica, ms. */
const IDLE_POLL_MS = 1000;
/** Progress is stored (and a cancel from another replica noticed) at most this often, ms. */
const PROGRESS_EVERY_MS = 1000;

/** Why a running scan was stopped: a cancel ends it `cancelled`, a shutdown gives it back. */
type StopReason = 'cancel' | 'shutdown';

/**
 * Runs scan jobs, one at a time per replica: claims the oldest pending scan (atomically,
 * so two replicas never run the same one), has the `ScanExecutor` run its probes and
 * publish what they found, stores progress and notes at most once a second (and notices a
 * cancel asked of another replica then), and ends the scan `succeeded`, `failed` (with the
 * error) or `cancelled`. On shutdown a running scan is given back as `pending`.
 * Off when `VPLAN_DISCOVERY_SCANS=off`.
 */
@Injectable()
export class ScanRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private current: { id: string; controller: AbortController } | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly scans: ScansService,
    private readonly executor: ScanExecutor,
    private readonly ctx: PlatformContext,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsScans(this.ctx.config)) return;
    this.unsubscribe.push(
      this.scans.onCreated(() => this.wake?.()),
      this.scans.onCancel((id) => this.stop(id, 'cancel')),
    );
    this.loopDone = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.current) this.stop(this.current.id, 'shutdown');
    this.wake?.();
    await this.loopDone;
  }

  private stop(id: string, reason: StopReason): void {
    if (this.current?.id === id && !this.current.controller.signal.aborted) {
      this.current.controller.abort(reason);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let scan: ClaimedScan | undefined;
      try {
        scan = await this.scans.claimNext();
      } catch (error) {
        this.logger.warn({ err: { message: (error as Error).message } }, 'cannot claim scans');
      }
      if (scan) await this.run(scan);
      else await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, IDLE_POLL_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async run(scan: ClaimedScan): Promise<void> {
    const controller = new AbortController();
    this.current = { id: scan._id, controller };
    const started = Date.now();
    const notes: string[] = [];
    const progress: ScanProgress = { targets: 0, done: 0, observations: 0 };
    const log = this.logger.child({ scanId: scan._id });
    const ticker = setInterval(() => {
      this.scans
        .saveProgress(scan._id, progress, capNotes(notes))
        .then((cancel) => {
          if (cancel) this.stop(scan._id, 'cancel');
        })
        .catch(() => undefined);
    }, PROGRESS_EVERY_MS);
    try {
      const outcome = await this.executor.execute(scan, controller.signal, progress, notes);
      clearInterval(ticker);
      await this.scans.finish(scan._id, { ...outcome, progress, notes: capNotes(notes) });
      log.info({ status: outcome.status, ...progress, ms: Date.now() - started }, 'scan ended');
    } catch (error) {
      clearInterval(ticker);
      const reason = controller.signal.aborted
        ? (controller.signal.reason as StopReason)
        : undefined;
      const status =
        reason === 'cancel' ? 'cancelled' : reason === 'shutdown' ? 'pending' : 'failed';
      const message = (error as Error).message;
      await this.scans
        .finish(scan._id, {
          status,
          progress,
          notes: capNotes(notes),
          ...(status === 'failed' ? { error: { code: 'INTERNAL', message } } : {}),
        })
        .catch((e: Error) => log.error({ err: { message: e.message } }, 'scan not ended'));
      log.info({ status, ...progress, ms: Date.now() - started }, 'scan ended');
    } finally {
      this.current = undefined;
    }
  }
}
