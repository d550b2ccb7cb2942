// The planning worker thread's body (started by plan-worker.js): plans the task it is
// given as workerData and posts progress, then the artifacts or the error.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { planTask, wireErrorOf } from './plan-artifacts';
import type { PlanTask, WorkerMessage } from './plan-task';

const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

try {
  const outcome = planTask(workerData as PlanTask, {
    clock: () => performance.now(),
    now: () => new Date().toISOString(),
    onPhase: (phase) => post({ kind: 'phase', phase }),
    onPacking: ({ hosts, lowerBound, elapsedMs }) =>
      post({ kind: 'packing', hosts, lowerBound, elapsedMs }),
  });
  post(
    outcome.ok
      ? { kind: 'done', artifacts: outcome.artifacts }
      : { kind: 'failed', error: outcome.error },
  );
} catch (error) {
  post({ kind: 'failed', error: wireErrorOf(error) });
}
