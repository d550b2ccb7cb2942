import type { PackingState } from './packing-state';
import type { SoftRule } from './rules';
import type { SearchBudget } from './eliminate-hosts';

/** Passes over all items at most: each pass only makes moves that lower the penalty. */
const MAX_PASSES = 8;

/**
 * Pair evaluations (item × other item × rule) the reduction may spend: a few seconds at
 * most on any estate, and deterministic, because it counts work rather than time.
 */
export const PENALTY_WORK = 20_000_000;

/** Counts pair evaluations. */
interface Meter {
  work: number;
}

/** Summed soft penalty between `item` and the other items of host `h`, leaving out `except`. */
export function penaltyOn(
  state: PackingState,
  soft: readonly SoftRule[],
  h: number,
  item: number,
  except = -1,
  meter?: Meter,
): number {
  const items = state.hosts[h]!.items;
  if (meter) meter.work += items.length * soft.length;
  let sum = 0;
  for (const other of items) {
    if (other === item || other === except) continue;
    for (const rule of soft) if (rule.violated(item, other)) sum += rule.penalty;
  }
  return sum;
}

/** Summed soft penalty of every pair of items on host `h`. */
export function hostPenalty(state: PackingState, soft: readonly SoftRule[], h: number): number {
  const items = state.hosts[h]!.items;
  let sum = 0;
  for (let x = 0; x < items.length; x++) {
    for (let y = x + 1; y < items.length; y++) {
      for (const rule of soft) if (rule.violated(items[x]!, items[y]!)) sum += rule.penalty;
    }
  }
  return sum;
}

/**
 * Lowers the summed soft penalty without adding a host: moves an item to another used
 * host, or swaps two items, whenever that stays feasible (capacity at every slot and
 * every hard rule) and strictly lowers the penalty. Deterministic: items and hosts in
 * index order; stops at a local minimum, after PENALTY_WORK pair evaluations, or when
 * the budget's checks are spent.
 */
export function reducePenalties(
  state: PackingState,
  soft: readonly SoftRule[],
  budget: SearchBudget,
): void {
  if (soft.length === 0) return;
  const meter: Meter = { work: 0 };
  const on = (h: number, item: number, except = -1): number =>
    penaltyOn(state, soft, h, item, except, meter);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    const hosts = state.hosts.flatMap((host, h) => (host.open && host.items.length > 0 ? [h] : []));
    for (let item = 0; item < state.hostOf.length; item++) {
      if (state.checks >= budget.maxChecks || meter.work >= PENALTY_WORK || budget.timeUp()) return;
      const from = state.hostOf[item]!;
      if (from < 0) continue;
      const current = on(from, item);
      if (current === 0) continue;
      let best: { to: number; other: number; gain: number } | undefined;
      for (const to of hosts) {
        if (to === from || state.hosts[to]!.items.length === 0) continue;
        const move = current - on(to, item);
        // Hosts where the item itself would be worse off are not worth a move or a swap.
        if (move < 0) continue;
        if (move > (best?.gain ?? 0) && state.fits(to, item)) best = { to, other: -1, gain: move };
        for (const other of state.hosts[to]!.items) {
          const before = current + on(to, other);
          const after = on(to, item, other) + on(from, other, item);
          const gain = before - after;
          if (gain <= (best?.gain ?? 0)) continue;
          if (state.fits(to, item, [other]) && state.fits(from, other, [item]))
            best = { to, other, gain };
        }
      }
      if (!best) continue;
      state.remove(item);
      if (best.other >= 0) {
        state.remove(best.other);
        state.add(best.other, from);
      }
      state.add(item, best.to);
      improved = true;
    }
    if (!improved) return;
  }
}
