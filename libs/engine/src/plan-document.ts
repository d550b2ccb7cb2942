import type { ResourceName } from '@vplan/domain';
import type { DemandMatrix } from '@vplan/workload';
import type { PlacementProblem, PlacementResult } from '@vplan/placement';
import { measureExceedance, type Exceedance, type FailoverPlan } from '@vplan/placement';
import type { MetricSeries } from '@vplan/domain';
import { replayExceedance } from './replay-exceedance';
import type { PlanDocument, PlanOptions } from '@vplan/formats';
import { PLAN_SCHEMA_VERSION } from '@vplan/formats';
import { timeAxisOf } from '@vplan/report';
import type { PlanTarget } from './plan-target';
import type { CpuSizing } from './cpu-sizing';
import type { AssetAllocation } from './asset-allocation';
import { planAssets, planSizing, planWarnings, summaryCoverage } from './plan-sizing';
import { hostLabel as classOf } from './host-label';

export interface PlanSource {
  /** What was read (path or scenario name). */
  readonly source: string;
  readonly format: string;
  /** The scenario planned, when the plan came from one. */
  readonly scenario?: string;
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
  /** The measured series of an asset, for replaying the plan on what was measured. */
  readonly seriesOf: (assetId: string, resource: ResourceName) => MetricSeries | undefined;
  readonly problem: PlacementProblem;
  readonly result: PlacementResult;
  readonly target: PlanTarget;
  readonly options: PlanOptions;
  readonly cpu: CpuSizing;
  /** Allocation per asset (index of `matrix.assets`). */
  readonly allocations: readonly AssetAllocation[];
  /** Asset indices (of `matrix.assets`) per placement item. */
  readonly units: readonly (readonly number[])[];
  /** Slots a host may exceed usable capacity in. */
  readonly allowedExceedance: number;
  /** The failover proof; hosts from `firstSpare` on were added for it. */
  readonly failover?: { readonly plan: FailoverPlan; readonly firstSpare: number };
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

const exceedanceOf = (e: Exceedance) => ({
  slots: e.slots,
  share: round(e.share, 6),
  worstRatio: round(e.worstRatio),
});

/** Builds `plan.json` from a placement. */
export function toPlanDocument(parts: DocumentParts): PlanDocument {
  const { matrix, problem, result, target, options, source } = parts;
  const { model } = target;
  const { resources, slots, usable } = problem;
  const clusterOf = new Map<number, string>();
  parts.clusters?.members.forEach((members, c) => {
    for (const h of members) clusterOf.set(h, `cluster-${String(c + 1).padStart(2, '0')}`);
  });
  const hostLabel = (h: number): string => `host-${String(h + 1).padStart(3, '0')}`;
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
    const planned = measureExceedance(problem, items);
    const exceedance =
      options.profile === 'weekly'
        ? planned
        : replayExceedance(
            matrix,
            usable,
            items.flatMap((i) => parts.units[i]!),
            parts.seriesOf,
            (a, r) =>
              r === 'cpu' ? parts.cpu.of(matrix.assets[a]!.asset).factor : parts.cpu.growth,
          );
    const allocation = { vcpus: 0, memoryGiB: 0, vms: 0 };
    for (const i of items) {
      for (const a of parts.units[i]!) {
        allocation.vcpus += parts.allocations[a]!.vcpus;
        allocation.memoryGiB += parts.allocations[a]!.memoryGiB;
        allocation.vms++;
      }
    }
    const spare = parts.failover !== undefined && h >= parts.failover.firstSpare;
    const label = classOf(
      items.flatMap((i) => parts.units[i]!.map((a) => matrix.assets[a]!.asset)),
    );
    return {
      id: hostLabel(h),
      assets: items.flatMap((i) => parts.members(i)),
      ...(label !== undefined ? { label } : {}),
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
      allocation: {
        vcpus: round(allocation.vcpus, 2),
        memoryGiB: round(allocation.memoryGiB, 3),
        vms: allocation.vms,
      },
      exceedance: exceedanceOf(exceedance),
      plannedExceedance: exceedanceOf(planned),
      ...(spare
        ? {
            spare: true,
            note: `added so that the plan survives ${options.failover} host failure(s)`,
          }
        : {}),
    };
  });
  const startSeconds = matrix.grid.origin * matrix.grid.stepSeconds;
  const input = {
    source: source.source,
    format: source.format,
    ...(source.scenario !== undefined ? { scenario: source.scenario } : {}),
    resources: [...resources],
    percentile: options.percentile,
    stepSeconds: matrix.grid.stepSeconds,
    slots,
    start: new Date(startSeconds * 1000).toISOString(),
    timeZone: options.timeZone,
  };
  // The packer names a slot by its number; a reader needs its local time.
  const axis = timeAxisOf(input, {
    timeZone: options.timeZone,
    weekly: options.profile === 'weekly',
  });
  const atTime = (reason: string) =>
    reason.replace(/\bslot (\d+)\b/g, (whole, n: string) =>
      Number(n) < slots ? axis.slotLabel(Number(n)) : whole,
    );
  const unplaced = [
    ...result.unplaced.flatMap(({ item, reasons }) =>
      parts.members(item).map((asset) => ({ asset, reasons: reasons.map(atTime) })),
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
    resources.map((r) => model.headroom?.[r] ?? 0),
  );
  const capacity = perResource(
    resources,
    resources.map((r) => model.capacity[r]!),
  );
  const hostOfAsset = new Map<number, string>();
  result.hosts.forEach((items, h) =>
    items.forEach((i) => parts.units[i]!.forEach((a) => hostOfAsset.set(a, hostLabel(h)))),
  );
  const sizing = planSizing(parts);
  const coverage = summaryCoverage(matrix);
  const warnings = planWarnings(parts, sizing);
  const failover = parts.failover
    ? {
        k: parts.failover.plan.k,
        method: parts.failover.plan.method,
        addedHosts: parts.failover.plan.addedHosts,
        scenarios: parts.failover.plan.scenarios.map((s) => ({
          failed: s.failed.map(hostLabel),
          moves: s.moves.flatMap(({ item, to }) =>
            parts.members(item).map((asset) => ({ asset, to: hostLabel(to) })),
          ),
        })),
      }
    : undefined;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generatedAt: parts.generatedAt,
    input,
    hostModel: {
      name: model.name,
      capacity,
      headroom,
      usable: perResource(resources, [...usable]),
      ...(target.cores !== undefined ? { cores: target.cores } : {}),
      ...(target.cpuModel !== undefined ? { cpuModel: target.cpuModel } : {}),
    },
    sizing,
    hosts,
    unplaced,
    assets: planAssets(parts, hostOfAsset),
    ...(failover ? { failover } : {}),
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
      failover: options.failover,
      ...coverage,
      warnings,
    },
  };
}
