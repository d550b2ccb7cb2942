import type { Asset, Estate, MetricSeries } from '@vplan/domain';
import { usableCapacity } from '@vplan/domain';
import type { CompiledAssetRules } from './placement-units';
import { placementUnits } from './placement-units';
import type { DemandMatrix } from '@vplan/workload';
import type { PlacementProblem, PlacementProgress, PlacementResult } from '@vplan/placement';
import {
  NO_RULES,
  assignClusters,
  combineRules,
  failoverLowerBound,
  planFailover,
  planPlacement,
  rulesFromLabels,
} from '@vplan/placement';
import type { PlanDocument, PlanOptions } from '@vplan/formats';
import type { DocumentParts, PlanSource } from './plan-document';
import { toPlanDocument } from './plan-document';
import { resolvePlanTarget, type PlanTarget } from './plan-target';
import { cpuSizing } from './cpu-sizing';

export { estateMatrix } from './estate-demand';
import { estateMatrix, subMatrix, sumAllocation, sumDemand, withBaseline } from './estate-demand';
import { allocationDimensions, assetAllocation } from './asset-allocation';

/** What the engine needs from its surroundings: a monotonic clock and the current time. */
export interface EngineContext {
  /** Milliseconds from a fixed origin (performance.now), for budgets and timing. */
  readonly clock: () => number;
  /** Current time as ISO-8601, written into the plan's `generatedAt`. */
  readonly now: () => string;
  /** Called when a phase starts (for progress output). */
  readonly onPhase?: (phase: string) => void;
  /** Called while packing with the best host count so far (for progress output). */
  readonly onPacking?: (progress: PlacementProgress) => void;
}

export interface EstatePlan {
  readonly plan: PlanDocument;
  readonly matrix: DemandMatrix;
  readonly problem: PlacementProblem;
  readonly result: PlacementResult;
}

/** Constraint rules to plan with: a rule set, compiled by the caller's rules engine. */
export interface PlanConstraints {
  /** The rule set file, for the plan's summary. */
  readonly ruleSet: string;
  /**
   * Compiles the rules for the given assets (indices into `assets`): hard and soft rules,
   * affinity groups, and why blocked assets cannot be placed (candidate and fit rules).
   */
  readonly compile: (
    assets: readonly Asset[],
    evaluation?: { readonly referenceUtcMs?: number },
  ) => CompiledAssetRules & {
    readonly blocked: ReadonlyMap<number, readonly string[]>;
  };
}

/**
 * The whole analysis of one estate: demand on a common grid, the placement problem, the
 * packing (and a peak-based baseline for comparison), and the plan document. With
 * `constraints`, the rules replace the built-in label rules (environment, anti-affinity,
 * DR group): blocked servers are listed as unplaced with the rule and remediation,
 * affinity groups are placed as one unit, soft penalties are lowered after the host
 * count, and the plan says how many hosts the rules cost.
 */
export function planEstate(
  estate: Estate,
  options: PlanOptions,
  source: PlanSource,
  context: EngineContext,
  constraints?: PlanConstraints,
  resolved?: PlanTarget,
  scope?: PlanScope,
): EstatePlan {
  const target = resolved ?? targetOf(options);
  const { model } = target;
  const cpu = cpuSizing(options, target);
  const full = scope?.matrix ?? estateMatrix(estate, options, target, context);
  const matrix = scope?.assetIds ? subMatrix(full, scope.assetIds) : full;
  const usable = options.resources.map((r) => usableCapacity(model, r));
  const assets = matrix.assets.map((a) => a.asset);
  const allocations = matrix.assets.map((d) => assetAllocation(d, options.resources, target));
  const dims = allocationDimensions(target.allocation);
  const allowedExceedance =
    options.profile === 'series' && options.percentile < 100
      ? Math.floor((matrix.grid.slots * (100 - options.percentile)) / 100)
      : 0;
  // Maintenance windows are compared over the year from the planned period's start.
  const compiled = constraints?.compile(assets, { referenceUtcMs: periodStartMs(estate) });
  // Affinity groups at cluster scope are free to spread over hosts; a group whose hosts
  // cannot share one cluster is kept on one host instead, and the estate planned again.
  const onOneHost = new Set<number>();
  const pack = () => {
    const placement = compiled ? constrainedUnits(compiled, assets, onOneHost) : undefined;
    const units = placement?.units ?? assets.map((_, i) => [i]);
    const problem: PlacementProblem = {
      resources: options.resources,
      slots: matrix.grid.slots,
      usable,
      ...(dims ? { allocation: { names: dims.names, limits: dims.limits } } : {}),
      ...(allowedExceedance > 0 ? { allowedExceedance } : {}),
      items: units.map((unit) => ({
        id: unit.map((a) => assets[a]!.id).join('+'),
        demand: sumDemand(unit.map((a) => matrix.assets[a]!.demand)),
        ...(dims ? { allocation: sumAllocation(unit.map((a) => dims.pick(allocations[a]!))) } : {}),
        ...(placement
          ? {}
          : {
              labels: {
                environment: assets[unit[0]!]!.business.environment,
                antiAffinityGroup: assets[unit[0]!]!.business.antiAffinityGroup,
                drGroup: assets[unit[0]!]!.business.drGroup,
              },
            }),
      })),
    };
    context.onPhase?.(`packing ${problem.items.length} servers (${options.strategy})`);
    const started = context.clock();
    const result = planPlacement(problem, {
      strategy: options.strategy,
      seed: options.seed,
      clock: context.clock,
      timeBudgetMs: options.timeBudgetMs,
      ...(placement ? { rules: placement.hard, soft: placement.soft } : {}),
      ...(context.onPacking ? { onProgress: context.onPacking } : {}),
    });
    const elapsedMs = context.clock() - started;
    const clusters =
      options.clusterSize === undefined
        ? undefined
        : clustersOf(result, options.clusterSize, placement);
    return { placement, units, problem, result, elapsedMs, clusters };
  };
  let packed = pack();
  for (let round = 0; round < MAX_CLUSTER_REPLANS && packed.placement; round++) {
    const split = new Set((packed.clusters?.split ?? []).flat());
    const hostOfUnit = new Map<number, number>();
    packed.result.hosts.forEach((items, h) => items.forEach((u) => hostOfUnit.set(u, h)));
    const unitOf = new Map<number, number>();
    packed.units.forEach((unit, u) => unit.forEach((a) => unitOf.set(a, u)));
    const before = onOneHost.size;
    packed.placement.clusterGroups.forEach((group, g) => {
      if (group.some((a) => split.has(hostOfUnit.get(unitOf.get(a) ?? -1) ?? -1))) onOneHost.add(g);
    });
    if (onOneHost.size === before) break;
    context.onPhase?.(
      `planning again with ${onOneHost.size} cluster-scope affinity group(s) on one host each`,
    );
    packed = pack();
  }
  const { placement, units, problem, elapsedMs } = packed;
  let { result, clusters } = packed;
  let failover: DocumentParts['failover'];
  if (options.failover > 0) {
    context.onPhase?.(`proving N+${options.failover} failover`);
    const rules = combineRules(rulesFromLabels(problem.items), placement?.hard ?? NO_RULES);
    const proven = planFailover(problem, result.hosts, {
      k: options.failover,
      rules,
      ...(clusters ? { clusters: clusters.members } : {}),
    });
    const added = proven.hosts.length - result.hosts.length;
    result = {
      ...result,
      hosts: proven.hosts,
      penalties: [...result.penalties, ...Array.from({ length: Math.max(0, added) }, () => 0)],
      lowerBound: {
        ...result.lowerBound,
        hosts: failoverLowerBound(result.lowerBound.hosts, options.failover, options.clusterSize),
      },
    };
    if (clusters && proven.clusters) {
      const size = clusters.size;
      const over = proven.clusters.filter((c) => c.length > size).length;
      clusters = {
        ...clusters,
        members: proven.clusters,
        problems:
          over > 0
            ? [
                ...clusters.problems,
                `${over} cluster(s) hold more than ${size} hosts with the hosts added for failover`,
              ]
            : clusters.problems,
      };
    }
    failover = { plan: proven.failover, firstSpare: proven.hosts.length - added };
  }
  let peakBasedHosts: number | undefined;
  if (options.compareWithPeak && !scope?.quick) {
    peakBasedHosts =
      options.strategy === 'peak-ffd'
        ? result.hosts.length
        : planPlacement(problem, {
            strategy: 'peak-ffd',
            seed: options.seed,
            ...(placement ? { rules: placement.hard } : {}),
          }).hosts.length;
  }
  let rules: DocumentParts['rules'];
  if (constraints && placement && scope?.quick) {
    rules = {
      ruleSet: constraints.ruleSet,
      hostsWithoutRules: result.hosts.length,
      extraHosts: 0,
      softPenalty: result.penalties.reduce((a, b) => a + b, 0),
      blocked: placement.blocked.size,
      blockedReasons: [...placement.blocked].map(([a, reasons]) => ({
        asset: assets[a]!.id,
        reasons: [...reasons],
      })),
    };
  } else if (constraints && placement) {
    context.onPhase?.('planning the same servers without rules, to cost the rules');
    const free: PlacementProblem = {
      ...problem,
      items: units.flat().map((a) => ({
        id: assets[a]!.id,
        demand: matrix.assets[a]!.demand,
        ...(dims ? { allocation: dims.pick(allocations[a]!) } : {}),
      })),
    };
    const hostsWithoutRules = planPlacement(free, {
      strategy: options.strategy,
      seed: options.seed,
      clock: context.clock,
      timeBudgetMs: options.timeBudgetMs,
    }).hosts.length;
    rules = {
      ruleSet: constraints.ruleSet,
      hostsWithoutRules,
      extraHosts: result.hosts.length - hostsWithoutRules,
      softPenalty: result.penalties.reduce((a, b) => a + b, 0),
      blocked: placement.blocked.size,
      blockedReasons: [...placement.blocked].map(([a, reasons]) => ({
        asset: assets[a]!.id,
        reasons: [...reasons],
      })),
    };
  }
  const bySeries = new Map<string, MetricSeries>();
  for (const s of estate.series) bySeries.set(`${s.metric}\u0000${s.assetId}`, s);
  const plan = toPlanDocument({
    matrix,
    seriesOf: (assetId, resource) => bySeries.get(`${resource}\u0000${assetId}`),
    problem,
    result,
    target,
    options,
    source,
    cpu,
    allocations,
    units,
    allowedExceedance,
    ...(failover ? { failover } : {}),
    elapsedMs,
    peakBasedHosts,
    generatedAt: context.now(),
    members: (item) => units[item]!.map((a) => assets[a]!.id),
    ...(rules ? { rules } : {}),
    ...(clusters ? { clusters } : {}),
  });
  return { plan: withBaseline(plan, estate), matrix, problem, result };
}

/**
 * What part of an estate a plan covers (a mixed fleet plans each model's share alone):
 * the assets by id, on a demand matrix already built for the whole estate and this
 * target (so every share has the same time grid). `quick` skips the peak-based and
 * rules-free comparison plans (for trial partitions whose figures are not reported).
 */
export interface PlanScope {
  readonly assetIds?: ReadonlySet<string>;
  readonly matrix?: DemandMatrix;
  readonly quick?: boolean;
}

/**
 * The target the options alone describe. Callers that may lack a host model resolve it
 * first with `resolvePlanTarget` (or call `planArtifacts`), which answers with a problem.
 */
function targetOf(options: PlanOptions): PlanTarget {
  const outcome = resolvePlanTarget(options);
  if (!outcome.ok) throw new Error(`planEstate: ${outcome.problem.message}`);
  return outcome.target;
}

/** Start of the measured period in ms since the epoch (undefined with no series). */
export function periodStartMs(estate: Estate): number | undefined {
  let first = Infinity;
  for (const s of estate.series)
    if (s.values.length > 0) first = Math.min(first, s.start * s.stepSeconds);
  return Number.isFinite(first) ? first * 1000 : undefined;
}

/** How many times a plan is made again to keep cluster-scope affinity groups in one cluster. */
const MAX_CLUSTER_REPLANS = 3;

/**
 * Groups the plan's hosts into clusters of `size`, honouring the cluster-scope rules and
 * keeping each cluster-scope affinity group in one cluster.
 */
function clustersOf(
  result: PlacementResult,
  size: number,
  placement: ReturnType<typeof constrainedUnits> | undefined,
) {
  let assignment;
  if (!placement) {
    assignment = assignClusters(result.hosts, size, NO_RULES);
  } else {
    const unitOf = new Map<number, number>();
    placement.units.forEach((unit, u) => unit.forEach((a) => unitOf.set(a, u)));
    const together = placement.clusterGroups.map((group) =>
      group.flatMap((a) => (unitOf.has(a) ? [unitOf.get(a)!] : [])),
    );
    assignment = assignClusters(result.hosts, size, placement.clusterRules, together);
  }
  return {
    size,
    members: assignment.clusters,
    problems: assignment.problems,
    split: assignment.split,
  };
}

/**
 * Builds placement units of the placeable servers; with cluster-scope affinity, the
 * groups are not merged into units (but those in `onOneHost`) and are kept for
 * clustering, and the cluster-scope rules are lifted to the same units.
 */
function constrainedUnits(
  compiled: ReturnType<PlanConstraints['compile']>,
  assets: readonly Asset[],
  onOneHost: ReadonlySet<number>,
) {
  const atCluster = compiled.affinityScope === 'cluster';
  const hostLevel = atCluster
    ? { ...compiled, affinityGroups: compiled.affinityGroups.filter((_, g) => onOneHost.has(g)) }
    : compiled;
  const blocked = new Map<number, readonly string[]>(compiled.blocked);
  let units = placementUnits(hostLevel, assets.length, (a) => !blocked.has(a));
  if (units.infeasible.size > 0) {
    for (const [a, reason] of units.infeasible) blocked.set(a, [reason]);
    units = placementUnits(hostLevel, assets.length, (a) => !blocked.has(a));
  }
  const clusterRules = placementUnits(
    { ...hostLevel, hard: compiled.cluster ?? NO_RULES, soft: [] },
    assets.length,
    (a) => !blocked.has(a),
  ).hard;
  const clusterGroups = atCluster ? compiled.affinityGroups : [];
  return { ...units, blocked, clusterRules, clusterGroups };
}
