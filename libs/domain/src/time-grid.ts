/** Default sampling step of vplan's common time grid, in seconds (5 minutes). */
export const DEFAULT_STEP_SECONDS = 300;

/** Slots in one week at the given step. */
export function slotsPerWeek(stepSeconds: number): number {
  return Math.round((7 * 24 * 3600) / stepSeconds);
}

/**
 * A regular time grid: slot `i` covers `[ (origin + i) × step, (origin + i + 1) × step )`
 * seconds since the Unix epoch (UTC). `origin` is an absolute slot number, i.e.
 * `floor(epochSeconds / step)` of the first slot.
 */
export interface TimeGrid {
  readonly stepSeconds: number;
  readonly origin: number;
  readonly slots: number;
}

/** Epoch seconds at the start of slot `i` of the grid. */
export function slotStartSeconds(grid: TimeGrid, i: number): number {
  return (grid.origin + i) * grid.stepSeconds;
}

/**
 * Hour of the week (0 = Monday 00:00–00:59 UTC … 167 = Sunday 23:00–23:59 UTC) of an
 * instant in epoch seconds.
 */
export function hourOfWeek(epochSeconds: number): number {
  // 1970-01-01 was a Thursday: shift so that Monday is day 0.
  const hours = Math.floor(epochSeconds / 3600);
  return (((hours + 3 * 24) % 168) + 168) % 168;
}
