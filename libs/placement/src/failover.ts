import type { PlacementProblem } from './problem';
import type { HardRules } from './rules';
import type { PackingState } from './packing-state';
import { combineRules, NO_RULES, rulesFromLabels } from './rules';
import type { FailoverMove, Relief, ScenarioOutcome } from './failover-scenarios';
import { follow, loadPlan, proveCluster, relieve, undoRelief } from './failover-scenarios';

export type { FailoverMove } from './failover-scenarios';
export { validateFailover } from './failover-validation';

/** Options of `planFailover`. */
export interface FailoverOptions {
  /** Hosts of one cluster that may fail at once; an integer ≥ 1. */
  readonly k: number;
  /**
   * Hard rules besides the built-in label rules (environment, anti-affinity, DR): the
   * same extra rules the plan was packed with (`PlacementOptions.rules`). Default none.
   */
  readonly rules?: HardRules;
  /**
   * Host indices per cluster (e.g. `assignClusters(...).clusters`); every host in
   * exactly one. Default: all hosts form one cluster. Failed hosts' items move only
   * within their cluster, so cluster-scope rules keep holding.
   */
  readonly clusters?: readonly (readonly number[])[];
  /**
   * Work budget in fit checks (deterministic), shared by all redistribution searches.
   * When it runs out, unproven clusters get an empty spare host (always a proof).
   * Default: 400 checks per item, at least 200,000.
   */
  readonly maxChecks?: number;
}

/** One failure and its proof: where every item of the failed hosts goes. */
export interface FailoverScenario {
  /** Failed host indices (one host per scenario here). */
  readonly failed: readonly number[];
  /** Each item of the failed hosts exactly once, onto a surviving host of its cluster. */
  readonly moves: readonly FailoverMove[];
}

/**
 * How the plan survives the loss of any `k` hosts of a cluster, and the proof.
 *
 * - `'redistribute'` (k = 1): for every host, `scenarios` holds moves of all its items
 *   onto the other hosts of its cluster, each surviving host within capacity at every
 *   slot and every hard rule kept. One failure at a time is all k = 1 allows, so the
 *   scenarios are the whole proof.
 * - `'spare-hosts'` (k ≥ 2): every cluster holding items has at least k hosts that are
 *   empty in the plan. Of any k failed hosts of a cluster, say m hold items; then at most
 *   k − m spares failed, so at least m spares survive, and each failed host's items move
 *   whole onto a distinct surviving spare. That is valid because those items already
 *   shared a host of the same model validly (capacity at every slot, host-scope rules,
 *   any per-host limit of `PackingState.fits`), and they stay in their cluster, so the
 *   cluster-scope rules see the same items. `scenarios` shows it for each host: its
 *   items onto the cluster's first spare (checked through `fits`).
 */
export interface FailoverPlan {
  readonly k: number;
  readonly method: 'redistribute' | 'spare-hosts';
  /** One per host (`failed = [h]`), by host index; hosts with no items have no moves. */
  readonly scenarios: readonly FailoverScenario[];
  /** Hosts added to make the plan survive (empty spares, or relief hosts that took items), total. */
  readonly addedHosts: number;
  /** Host indices per cluster, added hosts included (one cluster of all hosts by default). */
  readonly clusters: readonly (readonly number[])[];
  /** Fit checks spent (the deterministic measure of work). */
  readonly checks: number;
}

/** What `planFailover` returns: the plan to build, its clusters (when given), and the proof. */
export interface FailoverResult {
  /** Item indices per host (ascending); the original hosts keep their indices, added hosts follow. */
  readonly hosts: readonly (readonly number[])[];
  /** The given clusters with the added hosts; absent when `options.clusters` was. */
  readonly clusters?: readonly (readonly number[])[];
  readonly failover: FailoverPlan;
}

/** Relief rounds tried on a new host before it is left empty as a plain spare. */
const RELIEF_ROUNDS = 3;

/**
 * Makes a plan survive the loss of any `k` hosts of a cluster and proves it
 * (`FailoverPlan` states the argument). Deterministic: the same inputs give the same
 * result; the work is bounded by `maxChecks`.
 *
 * k = 1, per cluster: try to re-place each host's items onto the others. If some host's
 * failure cannot be absorbed, add one host to the cluster and move onto it, for good,
 * the items that found no room (up to three rounds, each re-proving every host of the
 * cluster); the first fully proven cluster is kept. If relief does not prove it, the
 * new host stays empty: an empty spare absorbs any one failed host, so at most one host
 * per cluster is added.
 *
 * k ≥ 2: k empty spare hosts per cluster that holds items (hosts already empty count).
 *
 * Throws when the plan itself is not valid (a host breaks capacity or a rule) or the
 * options are malformed.
 */
export function planFailover(
  problem: PlacementProblem,
  hosts: readonly (readonly number[])[],
  options: FailoverOptions,
): FailoverResult {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be an integer ≥ 1, got ${k}`);
  const rules = combineRules(rulesFromLabels(problem.items), options.rules ?? NO_RULES);
  const clusters = clustersOf(hosts.length, options.clusters);
  const state = loadPlan(problem, hosts, rules);
  const maxChecks =
    state.checks + (options.maxChecks ?? Math.max(200_000, 400 * problem.items.length));
  const outcomes = new Map<number, ScenarioOutcome>();
  for (const cluster of clusters) {
    const proven = k === 1 ? protectOne(state, cluster, maxChecks) : addSpares(state, cluster, k);
    proven.forEach((outcome, h) => outcomes.set(h, outcome));
  }
  const scenarios = [...outcomes]
    .sort(([a], [b]) => a - b)
    .map(([h, outcome]): FailoverScenario => {
      if (!outcome.proven) throw new Error(`failover of host ${h} left unproven`);
      return { failed: [h], moves: outcome.moves };
    });
  const failover: FailoverPlan = {
    k,
    method: k === 1 ? 'redistribute' : 'spare-hosts',
    scenarios,
    addedHosts: state.hosts.length - hosts.length,
    clusters,
    checks: state.checks,
  };
  return {
    hosts: state.hosts.map((host) => [...host.items].sort((a, b) => a - b)),
    ...(options.clusters ? { clusters } : {}),
    failover,
  };
}

/** The clusters as mutable lists (added hosts join them); checks that they partition the hosts. */
function clustersOf(
  hostCount: number,
  given: readonly (readonly number[])[] | undefined,
): number[][] {
  if (!given) return [Array.from({ length: hostCount }, (_, h) => h)];
  const seen = new Set<number>();
  for (const h of given.flat()) {
    if (!Number.isInteger(h) || h < 0 || h >= hostCount)
      throw new Error(`cluster lists unknown host ${h}`);
    if (seen.has(h)) throw new Error(`host ${h} is in two clusters`);
    seen.add(h);
  }
  if (seen.size !== hostCount) throw new Error('every host must be in exactly one cluster');
  return given.map((cluster) => [...cluster]);
}

/** k = 1 for one cluster (grown in place by the host it may add): the proven outcome per host. */
function protectOne(
  state: PackingState,
  cluster: number[],
  maxChecks: number,
): Map<number, ScenarioOutcome> {
  const first = proveCluster(state, cluster, maxChecks);
  const failing = (outcomes: Map<number, ScenarioOutcome>): number[][] =>
    [...outcomes.values()].flatMap((o) => (o.proven ? [] : [[...o.leftover]]));
  if (failing(first).length === 0) return first;
  const spare = state.openHost();
  cluster.push(spare);
  const moved: Relief[] = [];
  let outcomes = first;
  for (let round = 0; round < RELIEF_ROUNDS; round++) {
    const now = relieve(state, spare, failing(outcomes));
    if (now.length === 0) break;
    moved.push(...now);
    const origin = new Map(moved.map(({ item, from }) => [item, from]));
    outcomes = proveCluster(state, cluster, maxChecks, origin);
    if (failing(outcomes).length === 0) return outcomes;
  }
  // Relief did not prove the cluster: empty the new host again. The plan is then as it
  // was, so the first proofs still hold, and the empty spare takes each unproven host.
  undoRelief(state, moved);
  const proofs = new Map(first);
  for (const [h, outcome] of first)
    if (!outcome.proven)
      proofs.set(
        h,
        follow(state, h, () => spare),
      );
  proofs.set(spare, { proven: true, moves: [] });
  return proofs;
}

/**
 * k ≥ 2 for one cluster: k empty spares (hosts already empty count), each host's items
 * shown to fit whole on the first.
 */
function addSpares(
  state: PackingState,
  cluster: number[],
  k: number,
): Map<number, ScenarioOutcome> {
  const isEmpty = (h: number): boolean => state.hosts[h]!.items.length === 0;
  const outcomes = new Map<number, ScenarioOutcome>();
  for (const h of cluster) if (isEmpty(h)) outcomes.set(h, { proven: true, moves: [] });
  const loaded = cluster.filter((h) => !isEmpty(h));
  if (loaded.length === 0) return outcomes;
  const spares = cluster.filter(isEmpty).slice(0, k);
  while (spares.length < k) {
    const spare = state.openHost();
    cluster.push(spare);
    spares.push(spare);
    outcomes.set(spare, { proven: true, moves: [] });
  }
  for (const h of loaded)
    outcomes.set(
      h,
      follow(state, h, () => spares[0]!),
    );
  return outcomes;
}

/**
 * Fewest hosts a plan that survives k failures per cluster can have, given `bound`, the
 * lower bound without failover (`lowerBound(...).hosts`).
 *
 * One cluster (no `clusterSize`): the survivors of any k failures hold every item, so
 * n − k ≥ bound: `bound + k`. Clusters of at most `clusterSize` = s hosts: a plan of n
 * hosts has m ≥ ⌈n / s⌉ clusters; in each, any n_c − k of its hosts hold its items, and
 * those survivors of all clusters together are a valid plan of every item, so
 * n − k·m ≥ bound: the smallest n with n ≥ bound + k·⌈n / s⌉. `Infinity` when s ≤ k
 * (a cluster would have no host left); 0 when `bound` is 0 (nothing to protect).
 */
export function failoverLowerBound(bound: number, k: number, clusterSize?: number): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be an integer ≥ 0, got ${k}`);
  if (bound <= 0) return 0;
  if (clusterSize === undefined) return bound + k;
  if (!Number.isInteger(clusterSize) || clusterSize < 1)
    throw new Error(`cluster size must be an integer ≥ 1, got ${clusterSize}`);
  if (clusterSize <= k) return Infinity;
  let n = bound + k;
  while (n < bound + k * Math.ceil(n / clusterSize)) n++;
  return n;
}
