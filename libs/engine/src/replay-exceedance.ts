import type { MetricSeries, ResourceName } from '@vplan/domain';
import type { Exceedance } from '@vplan/placement';
import { CAPACITY_TOLERANCE } from '@vplan/placement';
import type { DemandMatrix } from '@vplan/workload';

/**
 * A host's exceedance replayed on what was measured: the summed demand of its assets from
 * their own series (scaled as planned: CPU normalization and growth), a slot with no sample
 * counting as no demand, and a resource with no series at its planned (assumed) demand.
 * This is what a planner's own replay of the plan on the real data finds; it is never
 * above the exceedance of the planned demand, whose gap fills only add demand.
 */
export function replayExceedance(
  matrix: DemandMatrix,
  usable: readonly number[],
  assets: readonly number[],
  seriesOf: (assetId: string, resource: ResourceName) => MetricSeries | undefined,
  scale: (asset: number, resource: ResourceName) => number,
): Exceedance {
  const T = matrix.grid.slots;
  const over = new Uint8Array(T);
  let worstRatio = 0;
  matrix.resources.forEach((resource, r) => {
    const load = new Float64Array(T);
    for (const a of assets) {
      const demand = matrix.assets[a]!;
      const series = seriesOf(demand.asset.id, resource);
      if (!series) {
        const planned = demand.demand[r]!;
        for (let t = 0; t < T; t++) load[t] = load[t]! + planned[t]!;
        continue;
      }
      const f = scale(a, resource);
      const offset = series.start - matrix.grid.origin;
      const values = series.values;
      const from = Math.max(0, -offset);
      const to = Math.min(values.length, T - offset);
      for (let i = from; i < to; i++) {
        const v = values[i]!;
        if (v > 0) load[i + offset] = load[i + offset]! + v * f;
      }
    }
    const limit = usable[r]! * (1 + CAPACITY_TOLERANCE);
    for (let t = 0; t < T; t++) {
      const v = load[t]!;
      if (v > limit) over[t] = 1;
      const ratio = v / usable[r]!;
      if (ratio > worstRatio) worstRatio = ratio;
    }
  });
  let slots = 0;
  for (let t = 0; t < T; t++) slots += over[t]!;
  return { slots, share: T === 0 ? 0 : slots / T, worstRatio };
}
