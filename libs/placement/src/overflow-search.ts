import type { Random } from '@vplan/domain';
import type { PackingState } from './packing-state';
import type { SearchBudget, SearchStop } from './eliminate-hosts';

/** Hosts sampled per step for swap moves (relocations try every host). */
const SWAP_HOSTS = 6;
/** Items of the overloaded host whose moves are evaluated per step. */
const ITEMS_PER_STEP = 3;

/**
 * Removes hosts one at a time by allowing overload: the victim's items go where they add
 * the least overflow (Σ over slots of the load above the limit, relative to it), then a
 * tabu search of relocations and swaps drives the overflow to zero. A round that does
 * not reach zero within its share of the budget is rolled back exactly.
 */
export function squeezeHosts(
  state: PackingState,
  target: number,
  weight: Float64Array,
  random: Random,
  budget: SearchBudget,
): SearchStop {
  const failed = new Set<number>();
  for (;;) {
    if (state.usedHosts() <= target) return 'lower-bound';
    if (state.checks >= budget.maxChecks) return 'iterations';
    if (budget.timeUp()) return 'time';
    const victims = state.hosts
      .map((host, h) => ({ h, host }))
      .filter(({ h, host }) => host.items.length > 0 && host.open && !failed.has(h))
      .map(({ h, host }) => ({ h, load: host.items.reduce((s, i) => s + weight[i]!, 0) }))
      .sort((a, b) => a.load - b.load || a.h - b.h);
    const victim = victims[0];
    if (!victim) return 'converged';
    const remaining = budget.maxChecks - state.checks;
    const roundChecks = Math.max(
      20_000,
      Math.floor(remaining / Math.max(3, Math.min(victims.length, 8))),
    );
    state.begin();
    const pool = [...state.hosts[victim.h]!.items].sort((a, b) => weight[b]! - weight[a]! || a - b);
    for (const item of pool) state.remove(item);
    state.setOpen(victim.h, false);
    const inserted = pool.every((item) => insertLeastOverflow(state, item));
    const dbg = (globalThis as { VPLAN_DEBUG?: (m: string) => void }).VPLAN_DEBUG;
    dbg?.(
      `victim ${victim.h} items ${pool.length} used ${state.usedHosts()} overflow ${state.totalOverflow().toFixed(3)} round ${roundChecks}`,
    );
    const ok = inserted && tabuRepair(state, random, state.checks + roundChecks, budget);
    dbg?.(`  -> ${ok} overflow ${state.totalOverflow().toFixed(3)} checks ${state.checks}`);
    if (ok) {
      state.commit();
      failed.clear();
    } else {
      state.rollback();
      state.setOpen(victim.h, true);
      failed.add(victim.h);
    }
  }
}

function openHosts(state: PackingState): number[] {
  const hosts: number[] = [];
  state.hosts.forEach((host, h) => {
    if (host.open && host.items.length > 0) hosts.push(h);
  });
  return hosts;
}

function insertLeastOverflow(state: PackingState, item: number): boolean {
  let best = -1;
  let bestDelta = Infinity;
  for (const h of openHosts(state)) {
    if (!state.hosts[h]!.rules.allows(item)) continue;
    state.checks++;
    const delta = state.overflowDelta(h, [item], []);
    if (delta < bestDelta) {
      bestDelta = delta;
      best = h;
    }
  }
  if (best < 0) return false;
  state.add(item, best);
  return true;
}

interface Move {
  readonly item: number;
  readonly from: number;
  readonly to: number;
  /** Item of `to` that goes to `from` (a swap), or −1 (a relocation). */
  readonly other: number;
  readonly delta: number;
}

function tabuRepair(
  state: PackingState,
  random: Random,
  checkLimit: number,
  budget: SearchBudget,
): boolean {
  const tabuUntil = new Map<number, number>();
  const tabuKey = (item: number, host: number): number => item * 65_536 + host;
  let bestTotal = state.totalOverflow();
  for (let step = 1; ; step++) {
    const total = state.totalOverflow();
    if (total <= 0) return true;
    if (state.checks >= checkLimit || state.checks >= budget.maxChecks || budget.timeUp())
      return false;
    const hosts = openHosts(state);
    const overloaded = hosts.filter((h) => state.hosts[h]!.overflow > 0);
    const from =
      random.next() < 0.5 ? worst(state, overloaded) : overloaded[random.int(overloaded.length)]!;
    const isTabu = (item: number, host: number, delta: number): boolean =>
      (tabuUntil.get(tabuKey(item, host)) ?? 0) > step && total + delta >= bestTotal;
    let best: Move | undefined;
    const consider = (move: Move): void => {
      if (!best || move.delta < best.delta) best = move;
    };
    const swapHosts = hosts.length <= SWAP_HOSTS + 1 ? hosts : sample(hosts, SWAP_HOSTS, random);
    const fromItems = state.hosts[from]!.items;
    const tried =
      fromItems.length <= ITEMS_PER_STEP ? [...fromItems] : pickItems(state, from, random);
    for (const item of tried) {
      const leaveDelta = state.overflowDelta(from, [], [item]);
      for (const to of hosts) {
        if (to === from || !state.hosts[to]!.rules.allows(item)) continue;
        state.checks++;
        const delta = leaveDelta + state.overflowDelta(to, [item], []);
        if (!isTabu(item, to, delta)) consider({ item, from, to, other: -1, delta });
      }
      for (const to of swapHosts) {
        if (to === from) continue;
        for (const other of state.hosts[to]!.items) {
          if (
            !state.hosts[to]!.rules.allows(item, [other]) ||
            !state.hosts[from]!.rules.allows(other, [item])
          )
            continue;
          state.checks += 2;
          const delta =
            state.overflowDelta(from, [other], [item]) + state.overflowDelta(to, [item], [other]);
          if (!isTabu(item, to, delta) && !isTabu(other, from, delta))
            consider({ item, from, to, other, delta });
        }
      }
    }
    const move = best as Move | undefined;
    if (!move) return false;
    state.remove(move.item);
    if (move.other >= 0) {
      state.remove(move.other);
      state.add(move.other, move.from);
      tabuUntil.set(tabuKey(move.other, move.to), step + 5 + random.int(10));
    }
    state.add(move.item, move.to);
    tabuUntil.set(tabuKey(move.item, move.from), step + 5 + random.int(10));
    bestTotal = Math.min(bestTotal, state.totalOverflow());
  }
}

function worst(state: PackingState, hosts: readonly number[]): number {
  let best = hosts[0]!;
  for (const h of hosts) if (state.hosts[h]!.overflow > state.hosts[best]!.overflow) best = h;
  return best;
}

/** The items that load the host's most overloaded slot most, plus one at random. */
function pickItems(state: PackingState, h: number, random: Random): number[] {
  const host = state.hosts[h]!;
  const R = state.problem.resources.length;
  let r = 0;
  for (let k = 1; k < R; k++)
    if (host.peak[k]! / state.limitOf(k) > host.peak[r]! / state.limitOf(r)) r = k;
  const t = host.argmax[r]!;
  const items = state.problem.items;
  const ranked = [...host.items].sort(
    (a, b) => items[b]!.demand[r]![t]! - items[a]!.demand[r]![t]! || a - b,
  );
  const picked = ranked.slice(0, ITEMS_PER_STEP - 1);
  const rest = ranked.slice(ITEMS_PER_STEP - 1);
  picked.push(rest[random.int(rest.length)]!);
  return picked;
}

function sample(hosts: readonly number[], k: number, random: Random): number[] {
  const copy = [...hosts];
  for (let i = 0; i < k; i++) {
    const j = i + random.int(copy.length - i);
    const tmp = copy[i]!;
    copy[i] = copy[j]!;
    copy[j] = tmp;
  }
  return copy.slice(0, k);
}
