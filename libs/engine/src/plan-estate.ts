import type { Estate, HostModel, ResourceName } from '@vplan/domain';
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

/** The host model the options describe. */
export function hostModelOf(options: PlanOptions): HostModel {
  const capacity: Partial<Record<ResourceName, number>> = { cpu: options.hostCpuMhz };
  if (options.hostMemoryGiB !== undefined) capacity.memory = options.hostMemoryGiB;
  const headroom: Partial<Record<ResourceName, number>> = {};
  for (const r of options.resources) headroom[r] = options.headroom;
  return { name: options.hostModelName, capacity, headroom };
}

/**
 * The whole analysis of one estate: demand on a common grid, the placement problem, the
 * packing (and a peak-based baseline for comparison), and the plan document.
 */
export function planEstate(
  estate: Estate,
  options: PlanOptions,
  source: PlanSource,
  context: EngineContext,
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
  const problem: PlacementProblem = {
    resources: options.resources,
    slots: matrix.grid.slots,
    usable: options.resources.map((r) => usableCapacity(model, r)),
    items: matrix.assets.map(({ asset, demand }) => ({
      id: asset.id,
      demand,
      labels: {
        environment: asset.business.environment,
        antiAffinityGroup: asset.business.antiAffinityGroup,
        drGroup: asset.business.drGroup,
      },
    })),
  };
  context.onPhase?.(`packing ${problem.items.length} servers (${options.strategy})`);
  const started = context.clock();
  const result = planPlacement(problem, {
    strategy: options.strategy,
    seed: options.seed,
    clock: context.clock,
    timeBudgetMs: options.timeBudgetMs,
    ...(context.onPacking ? { onProgress: context.onPacking } : {}),
  });
  const elapsedMs = context.clock() - started;
  let peakBasedHosts: number | undefined;
  if (options.compareWithPeak) {
    peakBasedHosts =
      options.strategy === 'peak-ffd'
        ? result.hosts.length
        : planPlacement(problem, { strategy: 'peak-ffd', seed: options.seed }).hosts.length;
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
  });
  return { plan, matrix, problem, result };
}

interface DocumentParts {
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
      assets: items.map((i) => problem.items[i]!.id),
      peak: perResource(
        resources,
        peak.map((v) => round(v, 2)),
      ),
      peakUtilization: perResource(
        resources,
        peak.map((v, r) => round(v / usable[r]!)),
      ),
      meanUtilization: perResource(
        resources,
        mean.map((v, r) => round(v / usable[r]!)),
      ),
    };
  });
  const unplaced = [
    ...result.unplaced.map(({ item, reasons }) => ({
      asset: problem.items[item]!.id,
      reasons: [...reasons],
    })),
    ...matrix.unsized.map(({ asset, reason }) => ({ asset: asset.id, reasons: [reason] })),
  ];
  const placed = result.hosts.reduce((s, items) => s + items.length, 0);
  const headroom = perResource(
    resources,
    resources.map(() => options.headroom),
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
      assets: problem.items.length + matrix.unsized.length,
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
    },
  };
}
