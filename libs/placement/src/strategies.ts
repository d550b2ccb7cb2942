import type { Random } from '@vplan/domain';
import type { PlacementProblem } from './problem';
import type { HardRules } from './rules';
import type { ItemProfiles } from './item-profile';
import { profileItems } from './item-profile';
import { PackingState } from './packing-state';
import { decreasing, firstFit } from './first-fit';
import type { SearchBudget, SearchStop } from './eliminate-hosts';
import { eliminateHosts } from './eliminate-hosts';
import { repairOverflow, squeezeHosts } from './overflow-search';
import { balancedFit, spreadFit } from './spread-fit';

export type StrategyName = 'time-aware' | 'peak-ffd';
export const STRATEGIES: readonly StrategyName[] = ['time-aware', 'peak-ffd'];

export interface StrategyOutcome {
  readonly state: PackingState;
  readonly stoppedBy: SearchStop | 'construction';
}

/**
 * The classic baseline: every item sized at its own peak per resource (as if all peaks
 * coincided), first-fit decreasing by its largest normalized peak. Allocation limits
 * hold; an allowed exceedance is ignored (a single peak slot cannot be exceeded "in E
 * slots"), so an item whose peak exceeds a host but that the exceedance admits gets a
 * host of its own.
 */
export function peakFirstFitDecreasing(
  problem: PlacementProblem,
  profiles: ItemProfiles,
  rules: HardRules,
  placeable: readonly number[],
): StrategyOutcome {
  const R = problem.resources.length;
  const peaks: PlacementProblem = {
    resources: problem.resources,
    slots: 1,
    usable: problem.usable,
    ...(problem.allocation ? { allocation: problem.allocation } : {}),
    items: problem.items.map((item, i) => ({
      id: item.id,
      labels: item.labels,
      ...(item.allocation ? { allocation: item.allocation } : {}),
      demand: problem.resources.map((_, r) => Float32Array.of(profiles.peak[i * R + r]!)),
    })),
  };
  const state = new PackingState(peaks, profileItems(peaks), rules);
  firstFit(
    state,
    decreasing(placeable, (i) => profiles.size[i]!),
  );
  return { state, stoppedBy: 'construction' };
}

/**
 * Time-aware packing: first fit over time from several item orders (largest peak,
 * largest volume, largest demand at the estate's busiest slot) and, where the budget
 * affords it, a peak-balancing spread construction, the best kept; then fewer hosts are
 * tried by spreading with overflow allowed and repairing it, and finally the
 * host-elimination searches run until the lower bound, the work budget or the time.
 * `seedPlan`, a plan already in a state of this problem, competes with the first fits
 * (it wins ties), so the result never has more hosts than `seedPlan`.
 */
export function timeAwarePacking(
  problem: PlacementProblem,
  profiles: ItemProfiles,
  rules: HardRules,
  placeable: readonly number[],
  target: number,
  random: Random,
  budget: SearchBudget,
  seedPlan?: PackingState,
): StrategyOutcome {
  const busiest = busiestSlotShare(problem, placeable);
  const orders: ((i: number) => number)[] = [
    (i) => profiles.size[i]!,
    (i) => profiles.volume[i]!,
    (i) => busiest[i]!,
  ];
  // A seed plan already at the bound needs no first fit.
  let best = seedPlan && seedPlan.usedHosts() <= target ? seedPlan : undefined;
  const base = seedPlan?.checks ?? 0;
  let checks = base;
  for (const key of orders) {
    const spent = checks - base >= (budget.maxChecks - base) / 2;
    if (best && (best.usedHosts() <= target || spent || budget.timeUp())) break;
    const state = new PackingState(problem, profiles, rules);
    firstFit(state, decreasing(placeable, key));
    checks += state.checks;
    if (!best || state.usedHosts() < best.usedHosts()) best = state;
  }
  if (seedPlan && (!best || seedPlan.usedHosts() <= best.usedHosts())) best = seedPlan;
  let state = best ?? new PackingState(problem, profiles, rules);
  state.checks = checks;
  budget.improved?.(state.usedHosts());
  const bySize = decreasing(placeable, (i) => profiles.size[i]!);
  // Peak balancing from lower-bound-many hosts: cheap (block maxima), and far better
  // than first fit on large estates of bursty servers, where first fit stacks the
  // spiky large items together on the first hosts.
  if (state.usedHosts() > target && !budget.timeUp()) {
    const balanced = spreadState(problem, profiles, rules, target, state.checks);
    balancedFit(balanced, bySize);
    if (balanced.usedHosts() < state.usedHosts()) state = balanced;
    else state.checks = balanced.checks;
  }
  // Spreading costs a check per item and host: affordable for hundreds or a few thousand
  // items, skipped for the largest estates where first fit is already near the bound.
  const spreadCost = (hosts: number): number => placeable.length * hosts;
  const affordable = (hosts: number): boolean =>
    state.checks + 4 * spreadCost(hosts) <= budget.maxChecks && !budget.timeUp();
  const start = Math.max(target, state.usedHosts() - SPREAD_SLACK);
  if (state.usedHosts() > target && affordable(start)) {
    const spread = spreadState(problem, profiles, rules, start, state.checks);
    spreadFit(spread, bySize, 'open');
    if (spread.usedHosts() < state.usedHosts()) state = spread;
    else state.checks = spread.checks;
  }
  // One host fewer at a time: spread over m hosts allowing overflow, then repair. The
  // overflow starts thin and evenly spread, which the repair removes far more easily
  // than the concentrated overflow of one emptied host.
  while (state.usedHosts() > target && affordable(state.usedHosts() - 1)) {
    const trial = spreadState(problem, profiles, rules, state.usedHosts() - 1, state.checks);
    spreadFit(trial, bySize, 'overflow');
    const roundChecks = (budget.maxChecks - trial.checks) / 2;
    const ok = repairOverflow(trial, random, trial.checks + roundChecks, budget);
    if (!ok || trial.usedHosts() >= state.usedHosts()) {
      state.checks = trial.checks;
      break;
    }
    state = trial;
  }
  budget.improved?.(state.usedHosts());
  const weight = Float64Array.from(profiles.size, (s, i) => s + profiles.volume[i]!);
  const quick = {
    ...budget,
    maxChecks: Math.min(budget.maxChecks, state.checks + (budget.maxChecks - state.checks) / 4),
  };
  const first = eliminateHosts(state, target, weight, random, quick);
  if (first === 'lower-bound' || first === 'time') return { state, stoppedBy: first };
  return { state, stoppedBy: squeezeHosts(state, target, weight, random, budget) };
}

/** Hosts the spread construction starts with below the best first fit. */
const SPREAD_SLACK = 3;

function spreadState(
  problem: PlacementProblem,
  profiles: ItemProfiles,
  rules: HardRules,
  hosts: number,
  checks: number,
): PackingState {
  const state = new PackingState(problem, profiles, rules);
  for (let h = 0; h < hosts; h++) state.openHost();
  state.checks = checks;
  return state;
}

/**
 * Per item: its demand, normalized by usable capacity, at the slot where the estate's
 * total demand of the tightest resource peaks (the slot that sets the volume bound).
 */
function busiestSlotShare(problem: PlacementProblem, placeable: readonly number[]): Float64Array {
  const { slots, resources, usable, items } = problem;
  let bestShare = -1;
  let bestSlot = 0;
  let bestResource = 0;
  resources.forEach((_, r) => {
    const total = new Float64Array(slots);
    for (const i of placeable) {
      const d = items[i]!.demand[r]!;
      for (let t = 0; t < slots; t++) total[t] = total[t]! + d[t]!;
    }
    for (let t = 0; t < slots; t++) {
      const share = total[t]! / usable[r]!;
      if (share > bestShare) {
        bestShare = share;
        bestSlot = t;
        bestResource = r;
      }
    }
  });
  return Float64Array.from(
    items,
    (item) => item.demand[bestResource]![bestSlot]! / usable[bestResource]!,
  );
}
