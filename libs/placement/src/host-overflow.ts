import type { PackingState } from './packing-state';

/**
 * Largest load of host `h` relative to its limit, over slots and resources, if `item`
 * joined it. Blocks whose upper bound cannot beat the best found so far are skipped.
 */
export function peakWith(state: PackingState, h: number, item: number): number {
  const host = state.hosts[h]!;
  const { profiles } = state;
  const R = state.problem.resources.length;
  const T = state.problem.slots;
  const { blockSize, blocks } = profiles;
  let best = 0;
  for (let r = 0; r < R; r++) {
    const lim = state.limitOf(r);
    const load = host.load[r]!;
    const d = state.problem.items[item]!.demand[r]!;
    const hb = host.blockMax[r]!;
    const ib = profiles.blockMax[item]![r]!;
    for (let b = 0; b < blocks; b++) {
      if ((hb[b]! + ib[b]!) / lim <= best) continue;
      const end = Math.min(T, (b + 1) * blockSize);
      for (let t = b * blockSize; t < end; t++) {
        const v = (load[t]! + d[t]!) / lim;
        if (v > best) best = v;
      }
    }
  }
  return best;
}

/** Calls `visit` for every slot where host `h` is above its limit of resource `r`. */
export function forEachOverload(
  state: PackingState,
  h: number,
  visit: (r: number, t: number) => void,
): void {
  const host = state.hosts[h]!;
  const R = state.problem.resources.length;
  const T = state.problem.slots;
  const { blockSize, blocks } = state.profiles;
  for (let r = 0; r < R; r++) {
    const lim = state.limitOf(r);
    if (host.peak[r]! <= lim) continue;
    const load = host.load[r]!;
    const hb = host.blockMax[r]!;
    for (let b = 0; b < blocks; b++) {
      if (hb[b]! <= lim) continue;
      const end = Math.min(T, (b + 1) * blockSize);
      for (let t = b * blockSize; t < end; t++) if (load[t]! > lim) visit(r, t);
    }
  }
}

/**
 * Change of the summed overflow if host `h` gains the items in `adding` and loses
 * those in `leaving` (capacity only; rules are the caller's). Scans only the blocks
 * where the host could be above its limit before or after. With `weights`, each slot's
 * overflow counts `weights(r)[t]` times (penalties of a guided search). Counts its work
 * in `checks`: one, plus one per `SLOTS_PER_CHECK` slots scanned.
 */
export function overflowDelta(
  state: PackingState,
  h: number,
  adding: readonly number[],
  leaving: readonly number[],
  weights?: (r: number) => Float32Array | undefined,
): number {
  const host = state.hosts[h]!;
  const { profiles } = state;
  const R = state.problem.resources.length;
  const T = state.problem.slots;
  const items = state.problem.items;
  const { blockSize, blocks } = profiles;
  let delta = 0;
  let scanned = 0;
  for (let r = 0; r < R; r++) {
    const lim = state.limitOf(r);
    if (host.peak[r]! <= lim) {
      let addPeak = 0;
      for (const a of adding) addPeak += profiles.peak[a * R + r]!;
      if (host.peak[r]! + addPeak <= lim) continue;
    }
    const load = host.load[r]!;
    const hb = host.blockMax[r]!;
    const add = adding.map((a) => items[a]!.demand[r]!);
    const addBlocks = adding.map((a) => profiles.blockMax[a]![r]!);
    const leave = leaving.map((l) => items[l]!.demand[r]!);
    const w = weights?.(r);
    for (let b = 0; b < blocks; b++) {
      let upper = hb[b]!;
      for (const ab of addBlocks) upper += ab[b]!;
      if (upper <= lim) continue;
      const end = Math.min(T, (b + 1) * blockSize);
      scanned += end - b * blockSize;
      for (let t = b * blockSize; t < end; t++) {
        const before = load[t]!;
        let after = before;
        for (const d of add) after += d[t]!;
        for (const d of leave) after -= d[t]!;
        let change = 0;
        if (after > lim) change += (after - lim) / lim;
        if (before > lim) change -= (before - lim) / lim;
        delta += w ? change * w[t]! : change;
      }
    }
  }
  state.checks += 1 + Math.floor(scanned / SLOTS_PER_CHECK);
  return delta;
}

/**
 * Slots an overflow evaluation scans for the work of one fit check (about the cost of a
 * `fits` call): the budget then measures the search's time alike in every phase.
 */
const SLOTS_PER_CHECK = 32;
