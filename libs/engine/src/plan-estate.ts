import type { Asset, Estate, HostModel, ResourceName } from '@vplan/domain';
import type { CompiledAssetRules } from './placement-units';
import { placementUnits } from './placement-units';
import { usableCapacity } from '@vplan/domain';
import type { DemandMatrix } from '@vplan/workload';
import { buildDemandMatrix } from '@vplan/workload';
import type { PlacementProblem, PlacementProgress, PlacementResult } from '@vplan/placement';
import { planPlacement } from '@vplan/placement';
import type { PlanDocument } from '@vplan/formats';
import { PLAN_SCHEMA_VERSION } from '@vplan/formats';
import type { PlanOptions } from './plan-options';

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

export interface PlanSource {
  /** What was read (path or scenario name). */
  readonly source: string;
  readonly format: string;
}

/** The headroom the options give a resource (0 when a per-resource map leaves it out). */
export function headroomOf(options: PlanOptions, resource: ResourceName): number {
  const { headroom } = options;
  if (typeof headroom === 'number') return headroom;
  return resource === 'cpu' || resource === 'memory' ? (headroom[resource] ?? 0) : 0;
}

/** The host model the options describe. */
export function hostModelOf(options: PlanOptions): HostModel {
  const capacity: Partial<Record<ResourceName, number>> = { cpu: options.hostCpuMhz };
  if (options.hostMemoryGiB !== undefined) capacity.memory = options.hostMemoryGiB;
  const headroom: Partial<Record<ResourceName, number>> = {};
  for (const r of options.resources) headroom[r] = headroomOf(options, r);
  return { name: options.hostModelName, capacity, headroom };
}

/** Constraint rules to plan with: a rule set, compiled by the caller's rules engine. */
export interface PlanConstraints {
  /** The rule set file, for the plan's summary. */
  readonly ruleSet: string;
  /**
   * Compiles the rules for the given assets (indices into `assets`): hard and soft rules,
   * affinity groups, and why blocked assets cannot be placed (candidate and fit rules).
   */
  readonly compile: (assets: readonly Asset[]) => CompiledAssetRules & {
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
): EstatePlan {
  if (options.resources.includes('memory') && options.hostMemoryGiB === undefined) {
    throw new Error(
      'host memory is required when memory is planned (give --host-memory-gb or plan --resources cpu)',
    );
  }
  const model = hostModelOf(options);
  context.onPhase?.('aligning workloads');
  const matrix = buildDemandMatrix(estate, {
    resources: options.resources,
    percentile: options.percentile,
  });
  const usable = options.resources.map((r) => usableCapacity(model, r));
  const assets = matrix.assets.map((a) => a.asset);
  const placement = constraints ? constrainedUnits(constraints, assets) : undefined;
  const units = placement?.units ?? assets.map((_, i) => [i]);
  const problem: PlacementProblem = {
    resources: options.resources,
    slots: matrix.grid.slots,
    usable,
    items: units.map((unit) => ({
      id: unit.map((a) => assets[a]!.id).join('+'),
      demand: sumDemand(unit.map((a) => matrix.assets[a]!.demand)),
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
  let peakBasedHosts: number | undefined;
  if (options.compareWithPeak) {
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
  if (constraints && placement) {
    context.onPhase?.('planning the same servers without rules, to cost the rules');
    const free: PlacementProblem = {
      ...problem,
      items: units.flat().map((a) => ({ id: assets[a]!.id, demand: matrix.assets[a]!.demand })),
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
  const plan = toPlanDocument({
    matrix,
    problem,
    result,
    model,
    options,
    source,
    elapsedMs,
    peakBasedHosts,
    generatedAt: context.now(),
    members: (item) => units[item]!.map((a) => assets[a]!.id),
    ...(rules ? { rules } : {}),
  });
  return { plan, matrix, problem, result };
}

/** Compiles the constraints and builds placement units of the placeable servers. */
function constrainedUnits(constraints: PlanConstraints, assets: readonly Asset[]) {
  const compiled = constraints.compile(assets);
  const blocked = new Map<number, readonly string[]>(compiled.blocked);
  let units = placementUnits(compiled, assets.length, (a) => !blocked.has(a));
  if (units.infeasible.size > 0) {
    for (const [a, reason] of units.infeasible) blocked.set(a, [reason]);
    units = placementUnits(compiled, assets.length, (a) => !blocked.has(a));
  }
  return { ...units, blocked };
}

/** Element-wise sum of the members' demand arrays (a unit of one keeps its arrays). */
function sumDemand(members: readonly (readonly Float32Array[])[]): Float32Array[] {
  if (members.length === 1) return [...members[0]!];
  return members[0]!.map((_, r) => {
    const out = new Float32Array(members[0]![r]!.length);
    for (const m of members) {
      const d = m[r]!;
      for (let t = 0; t < out.length; t++) out[t] = out[t]! + d[t]!;
    }
    return out;
  });
}

interface DocumentParts {
  /** Asset ids of a placement item (several for an affinity group). */
  readonly members: (item: number) => readonly string[];
  readonly rules?: {
    readonly ruleSet: string;
    readonly hostsWithoutRules: number;
    readonly extraHosts: number;
    readonly softPenalty: number;
    readonly blocked: number;
    readonly blockedReasons: readonly {
      readonly asset: string;
      readonly reasons: readonly string[];
    }[];
  };
  readonly matrix: DemandMatrix;
  readonly problem: PlacementProblem;
  readonly result: PlacementResult;
  readonly model: HostModel;
  readonly options: PlanOptions;
  readonly source: PlanSource;
  readonly elapsedMs: number;
  readonly peakBasedHosts: number | undefined;
  readonly generatedAt: string;
}

function perResource(
  resources: readonly ResourceName[],
  values: readonly number[],
): Partial<Record<ResourceName, number>> {
  const out: Partial<Record<ResourceName, number>> = {};
  resources.forEach((r, k) => {
    out[r] = values[k] as number;
  });
  return out;
}

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** Builds `plan.json` from a placement. */
export function toPlanDocument(parts: DocumentParts): PlanDocument {
  const { matrix, problem, result, model, options, source } = parts;
  const { resources, slots, usable } = problem;
  const hosts = result.hosts.map((items, h) => {
    const peak: number[] = [];
    const mean: number[] = [];
    resources.forEach((_, r) => {
      let max = 0;
      let sum = 0;
      for (let t = 0; t < slots; t++) {
        let s = 0;
        for (const i of items) s += problem.items[i]!.demand[r]![t]!;
        sum += s;
        if (s > max) max = s;
      }
      peak.push(max);
      mean.push(sum / slots);
    });
    return {
      id: `host-${String(h + 1).padStart(3, '0')}`,
      assets: items.flatMap((i) => parts.members(i)),
      peak: perResource(
        resources,
        peak.map((v) => round(v, 2)),
      ),
      peakUtilization: perResource(
        resources,
        peak.map((v, r) => round(v / usable[r]!)),
      ),
      ...(parts.rules ? { penalty: result.penalties[h] ?? 0 } : {}),
      meanUtilization: perResource(
        resources,
        mean.map((v, r) => round(v / usable[r]!)),
      ),
    };
  });
  const unplaced = [
    ...result.unplaced.flatMap(({ item, reasons }) =>
      parts.members(item).map((asset) => ({ asset, reasons: [...reasons] })),
    ),
    ...(parts.rules?.blockedReasons ?? []).map(({ asset, reasons }) => ({
      asset,
      reasons: [...reasons],
    })),
    ...matrix.unsized.map(({ asset, reason }) => ({ asset: asset.id, reasons: [reason] })),
  ];
  const placed = result.hosts.reduce(
    (s, items) => s + items.reduce((n, i) => n + parts.members(i).length, 0),
    0,
  );
  const headroom = perResource(
    resources,
    resources.map((r) => headroomOf(options, r)),
  );
  const capacity = perResource(
    resources,
    resources.map((r) => model.capacity[r]!),
  );
  const startSeconds = matrix.grid.origin * matrix.grid.stepSeconds;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generatedAt: parts.generatedAt,
    input: {
      source: source.source,
      format: source.format,
      resources: [...resources],
      percentile: options.percentile,
      stepSeconds: matrix.grid.stepSeconds,
      slots,
      start: new Date(startSeconds * 1000).toISOString(),
    },
    hostModel: {
      name: model.name,
      capacity,
      headroom,
      usable: perResource(resources, [...usable]),
    },
    hosts,
    unplaced,
    summary: {
      assets: matrix.assets.length + matrix.unsized.length,
      placed,
      hosts: hosts.length,
      lowerBound: result.lowerBound.hosts,
      gap: hosts.length - result.lowerBound.hosts,
      limitingResource: result.lowerBound.limitingResource,
      lowerBoundBasis: result.lowerBound.setBy,
      strategy: result.strategy,
      seed: result.seed,
      consolidationRatio: hosts.length === 0 ? 0 : round(placed / hosts.length, 2),
      ...(parts.peakBasedHosts !== undefined ? { peakBasedHosts: parts.peakBasedHosts } : {}),
      stoppedBy: result.stoppedBy,
      elapsedMs: Math.round(parts.elapsedMs),
      ...(parts.rules
        ? {
            rules: {
              ruleSet: parts.rules.ruleSet,
              hostsWithoutRules: parts.rules.hostsWithoutRules,
              extraHosts: parts.rules.extraHosts,
              softPenalty: parts.rules.softPenalty,
              blocked: parts.rules.blocked,
            },
          }
        : {}),
    },
  };
}
