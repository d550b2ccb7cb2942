import type { PackingState } from './packing-state';

/**
 * First fit over time: each item, in the given order, goes on the first open host where
 * it fits (hosts in the order they were opened), else on a new host. Items that no
 * empty host can take (see `unplaceableReasons`) must not be in `order`.
 */
export function firstFit(state: PackingState, order: readonly number[]): void {
  for (const item of order) {
    let placed = false;
    const hosts = state.hosts.length;
    for (let h = 0; h < hosts; h++) {
      if (state.fits(h, item)) {
        state.add(item, h);
        placed = true;
        break;
      }
    }
    if (!placed) {
      const h = state.openHost();
      state.add(item, h);
    }
  }
}

/** Sorts item indices by a key, largest first; ties keep index order (deterministic). */
export function decreasing(items: readonly number[], key: (item: number) => number): number[] {
  return [...items].sort((a, b) => key(b) - key(a) || a - b);
}
