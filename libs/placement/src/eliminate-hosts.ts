import type { Random } from '@vplan/domain';
import { shuffleInPlace } from '@vplan/domain';
import type { PackingState } from './packing-state';

/** How long the improvement phase may search. */
export interface SearchBudget {
  /** Fit checks the search may do in all (deterministic work units). */
  readonly maxChecks: number;
  /** True once wall-clock time is up (injected; the only non-deterministic stop). */
  readonly timeUp: () => boolean;
  /** Told the host count whenever a phase ends or the search removes a host. */
  readonly improved?: (hosts: number) => void;
}

export type SearchStop = 'lower-bound' | 'iterations' | 'time' | 'converged';

/** Why a host-removal search must stop now, or undefined to go on. */
export function searchStop(
  state: PackingState,
  target: number,
  budget: SearchBudget,
): SearchStop | undefined {
  if (state.usedHosts() <= target) return 'lower-bound';
  if (state.checks >= budget.maxChecks) return 'iterations';
  if (budget.timeUp()) return 'time';
  return undefined;
}

/** Open, non-empty hosts not in `skip`, lightest first (Σ of their items' weights). */
export function lightestHosts(
  state: PackingState,
  weight: Float64Array,
  skip: ReadonlySet<number>,
): { h: number; load: number }[] {
  return state.hosts
    .map((host, h) => ({ h, host }))
    .filter(({ h, host }) => host.items.length > 0 && host.open && !skip.has(h))
    .map(({ h, host }) => ({ h, load: host.items.reduce((s, i) => s + weight[i]!, 0) }))
    .sort((a, b) => a.load - b.load || a.h - b.h);
}

/** Steps an item stays un-ejectable after it was inserted, so that moves do not cycle. */
const TABU_TENURE = 7;

/**
 * Empties hosts one at a time: take the least-loaded host's items into a pool and
 * re-insert them elsewhere, ejecting lighter items when needed (an ejection chain that
 * keeps the pool's weight going down, with tabu and occasional sideways moves). A host
 * whose pool cannot be emptied is restored exactly (journal rollback).
 */
export function eliminateHosts(
  state: PackingState,
  target: number,
  weight: Float64Array,
  random: Random,
  budget: SearchBudget,
): SearchStop {
  const failed = new Set<number>();
  for (;;) {
    const stop = searchStop(state, target, budget);
    if (stop) return stop;
    const victims = lightestHosts(state, weight, failed);
    const victim = victims[0];
    if (!victim) return 'converged';
    const remaining = budget.maxChecks - state.checks;
    const roundChecks = Math.max(2_000, Math.floor(remaining / Math.max(4, victims.length)));
    state.begin();
    const pool = [...state.hosts[victim.h]!.items];
    for (const item of pool) state.remove(item);
    state.setOpen(victim.h, false);
    if (repair(state, pool, weight, random, state.checks + roundChecks, budget)) {
      state.commit();
      failed.clear();
      budget.improved?.(state.usedHosts());
    } else {
      state.rollback();
      state.setOpen(victim.h, true);
      failed.add(victim.h);
    }
  }
}

function repair(
  state: PackingState,
  pool: number[],
  weight: Float64Array,
  random: Random,
  checkLimit: number,
  budget: SearchBudget,
): boolean {
  const tabuUntil = new Map<number, number>();
  const byWeight = (a: number, b: number): number => weight[b]! - weight[a]! || a - b;
  let step = 0;
  while (pool.length > 0) {
    if (state.checks >= checkLimit || state.checks >= budget.maxChecks || budget.timeUp())
      return false;
    step++;
    pool.sort(byWeight);
    const p = pool.shift()!;
    const hosts = shuffleInPlace(
      state.hosts.flatMap((host, h) => (host.open ? [h] : [])),
      random,
    );
    const isTabu = (q: number): boolean => (tabuUntil.get(q) ?? 0) > step;
    const place = (h: number, leaving: readonly number[]): void => {
      for (const q of leaving) {
        state.remove(q);
        pool.push(q);
      }
      state.add(p, h);
      tabuUntil.set(p, step + TABU_TENURE);
    };
    // 1. Straight in.
    const direct = hosts.find((h) => state.fits(h, p));
    if (direct !== undefined) {
      place(direct, []);
      continue;
    }
    // 2. Eject one lighter item (the lightest that makes room: the pool gets lighter fastest).
    let done = false;
    for (const h of hosts) {
      const candidates = state.hosts[h]!.items.filter((q) => weight[q]! < weight[p]! && !isTabu(q));
      candidates.sort((a, b) => weight[a]! - weight[b]! || a - b);
      const q = candidates.find((c) => state.fits(h, p, [c]));
      if (q !== undefined) {
        place(h, [q]);
        done = true;
        break;
      }
    }
    if (done) continue;
    // 3. Eject two items lighter together than p.
    for (const h of hosts) {
      const items = state.hosts[h]!.items.filter((q) => !isTabu(q) && weight[q]! < weight[p]!);
      outer: for (let a = 0; a < items.length; a++) {
        for (let b = a + 1; b < items.length; b++) {
          const qa = items[a]!;
          const qb = items[b]!;
          if (weight[qa]! + weight[qb]! >= weight[p]!) continue;
          if (state.fits(h, p, [qa, qb])) {
            place(h, [qa, qb]);
            done = true;
            break outer;
          }
        }
      }
      if (done) break;
    }
    if (done) continue;
    // 4. Sideways: swap with the lightest non-tabu item anywhere that makes room.
    let best: { h: number; q: number } | undefined;
    for (const h of hosts) {
      for (const q of state.hosts[h]!.items) {
        if (isTabu(q) || (best && weight[q]! >= weight[best.q]!)) continue;
        if (state.fits(h, p, [q])) best = { h, q };
      }
    }
    if (!best) return false;
    place(best.h, [best.q]);
  }
  return true;
}
