import { seededRandom } from '@vplan/domain';
import type { PlacementProblem } from './problem';
import type { HardRules, SoftRule } from './rules';
import { hostPenalty, reducePenalties } from './reduce-penalties';
import { combineRules, NO_RULES, rulesFromLabels } from './rules';
import { profileItems } from './item-profile';
import type { LowerBound } from './lower-bound';
import { lowerBound } from './lower-bound';
import type { StrategyName } from './strategies';
import { peakFirstFitDecreasing, timeAwarePacking } from './strategies';
import { unplaceableReasons } from './unplaceable';
import { exceedancePacking } from './chance-constrained';

/** How often, at most, time-based progress is reported (ms of the injected clock). */
const PROGRESS_INTERVAL_MS = 500;

/** Options of `planPlacement`. Every default is chosen so that a plain call works. */
export interface PlacementOptions {
  /** Default `'time-aware'`. */
  readonly strategy?: StrategyName;
  /** Seed of the search's random choices. Default 1. */
  readonly seed?: number;
  /** Hard rules besides the built-in label rules (environment, anti-affinity, DR). */
  readonly rules?: HardRules;
  /**
   * Soft rules: their summed penalty is lowered after the host count is settled (never
   * at the cost of a host or of a hard rule).
   */
  readonly soft?: readonly SoftRule[];
  /**
   * Work budget of the search in fit checks (deterministic). Default: 400 checks per
   * item, at least 200,000. With `problem.allowedExceedance` > 0 the E = 0 plan uses
   * this budget and the E > 0 search as much again.
   */
  readonly maxChecks?: number;
  /** Wall-clock budget in ms; needs `clock`. Default: none. */
  readonly timeBudgetMs?: number;
  /** Milliseconds from any fixed origin (e.g. `performance.now`), for the time budget. */
  readonly clock?: () => number;
  /**
   * Progress for a user interface: called when the construction ends, whenever the
   * search removes a host, and (with a clock) about every half second. Never affects
   * the result.
   */
  readonly onProgress?: (progress: PlacementProgress) => void;
}

export interface PlacementProgress {
  /** Hosts of the best plan so far (undefined while the first plan is being built). */
  readonly hosts: number | undefined;
  readonly lowerBound: number;
  /** Milliseconds since packing began (0 without a clock). */
  readonly elapsedMs: number;
}

export interface PlacementResult {
  readonly strategy: StrategyName;
  readonly seed: number;
  /** Item indices per host, hosts in plan order; no empty host. */
  readonly hosts: readonly (readonly number[])[];
  /** Items that could not be placed, with the reasons. */
  readonly unplaced: readonly { readonly item: number; readonly reasons: readonly string[] }[];
  /** Lower bound for the placed items. */
  readonly lowerBound: LowerBound;
  /** Why the search stopped. */
  readonly stoppedBy: 'lower-bound' | 'iterations' | 'time' | 'converged' | 'construction';
  /** Fit checks done (the deterministic measure of work). */
  readonly checks: number;
  /** Summed soft penalty per host (same order as `hosts`); all 0 without soft rules. */
  readonly penalties: readonly number[];
}

/**
 * Places the items of `problem` on as few hosts as it can: every host stays within its
 * usable capacity at every slot for every resource (with `problem.allowedExceedance` E:
 * is over it in at most E slots), within its allocation limits, and no hard rule is
 * broken. Items no host can take are listed unplaced with the reasons.
 * Deterministic for the same problem, options and seed, unless the time budget ends the
 * search first (then `stoppedBy` is `'time'`).
 */
export function planPlacement(
  problem: PlacementProblem,
  options: PlacementOptions = {},
): PlacementResult {
  const strategy = options.strategy ?? 'time-aware';
  const seed = options.seed ?? 1;
  const rules = combineRules(rulesFromLabels(problem.items), options.rules ?? NO_RULES);
  const profiles = profileItems(problem);
  const oversize = unplaceableReasons(problem, profiles);
  const placeable = problem.items.map((_, i) => i).filter((i) => !oversize.has(i));
  const placeableSet = new Set(placeable);
  const bound = lowerBound(problem, rules, (i) => placeableSet.has(i));
  const clock = options.clock;
  const deadline =
    clock && options.timeBudgetMs !== undefined ? clock() + options.timeBudgetMs : undefined;
  const maxChecks = options.maxChecks ?? Math.max(200_000, 400 * problem.items.length);
  let bestHosts: number | undefined;
  const started = clock?.() ?? 0;
  let lastReport = started;
  const report = (): void =>
    options.onProgress?.({
      hosts: bestHosts,
      lowerBound: bound.hosts,
      elapsedMs: (clock?.() ?? 0) - started,
    });
  const budget = {
    maxChecks,
    timeUp: () => {
      if (clock && options.onProgress && clock() - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = clock();
        report();
      }
      return deadline !== undefined && clock !== undefined && clock() >= deadline;
    },
    improved: (count: number) => {
      bestHosts = count;
      report();
    },
  };
  const pack = (problem.allowedExceedance ?? 0) > 0 ? exceedancePacking : timeAwarePacking;
  const outcome =
    strategy === 'peak-ffd'
      ? peakFirstFitDecreasing(problem, profiles, rules, placeable)
      : pack(problem, profiles, rules, placeable, bound.hosts, seededRandom(seed), budget);
  const soft = options.soft ?? [];
  // Its own share of work, so a search that spent the whole budget still leaves room;
  // bounded by checks and passes, never by time (the plan stays deterministic).
  reducePenalties(outcome.state, soft, {
    maxChecks: outcome.state.checks + Math.max(50_000, maxChecks / 4),
    timeUp: () => false,
  });
  const used = outcome.state.hosts.flatMap((host, h) => (host.items.length > 0 ? [h] : []));
  const hosts = used.map((h) => [...outcome.state.hosts[h]!.items].sort((a, b) => a - b));
  const penalties = used.map((h) => (soft.length === 0 ? 0 : hostPenalty(outcome.state, soft, h)));
  return {
    strategy,
    seed,
    hosts,
    unplaced: [...oversize].map(([item, reasons]) => ({ item, reasons })),
    lowerBound: bound,
    stoppedBy: outcome.stoppedBy,
    checks: outcome.state.checks,
    penalties,
  };
}
