import type { Random } from '@vplan/domain';
import type { PlacementProblem } from './problem';
import type { HardRules } from './rules';
import type { ItemProfiles } from './item-profile';
import type { SearchBudget } from './eliminate-hosts';
import type { StrategyOutcome } from './strategies';
import { timeAwarePacking } from './strategies';
import { PackingState } from './packing-state';
import { CAPACITY_TOLERANCE } from './exceedance';
import { decreasing, firstFit } from './first-fit';
import { lowerBound } from './lower-bound';

/**
 * Time-aware packing with an allowed exceedance E > 0 that never needs more hosts than
 * E = 0: first exactly the E = 0 packing (same items, bound, budget and random stream as
 * `planPlacement` without exceedance, hence the same plan); that plan, plus the items
 * only the exceedance admits (first fit, largest first), seeds the E > 0 search, which
 * gets as much budget again and keeps the seed unless it finds fewer hosts.
 */
export function exceedancePacking(
  problem: PlacementProblem,
  profiles: ItemProfiles,
  rules: HardRules,
  placeable: readonly number[],
  target: number,
  random: Random,
  budget: SearchBudget,
): StrategyOutcome {
  const strict: PlacementProblem = { ...problem, allowedExceedance: 0 };
  const R = problem.resources.length;
  const fitsAlways = (i: number): boolean =>
    problem.usable.every((u, r) => profiles.peak[i * R + r]! <= u * (1 + CAPACITY_TOLERANCE));
  const strictItems = placeable.filter(fitsAlways);
  const extras = placeable.filter((i) => !fitsAlways(i));
  const inStrict = new Set(strictItems);
  const strictTarget = lowerBound(strict, rules, (i) => inStrict.has(i)).hosts;
  const first = timeAwarePacking(strict, profiles, rules, strictItems, strictTarget, random, {
    maxChecks: budget.maxChecks,
    timeUp: budget.timeUp,
    // Host counts without the extra items would understate the plan: report them only
    // when there are none.
    ...(extras.length === 0 && budget.improved ? { improved: budget.improved } : {}),
  });
  const seed = new PackingState(problem, profiles, rules);
  for (const host of first.state.hosts) {
    if (host.items.length === 0) continue;
    const h = seed.openHost();
    // Within capacity at every slot, so within any exceedance: no check needed.
    for (const item of host.items) seed.add(item, h);
  }
  seed.checks = first.state.checks;
  firstFit(
    seed,
    decreasing(extras, (i) => profiles.size[i]!),
  );
  const second = { ...budget, maxChecks: seed.checks + budget.maxChecks };
  return timeAwarePacking(problem, profiles, rules, placeable, target, random, second, seed);
}
