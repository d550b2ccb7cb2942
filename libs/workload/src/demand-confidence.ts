import type { DemandMatrix } from './demand-matrix';

/** Span of measurement at which an asset's confidence stops growing: two weeks, in seconds. */
export const FULL_CONFIDENCE_SPAN_SECONDS = 14 * 24 * 3600;

/**
 * An asset's confidence (0..1): the smallest coverage of its planned resources times the
 * share of two weeks its measurements span (capped at 1). Two weeks see every hour of the
 * week twice; a shorter span may have missed the busy week.
 */
export function assetConfidence(coverages: readonly number[], spanSeconds: number): number {
  if (coverages.length === 0) return 0;
  return Math.min(...coverages) * Math.min(1, spanSeconds / FULL_CONFIDENCE_SPAN_SECONDS);
}

/** `'high'` from 0.8, `'medium'` from 0.5, else `'low'`. */
export function confidenceLabel(c: number): 'high' | 'medium' | 'low' {
  return c >= 0.8 ? 'high' : c >= 0.5 ? 'medium' : 'low';
}

/**
 * The plan's confidence (0..1): the mean of the assets' confidence weighted by each
 * asset's share of the estate's mean demand of the first planned resource (CPU in
 * practice). Weighted because what the plan risks is capacity: a badly measured large
 * server threatens the host count, a badly measured idle one hardly does. Assets sized
 * from their allocation (confidence 0) count with the demand they were given. Without
 * any demand the plain mean; 0 without assets.
 */
export function estateConfidence(matrix: DemandMatrix): number {
  let weighted = 0;
  let weights = 0;
  let plain = 0;
  for (const a of matrix.assets) {
    const demand = a.demand[0];
    let sum = 0;
    if (demand) for (let i = 0; i < demand.length; i++) sum += demand[i] as number;
    const mean = demand && demand.length > 0 ? sum / demand.length : 0;
    weighted += mean * a.confidence;
    weights += mean;
    plain += a.confidence;
  }
  if (matrix.assets.length === 0) return 0;
  return weights > 0 ? weighted / weights : plain / matrix.assets.length;
}
