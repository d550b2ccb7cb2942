import type { PackingState } from './packing-state';
import { overflowDelta, peakWith } from './host-overflow';

/**
 * Spreads items over the state's open hosts instead of filling them one by one: each
 * item, in the given order, goes to the allowed host where the resulting peak (largest
 * load relative to the limit over slots and resources) is lowest. Balancing peaks leaves
 * every host room for the later, smaller items, where first fit stacks the spiky large
 * items on the first hosts and wastes their valleys.
 *
 * - `'open'`: only hosts where the item fits are candidates; if none, a new host opens.
 * - `'overflow'`: the host count is fixed; an item that fits nowhere goes where it adds
 *   the least overflow (the start of an overflow-repair search).
 *
 * Costs one check per host tried and item, so the caller gates it by its budget.
 */
export function spreadFit(
  state: PackingState,
  order: readonly number[],
  mode: 'open' | 'overflow',
): void {
  for (const item of order) {
    let best = -1;
    let bestPeak = Infinity;
    const hosts = state.hosts.length;
    for (let h = 0; h < hosts; h++) {
      if (!state.fits(h, item)) continue;
      const peak = peakWith(state, h, item);
      if (peak < bestPeak) {
        bestPeak = peak;
        best = h;
      }
    }
    if (best < 0 && mode === 'overflow') {
      let bestDelta = Infinity;
      for (let h = 0; h < hosts; h++) {
        if (!state.hosts[h]!.open || !state.allows(h, item)) continue;
        const delta = overflowDelta(state, h, [item], []);
        if (delta < bestDelta) {
          bestDelta = delta;
          best = h;
        }
      }
    }
    if (best < 0) best = state.openHost();
    state.add(item, best);
  }
}

/**
 * Peak balancing at scale: like `spreadFit` in `'open'` mode, but hosts are ranked by an
 * upper bound of the resulting peak from block maxima (R × blocks per host instead of
 * R × slots), and exact fit checks run only down that ranking until one succeeds. An
 * estimate ≤ 1 needs no exact check at all: every block already fits. Start it with
 * about lower-bound-many open hosts so the largest items are spread one per host.
 */
export function balancedFit(state: PackingState, order: readonly number[]): void {
  const R = state.problem.resources.length;
  const { blocks, blockMax } = state.profiles;
  const limits = Array.from({ length: R }, (_, r) => state.limitOf(r));
  let estimates = new Float64Array(state.hosts.length);
  let ranking: number[] = [];
  for (const item of order) {
    const hosts = state.hosts.length;
    if (estimates.length < hosts) estimates = new Float64Array(hosts * 2);
    ranking.length = 0;
    for (let h = 0; h < hosts; h++) {
      const host = state.hosts[h]!;
      if (!host.open || !state.allows(h, item)) continue;
      let estimate = 0;
      for (let r = 0; r < R; r++) {
        const hb = host.blockMax[r]!;
        const ib = blockMax[item]![r]!;
        const lim = limits[r]!;
        let m = 0;
        for (let b = 0; b < blocks; b++) {
          const v = hb[b]! + ib[b]!;
          if (v > m) m = v;
        }
        if (m / lim > estimate) estimate = m / lim;
      }
      estimates[h] = estimate;
      ranking.push(h);
    }
    ranking = ranking.sort((a, b) => estimates[a]! - estimates[b]! || a - b);
    let placed = -1;
    for (const h of ranking) {
      // The ranking already checked the rules and allocation; an estimate ≤ 1 proves the
      // capacity (no slot over, so within any allowed exceedance too).
      if (estimates[h]! <= 1 || state.fits(h, item)) {
        placed = h;
        break;
      }
    }
    if (placed < 0) placed = state.openHost();
    state.add(item, placed);
  }
}
