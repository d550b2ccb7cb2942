import type { EngineContext } from '@vplan/engine';
import type { Progress } from '../output/progress';

/** The clock, wall time and progress the pure engine is given by the CLI. */
export function engineContext(progress: Progress): EngineContext {
  return {
    clock: () => performance.now(),
    now: () => new Date().toISOString(),
    onPhase: (phase) => progress.phase(phase),
    onPacking: ({ hosts, lowerBound, elapsedMs }) =>
      progress.status(
        `packing: ${hosts === undefined ? 'building a first plan' : `${hosts} hosts`} (lower bound ${lowerBound}), ${(elapsedMs / 1000).toFixed(1)} s`,
      ),
  };
}
