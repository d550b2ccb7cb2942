import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlanArtifacts, PlanTask, WorkerMessage } from './plan-task';
import { transferablesOf } from './plan-task';
import { AppError } from '@vplan/platform';

/** Progress the worker reports: a new phase, or the best host count while packing. */
export type WorkerProgress = Extract<WorkerMessage, { kind: 'phase' | 'packing' }>;

/** A plan being computed in a worker thread; `cancel()` stops the thread. */
export interface RunningPlan {
  readonly result: Promise<PlanArtifacts>;
  cancel(): Promise<void>;
}

const WORKER_FILE = join(__dirname, 'plan-worker.js');

/**
 * Plans `task` in a worker thread, so the CPU-bound planning never blocks the event
 * loop. The series buffers are transferred (the task's Float32Arrays are unusable
 * afterwards). Rejects with the worker's AppError (BAD_REQUEST for bad rules or
 * targets, INTERNAL otherwise), or INTERNAL when the thread dies.
 */
export function runPlanWorker(
  task: PlanTask,
  onProgress: (progress: WorkerProgress) => void,
): RunningPlan {
  const worker = new Worker(WORKER_FILE, {
    workerData: task,
    transferList: transferablesOf(task),
  });
  let cancelled = false;
  const result = new Promise<PlanArtifacts>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'done') {
        settled = true;
        resolve(message.artifacts);
      } else if (message.kind === 'failed') {
        settled = true;
        reject(new AppError(message.error.code, message.error.message, message.error.details));
      } else {
        onProgress(message);
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new AppError('INTERNAL', `planning worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (settled) return;
      reject(
        new AppError(
          'INTERNAL',
          cancelled ? 'planning cancelled' : `planning worker exited with code ${code}`,
        ),
      );
    });
  });
  return {
    result,
    async cancel() {
      cancelled = true;
      await worker.terminate();
    },
  };
}
