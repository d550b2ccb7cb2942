import type { PlacementProblem } from './problem';
import type { HardRules } from './rules';
import { PackingState } from './packing-state';
import { profileItems } from './item-profile';

/** One item of a failed host re-placed on a survivor (host index). */
export interface FailoverMove {
  readonly item: number;
  readonly to: number;
}

/**
 * What re-placing one failed host's items gave: the moves, or the leftover (the first
 * item that found no survivor and, unsearched, every item after it, largest first).
 */
export type ScenarioOutcome =
  | { readonly proven: true; readonly moves: readonly FailoverMove[] }
  | { readonly proven: false; readonly leftover: readonly number[] };

/**
 * A packing state holding the plan, host `h` of the plan at index `h`. Every item joins
 * its host through `fits`, so a plan that breaks capacity, a rule or any limit `fits`
 * enforces is refused here (a broken precondition: the spare-host argument needs every
 * host of the plan to be valid on its own).
 */
export function loadPlan(
  problem: PlacementProblem,
  hosts: readonly (readonly number[])[],
  rules: HardRules,
): PackingState {
  const state = new PackingState(problem, profileItems(problem), rules);
  hosts.forEach((items, h) => {
    const at = state.openHost();
    for (const item of items) {
      if (!Number.isInteger(item) || item < 0 || item >= problem.items.length)
        throw new Error(`host ${h} of the plan holds unknown item ${item}`);
      if (state.hostOf[item] !== -1) throw new Error(`item ${item} is on two hosts of the plan`);
      if (!state.fits(at, item))
        throw new Error(
          `host ${h} of the plan is not valid: item ${problem.items[item]!.id} does not fit with the ones before it`,
        );
      state.add(item, at);
    }
  });
  return state;
}

/** Largest load of host `h` relative to its limit, over resources (its fullest resource at its peak). */
function fill(state: PackingState, h: number): number {
  const peak = state.hosts[h]!.peak;
  let most = 0;
  for (let r = 0; r < peak.length; r++) most = Math.max(most, peak[r]! / state.limitOf(r));
  return most;
}

/** The items of host `h`, largest first (normalized peak), ties by index. */
function largestFirst(state: PackingState, h: number): number[] {
  const size = state.profiles.size;
  return [...state.hosts[h]!.items].sort((a, b) => size[b]! - size[a]! || a - b);
}

/**
 * Runs one failure of host `failed` on the state and undoes it: each item of `failed`,
 * largest first, goes where `choose` says (`undefined`: leftover). Fit is decided by the
 * chooser through `PackingState.fits` alone.
 *
 * For speed an item is added to its survivor without being removed from `failed`: the
 * failed host is never read meanwhile (it is no survivor, and fits/add/remove of another
 * host read only that host), so its load need not change. Rolling back the journal of
 * adds takes each copy off its survivor; then the items are recorded on `failed` again.
 * That halves the load updates of a scenario.
 */
function runScenario(
  state: PackingState,
  failed: number,
  choose: (item: number) => number | undefined,
): ScenarioOutcome {
  const moves: FailoverMove[] = [];
  const leftover: number[] = [];
  const items = largestFirst(state, failed);
  state.begin();
  for (const item of items) {
    // Once one item found no host the scenario is lost: the rest is leftover unsearched.
    const to = leftover.length > 0 ? undefined : choose(item);
    if (to === undefined) leftover.push(item);
    else {
      state.add(item, to);
      moves.push({ item, to });
    }
  }
  state.rollback();
  for (const item of items) state.hostOf[item] = failed;
  return leftover.length === 0 ? { proven: true, moves } : { proven: false, leftover };
}

/**
 * Re-places every item of `failed` onto `survivors`, largest first, each on the fitting
 * survivor with the most headroom at its peak (least `fill`; ties by host index); the
 * state is the plan again afterwards. Items met once `state.checks` reaches `maxChecks`
 * count as leftover (the budget is spent).
 */
export function redistribute(
  state: PackingState,
  failed: number,
  survivors: readonly number[],
  maxChecks: number,
): ScenarioOutcome {
  const fills = new Float64Array(state.hosts.length);
  const byFill = (a: number, b: number): number => fills[a]! - fills[b]! || a - b;
  return runScenario(state, failed, (item) => {
    if (state.checks >= maxChecks || survivors.length === 0) return undefined;
    let best = survivors[0]!;
    for (const h of survivors) {
      fills[h] = fill(state, h);
      if (byFill(h, best) < 0) best = h;
    }
    // Most often the roomiest survivor takes it; rank the rest only when it does not.
    if (state.fits(best, item)) return best;
    const ranked = survivors.filter((h) => h !== best).sort(byFill);
    return ranked.find((h) => state.checks < maxChecks && state.fits(h, item));
  });
}

/**
 * Checks a given proof through `fits`: each item of `failed`, largest first, onto
 * `targetOf(item)`; undone before returning. Not budgeted: it costs one check per item.
 */
export function follow(
  state: PackingState,
  failed: number,
  targetOf: (item: number) => number,
): ScenarioOutcome {
  return runScenario(state, failed, (item) => {
    const to = targetOf(item);
    return to !== failed && state.fits(to, item) ? to : undefined;
  });
}

/** An item moved for good (relief), with the host it came from. */
export interface Relief {
  readonly item: number;
  readonly from: number;
}

/**
 * Moves for good onto `spare` the items in `lists` (per host whose failure could not be
 * absorbed, its leftover) that fit there through `fits`,
 * taking the first of every list, then the second, …; a host never sheds its last item.
 */
export function relieve(
  state: PackingState,
  spare: number,
  lists: readonly (readonly number[])[],
): Relief[] {
  const moved: Relief[] = [];
  // Round robin over the hosts, so that each sheds its largest stuck items first.
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let at = 0; at < longest; at++) {
    for (const list of lists) {
      const item = list[at];
      if (item === undefined) continue;
      const from = state.hostOf[item]!;
      // Emptying a host would only swap it with the spare: leave it its last item.
      if (from === spare || state.hosts[from]!.items.length === 1) continue;
      if (!state.fits(spare, item)) continue;
      state.remove(item);
      state.add(item, spare);
      moved.push({ item, from });
    }
  }
  return moved;
}

/** Puts relieved items back where they came from, newest first. */
export function undoRelief(state: PackingState, moved: readonly Relief[]): void {
  for (let m = moved.length - 1; m >= 0; m--) {
    const { item, from } = moved[m]!;
    state.remove(item);
    state.add(item, from);
  }
}

/**
 * Proves every host of `cluster`: its items redistributed onto the other hosts of the
 * cluster; failing that, sent back to where relief took them from (`origin`); failing
 * that, moved whole onto an empty survivor, if there is one.
 */
export function proveCluster(
  state: PackingState,
  cluster: readonly number[],
  maxChecks: number,
  origin: ReadonlyMap<number, number> = new Map(),
): Map<number, ScenarioOutcome> {
  const outcomes = new Map<number, ScenarioOutcome>();
  for (const h of cluster) {
    const survivors = cluster.filter((s) => s !== h);
    let outcome = redistribute(state, h, survivors, maxChecks);
    const items = state.hosts[h]!.items;
    if (!outcome.proven && items.every((i) => origin.has(i)))
      outcome = follow(state, h, (i) => origin.get(i)!);
    const empty = survivors.find((s) => state.hosts[s]!.items.length === 0);
    if (!outcome.proven && empty !== undefined) outcome = follow(state, h, () => empty);
    outcomes.set(h, outcome);
  }
  return outcomes;
}
