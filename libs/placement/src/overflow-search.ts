import type { Random } from '@vplan/domain';
import type { PackingState } from './packing-state';
import type { SearchBudget, SearchStop } from './eliminate-hosts';
import { lightestHosts, searchStop } from './eliminate-hosts';
import { forEachOverload, overflowDelta } from './host-overflow';

/** Hosts sampled per step for swap moves (relocations try every host). */
const SWAP_HOSTS = 4;
/** Items of an overloaded host whose moves are tried per step (those relieving it most). */
const ITEMS_PER_STEP = 4;
/** Overloaded hosts whose items are tried per step (the worst, the rest at random). */
const FROM_HOSTS = 1;
/** Lightest hosts tried as the next victim; the one whose items re-insert best wins. */
const VICTIM_CANDIDATES = 4;

/**
 * Removes hosts one at a time by allowing overload: the victim's items go where they add
 * the least overflow (Σ over slots of the load above the limit, relative to it), then a
 * guided tabu search of relocations and swaps drives the overflow to zero. A round that
 * does not reach zero within its share of the budget is rolled back exactly.
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
    const stop = searchStop(state, target, budget);
    if (stop) return stop;
    const victims = lightestHosts(state, weight, failed);
    if (victims.length === 0) return 'converged';
    // Which host is easiest to empty is hard to tell from its load alone: a trial
    // insertion of each candidate's items measures the overflow the search must remove.
    let victim = -1;
    let victimOverflow = Infinity;
    for (const { h } of victims.slice(0, VICTIM_CANDIDATES)) {
      state.begin();
      const overflow = empty(state, h, weight) ? state.totalOverflow() : Infinity;
      state.rollback();
      state.setOpen(h, true);
      if (overflow < victimOverflow) {
        victimOverflow = overflow;
        victim = h;
      }
    }
    if (victim < 0) {
      victims.slice(0, VICTIM_CANDIDATES).forEach(({ h }) => failed.add(h));
      continue;
    }
    const remaining = budget.maxChecks - state.checks;
    // Later rounds are harder (fewer hosts, less slack): each gets a share of what is
    // left, so a failing round never starves the rounds after it.
    const roundChecks = Math.max(20_000, Math.floor(remaining / 3));
    state.begin();
    empty(state, victim, weight);
    const ok = repairOverflow(state, random, state.checks + roundChecks, budget);
    if (ok) {
      state.commit();
      failed.clear();
      budget.improved?.(state.usedHosts());
    } else {
      state.rollback();
      state.setOpen(victim, true);
      failed.add(victim);
    }
  }
}

/** Closes host `h` and puts its items, heaviest first, where they add least overflow. */
function empty(state: PackingState, h: number, weight: Float64Array): boolean {
  const pool = [...state.hosts[h]!.items].sort((a, b) => weight[b]! - weight[a]! || a - b);
  for (const item of pool) state.remove(item);
  state.setOpen(h, false);
  return pool.every((item) => insertLeastOverflow(state, item));
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
    if (!state.allows(h, item)) continue;
    const delta = overflowDelta(state, h, [item], []);
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

/**
 * Breakout penalties: a weight per host, resource and slot, raised on the slots that stay
 * overloaded at a local minimum, so that the search is pushed to move load away from
 * them instead of shuffling the same overflow around. Allocated per host on first use.
 */
class Penalties {
  private readonly weights = new Map<number, Float32Array>();

  constructor(private readonly state: PackingState) {}

  lookup(h: number): (r: number) => Float32Array | undefined {
    const R = this.state.problem.resources.length;
    return (r) => this.weights.get(h * R + r);
  }

  bump(h: number): void {
    const { resources, slots } = this.state.problem;
    const R = resources.length;
    forEachOverload(this.state, h, (r, t) => {
      let w = this.weights.get(h * R + r);
      if (!w) {
        w = new Float32Array(slots).fill(1);
        this.weights.set(h * R + r, w);
      }
      w[t] = w[t]! + 1;
    });
  }
}

/**
 * Drives the total overflow of `state` down by a guided tabu search of relocations and
 * swaps between open hosts until every host is acceptable (`state.feasible()`: overflow
 * zero, or with an allowed exceedance E at most E slots over). Moves start from the hosts
 * that are not acceptable and never break a hard rule or an allocation limit. Returns
 * whether it got there before `checkLimit` checks (or the budget) ran out; the state is
 * left as the search ended either way.
 */
export function repairOverflow(
  state: PackingState,
  random: Random,
  checkLimit: number,
  budget: SearchBudget,
): boolean {
  const penalties = new Penalties(state);
  const tabuUntil = new Map<number, number>();
  const tabuKey = (item: number, host: number): number => item * 65_536 + host;
  const delta = (h: number, adding: readonly number[], leaving: readonly number[]): number =>
    overflowDelta(state, h, adding, leaving, penalties.lookup(h));
  for (let step = 1; ; step++) {
    if (state.feasible()) return true;
    if (state.checks >= checkLimit || state.checks >= budget.maxChecks || budget.timeUp())
      return false;
    const hosts = openHosts(state);
    const overloaded = hosts.filter((h) => state.overloaded(h));
    const froms = pickFrom(state, overloaded, random);
    const isTabu = (item: number, host: number): boolean =>
      (tabuUntil.get(tabuKey(item, host)) ?? 0) > step;
    let best: Move | undefined;
    const consider = (move: Move): void => {
      if (!best || move.delta < best.delta) best = move;
    };
    for (const from of froms) {
      // The items whose departure relieves the overload most are the ones worth moving.
      const leaving = state.hosts[from]!.items.map((item) => ({
        item,
        leaveDelta: delta(from, [], [item]),
      }));
      leaving.sort((a, b) => a.leaveDelta - b.leaveDelta || a.item - b.item);
      const swapHosts = hosts.length <= SWAP_HOSTS + 1 ? hosts : sample(hosts, SWAP_HOSTS, random);
      for (const { item, leaveDelta } of leaving.slice(0, ITEMS_PER_STEP)) {
        if (leaveDelta >= 0) break;
        for (const to of hosts) {
          if (to === from || isTabu(item, to) || !state.allows(to, item)) continue;
          consider({ item, from, to, other: -1, delta: leaveDelta + delta(to, [item], []) });
        }
        for (const to of swapHosts) {
          if (to === from || isTabu(item, to)) continue;
          for (const other of state.hosts[to]!.items) {
            if (
              isTabu(other, from) ||
              !state.allows(to, item, [other]) ||
              !state.allows(from, other, [item])
            )
              continue;
            const d = delta(from, [other], [item]) + delta(to, [item], [other]);
            consider({ item, from, to, other, delta: d });
          }
        }
      }
    }
    const move = best as Move | undefined;
    if (!move || move.delta >= -1e-12) {
      // A local minimum of the weighted overflow: make its overloaded slots dearer.
      for (const h of overloaded) penalties.bump(h);
      continue;
    }
    state.remove(move.item);
    if (move.other >= 0) {
      state.remove(move.other);
      state.add(move.other, move.from);
      tabuUntil.set(tabuKey(move.other, move.to), step + 5 + random.int(10));
    }
    state.add(move.item, move.to);
    tabuUntil.set(tabuKey(move.item, move.from), step + 5 + random.int(10));
  }
}

/** The most overloaded host and a few others at random, so every overload gets worked on. */
function pickFrom(state: PackingState, overloaded: readonly number[], random: Random): number[] {
  if (overloaded.length <= FROM_HOSTS) return [...overloaded];
  let worst = overloaded[0]!;
  for (const h of overloaded)
    if (state.hosts[h]!.overflow > state.hosts[worst]!.overflow) worst = h;
  const rest = overloaded.filter((h) => h !== worst);
  return [worst, ...sample(rest, FROM_HOSTS - 1, random)];
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
