import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DISCOVERY, type Probe, type WireError } from '@vplan/contracts';
import { InjectLogger, JetStreamService, PlatformContext, type Logger } from '@vplan/platform';
import { DEFAULT_MAX_TARGETS, expandTargets, sweep, type HostFacts } from '@vplan/probes';
import { runsScans } from '../config';
import { probeObservation } from './scan-observations';
import { ScansService, type ClaimedScan, type ScanProgress } from './scans.service';

/** How often an idle runner looks for pending scans created on another replica, ms. */
const IDLE_POLL_MS = 1000;
/** Progress is stored (and a cancel from another replica noticed) at most this often, ms. */
const PROGRESS_EVERY_MS = 1000;
/** Probes this release runs; the others are recorded as skipped. */
const RUNNABLE: ReadonlySet<Probe> = new Set(['tcp']);

/** Why a running scan was stopped: a cancel ends it `cancelled`, a shutdown gives it back. */
type StopReason = 'cancel' | 'shutdown';

/**
 * Runs scan jobs, one at a time per replica: claims the oldest pending scan (atomically,
 * so two replicas never run the same one), expands its targets (at most 65,536
 * addresses), runs the `tcp` sweep, stores progress at most once a second, publishes one
 * `DISCOVERY.observationRecorded` per host found, and ends the scan `succeeded`, `failed`
 * (with the error) or `cancelled`. On shutdown a running scan is given back as `pending`.
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
    private readonly jetstream: JetStreamService,
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
    const notes = scan.probes
      .filter((p) => !RUNNABLE.has(p))
      .map((p) => `${p}: skipped: no ${p} probe in this release (only tcp runs)`);
    const progress: ScanProgress = { targets: 0, done: 0, observations: 0 };
    const log = this.logger.child({ scanId: scan._id });
    try {
      const outcome = await this.sweepScan(scan, controller.signal, progress, notes);
      await this.scans.finish(scan._id, { ...outcome, progress, notes });
      log.info({ status: outcome.status, ...progress, ms: Date.now() - started }, 'scan ended');
    } catch (error) {
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
          notes,
          ...(status === 'failed' ? { error: { code: 'INTERNAL', message } } : {}),
        })
        .catch((e: Error) => log.error({ err: { message: e.message } }, 'scan not ended'));
      log.info({ status, ...progress, ms: Date.now() - started }, 'scan ended');
    } finally {
      this.current = undefined;
    }
  }

  /** Runs the tcp probe over the scan's targets; throws when stopped or broken. */
  private async sweepScan(
    scan: ClaimedScan,
    signal: AbortSignal,
    progress: ScanProgress,
    notes: string[],
  ): Promise<{ status: 'succeeded' } | { status: 'failed'; error: WireError }> {
    if (!scan.probes.includes('tcp')) return { status: 'succeeded' };
    const expanded = expandTargets(scan.cidrs, scan.hosts, DEFAULT_MAX_TARGETS);
    if (!expanded.ok) {
      return { status: 'failed', error: { code: 'BAD_REQUEST', message: expanded.message } };
    }
    progress.targets = expanded.targets.length;
    await this.scans.saveProgress(scan._id, progress, notes);
    const observedAt = new Date().toISOString();
    const publishing = new Set<Promise<void>>();
    let publishError: Error | undefined;
    const publish = (facts: HostFacts) => {
      const observation = probeObservation(facts, {
        scanId: scan._id,
        probe: 'tcp',
        n: ++progress.observations,
        observedAt,
      });
      const p = this.jetstream
        .publish(DISCOVERY.observationRecorded, observation)
        .then(() => undefined)
        .catch((error: Error) => {
          publishError ??= error;
        })
        .finally(() => publishing.delete(p));
      publishing.add(p);
    };
    const ticker = setInterval(() => {
      this.scans
        .saveProgress(scan._id, progress)
        .then((cancel) => {
          if (cancel) this.stop(scan._id, 'cancel');
        })
        .catch(() => undefined);
    }, PROGRESS_EVERY_MS);
    try {
      await sweep(expanded.targets, {
        ...(scan.ports ? { ports: scan.ports } : {}),
        concurrency: scan.concurrency,
        timeoutMs: scan.timeoutMs,
        retries: scan.retries,
        signal,
        onProgress: (done) => {
          progress.done = done;
        },
        onHost: publish,
      });
    } finally {
      clearInterval(ticker);
      await Promise.all(publishing);
    }
    if (publishError) {
      throw new Error(`observations not published: ${publishError.message}`);
    }
    return { status: 'succeeded' };
  }
}
