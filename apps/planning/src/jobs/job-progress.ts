import type { JobProgress } from '@vplan/contracts';
import type { WorkerProgress } from '../worker/run-plan-worker';

/** Where progress goes: the job document (under the delivery's lease) and an event. */
export interface ProgressSink {
  save(progress: JobProgress): Promise<boolean>;
  publish(progress: JobProgress): Promise<void>;
}

/** Packing progress is written at most this often; phases are written at once. */
const PACKING_INTERVAL_MS = 1000;

/**
 * The progress of one running job: a new phase is written at once, the best host count
 * while packing at most once a second; writes go one after another, in order.
 */
export class JobProgressReporter {
  private current: JobProgress = { elapsedMs: 0 };
  private lastWrite = -Infinity;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: ProgressSink,
    private readonly clock: () => number = () => performance.now(),
    private readonly started = clock(),
  ) {}

  get progress(): JobProgress {
    return { ...this.current, elapsedMs: Math.round(this.clock() - this.started) };
  }

  phase(phase: string): void {
    this.current = { phase: phase.slice(0, 200), elapsedMs: 0 };
    this.write();
  }

  worker(p: WorkerProgress): void {
    if (p.kind === 'phase') return this.phase(p.phase);
    this.current = {
      ...this.current,
      ...(p.hosts === undefined ? {} : { hosts: p.hosts }),
      lowerBound: p.lowerBound,
    };
    if (this.clock() - this.lastWrite >= PACKING_INTERVAL_MS) this.write();
  }

  /** Waits for the writes queued so far. */
  flush(): Promise<void> {
    return this.chain;
  }

  private write(): void {
    this.lastWrite = this.clock();
    const progress = this.progress;
    this.chain = this.chain.then(async () => {
      try {
        if (await this.sink.save(progress)) await this.sink.publish(progress);
      } catch {
        // Progress is advisory: the next write carries the newer state.
      }
    });
  }
}
