import type { Estate } from '@vplan/domain';
import type { PlanDocument, PlanOptions } from '@vplan/formats';
import type { DemandMatrix } from '@vplan/workload';
import { buildDemandMatrix } from '@vplan/workload';
import { cpuSizing } from './cpu-sizing';
import type { EngineContext } from './plan-estate';
import type { PlanTarget } from './plan-target';
import { planToday } from './today-baseline';

// The estate's demand for planEstate: one grid, in id order, shares of it, units summed,
// and today's estate added to the plan.

/** The plan with today's estate (`today`, `skipped`) when the inventory described it. */
export function withBaseline(plan: PlanDocument, estate: Estate): PlanDocument {
  const { baseline } = estate;
  if (!baseline) return plan;
  const skippedCount = baseline.skipped.length;
  const warnings = [
    ...(plan.summary.warnings ?? []),
    ...(skippedCount > 0
      ? [
          `${skippedCount} inventory VM(s) not planned (powered off, templates, duplicates): listed in skipped`,
        ]
      : []),
    ...baseline.notes.map((note) => `inventory: ${note}`),
  ];
  return {
    ...plan,
    summary: { ...plan.summary, warnings },
    today: planToday(baseline),
    skipped: baseline.skipped.map((s) => ({
      asset: s.asset,
      reason: s.reason,
      ...(s.where !== undefined ? { where: s.where } : {}),
    })),
  };
}

/** The estate's demand on one grid, sized for `target` (CPU normalized to its rating). */
export function estateMatrix(
  estate: Estate,
  options: PlanOptions,
  target: PlanTarget,
  context?: Pick<EngineContext, 'onPhase'>,
): DemandMatrix {
  context?.onPhase?.('aligning workloads');
  const cpu = cpuSizing(options, target);
  return buildDemandMatrix(canonicalOrder(estate), {
    resources: options.resources,
    percentile: options.percentile,
    sizing: options.profile,
    gaps: options.gaps,
    minCoverage: options.minCoverage,
    unmeasuredUtilization: options.unmeasuredUtilization,
    scale: (asset, resource) => (resource === 'cpu' ? cpu.of(asset).factor : cpu.growth),
  });
}

/** The matrix restricted to some assets (same grid; `measured` kept for the whole estate). */
export function subMatrix(matrix: DemandMatrix, ids: ReadonlySet<string>): DemandMatrix {
  return {
    ...matrix,
    assets: matrix.assets.filter((a) => ids.has(a.asset.id)),
    unsized: matrix.unsized.filter((u) => ids.has(u.asset.id)),
  };
}

/** Element-wise sum of the members' allocation. */
export function sumAllocation(members: readonly number[][]): number[] {
  const out = members[0]!.map(() => 0);
  for (const m of members) m.forEach((v, d) => (out[d] = out[d]! + v));
  return out;
}

/**
 * The estate with its assets in id order, so that a plan never depends on the order in
 * which files or pages delivered them (the CLI and the service read in different orders).
 */
export function canonicalOrder(estate: Estate): Estate {
  const assets = [...estate.assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { assets, series: estate.series };
}

/** Element-wise sum of the members' demand arrays (a unit of one keeps its arrays). */
export function sumDemand(members: readonly (readonly Float32Array[])[]): Float32Array[] {
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
