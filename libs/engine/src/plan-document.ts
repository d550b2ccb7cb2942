import type { HostModel, ResourceName } from '@vplan/domain';
import type { DemandMatrix } from '@vplan/workload';
import type { PlacementProblem, PlacementResult } from '@vplan/placement';
import type { PlanDocument } from '@vplan/formats';
import { PLAN_SCHEMA_VERSION } from '@vplan/formats';
import type { PlanOptions } from './plan-options';
import { headroomOf } from './plan-options';

export interface PlanSource {
  /** What was read (path or scenario name). */
  readonly source: string;
  readonly format: string;
}

/** Everything `toPlanDocument` reads. */
export interface DocumentParts {
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
  /** Hosts grouped into clusters (host indices per cluster), with what could not be honoured. */
  readonly clusters?: {
    readonly size: number;
    readonly members: readonly (readonly number[])[];
    readonly problems: readonly string[];
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
  const clusterOf = new Map<number, string>();
  parts.clusters?.members.forEach((members, c) => {
    for (const h of members) clusterOf.set(h, `cluster-${String(c + 1).padStart(2, '0')}`);
  });
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
      ...(clusterOf.has(h) ? { cluster: clusterOf.get(h)! } : {}),
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
      ...(parts.clusters
        ? {
            clusters: {
              size: parts.clusters.size,
              count: parts.clusters.members.length,
              problems: [...parts.clusters.problems],
            },
          }
        : {}),
    },
  };
}
