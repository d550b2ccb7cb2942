import type { CompatibilityReport } from '@vplan/rules';
import { YL_OR_BR } from './palette';

/**
 * Colours of compatibility scores (0 = a hard rule forbids … 100 = no rule fires). The
 * scale runs on lightness, which every kind of colour vision reads: free pairs are a pale
 * blue, penalised pairs go from pale yellow (a small penalty) to dark brown (Paul Tol's
 * YlOrBr), and forbidden pairs are near-black, darker than any penalty.
 */

/** No rule fires (score 100). */
export const FREE_COLOR = '#CFE3F2';
/** A hard rule forbids (score 0). */
export const FORBIDDEN_COLOR = '#1B1B1B';
/** A pair the report gives no score (should not happen). */
export const UNSCORED_COLOR = '#FFFFFF';

/** YlOrBr without its palest step, which would read as free. */
const PENALTY_RAMP = YL_OR_BR.slice(1);

const hex = (n: number): string => Math.round(n).toString(16).padStart(2, '0').toUpperCase();

/** Band of a score: what a reader calls it. */
export type ScoreBand = 'forbidden' | 'penalised' | 'free';

/** `forbidden` at 0 (or below), `free` at 100 (or above), else `penalised`. */
export function scoreBand(score: number): ScoreBand {
  if (score <= 0) return 'forbidden';
  if (score >= 100) return 'free';
  return 'penalised';
}

/** Fill colour of a score in [0, 100]; anything not finite is UNSCORED_COLOR. */
export function scoreColor(score: number): string {
  if (!Number.isFinite(score)) return UNSCORED_COLOR;
  const band = scoreBand(score);
  if (band === 'forbidden') return FORBIDDEN_COLOR;
  if (band === 'free') return FREE_COLOR;
  // 99 → the palest step, 1 → the darkest.
  const x = ((99 - score) / 98) * (PENALTY_RAMP.length - 1);
  const i = Math.max(0, Math.min(PENALTY_RAMP.length - 2, Math.floor(x)));
  const f = Math.max(0, Math.min(1, x - i));
  const a = PENALTY_RAMP[i] as [number, number, number];
  const b = PENALTY_RAMP[i + 1] as [number, number, number];
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** Text colour readable on `scoreColor(score)`. */
export function scoreTextColor(score: number): string {
  return score <= 45 ? '#FFFFFF' : '#222222';
}

/** The scale as a row of labelled swatches, from forbidden to free. */
export function scoreScaleLegend(): string {
  const steps: [number, string][] = [
    [0, '0 forbidden'],
    [10, '10'],
    [30, '30'],
    [50, '50'],
    [70, '70'],
    [90, '90'],
    [99, '99'],
    [100, '100 free'],
  ];
  const items = steps.map(
    ([s, label]) =>
      `<span style="background:${scoreColor(s)};color:${scoreTextColor(s)}">${label}</span>`,
  );
  return (
    `<div class="scale" role="img" aria-label="Colour scale: 0 forbidden (near-black), ` +
    `1 to 99 penalised (dark brown to pale yellow), 100 free (pale blue)">` +
    `<span>score</span>${items.join('')}</div>`
  );
}

/** Unordered class pairs (including a class with itself) by band. */
export interface ClassPairCounts {
  readonly forbidden: number;
  readonly penalised: number;
  readonly free: number;
}

/** Counts the report's class pairs by band. */
export function countClassPairs(report: CompatibilityReport): ClassPairCounts {
  const counts = { forbidden: 0, penalised: 0, free: 0 };
  for (const s of report.scores) counts[scoreBand(s.score)]++;
  return counts;
}
