import type { ResourceName } from '@vplan/domain';
import type { PlanAsset, PlanSizing, PlanSummary } from '@vplan/formats';
import type { DemandMatrix } from '@vplan/workload';
import { confidenceLabel, estateConfidence, percentileInPlace } from '@vplan/workload';
import { ratingOf } from './cpu-sizing';
import type { DocumentParts } from './plan-document';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** The `sizing` section: the policy in force, with the limits the packer enforced. */
export function planSizing(parts: DocumentParts): PlanSizing {
  const { options, target, matrix } = parts;
  const headroom: Partial<Record<ResourceName, number>> = {};
  for (const r of options.resources) headroom[r] = target.model.headroom?.[r] ?? 0;
  const { vcpuPerCore, memoryOvercommit, maxVms, vcpus, memoryGiB, vms } = target.allocation;
  return {
    profile: options.profile,
    percentile: options.percentile,
    allowedExceedanceSlots: parts.allowedExceedance,
    gaps: options.gaps,
    minCoverage: options.minCoverage,
    unmeasuredUtilization: options.unmeasuredUtilization,
    headroom,
    allocation: {
      ...(vcpuPerCore !== undefined ? { vcpuPerCore } : {}),
      ...(memoryOvercommit !== undefined ? { memoryOvercommit } : {}),
      ...(maxVms !== undefined ? { maxVms } : {}),
      limits: {
        ...(vcpus !== undefined ? { vcpus } : {}),
        ...(memoryGiB !== undefined ? { memoryGiB } : {}),
        ...(vms !== undefined ? { vms } : {}),
      },
    },
    failover: { k: options.failover },
    ...(options.growth
      ? { growth: { ...options.growth, factor: round(parts.cpu.growth, 6) } }
      : {}),
    cpu: parts.cpu.section(matrix.assets.map((a) => a.asset)),
  };
}

/** One entry per sized asset: basis, allocation, peak and percentile demand, CPU factor, coverage. */
export function planAssets(parts: DocumentParts, hostOf: ReadonlyMap<number, string>): PlanAsset[] {
  const { matrix, options } = parts;
  const resources = matrix.resources;
  const scratch = new Float64Array(matrix.grid.slots);
  return matrix.assets.map((demand, a) => {
    const peak: Partial<Record<ResourceName, number>> = {};
    const percentileValue: Partial<Record<ResourceName, number>> = {};
    const coverage: Partial<Record<ResourceName, number>> = {};
    resources.forEach((r, k) => {
      const values = demand.demand[k]!;
      let max = 0;
      for (const v of values) if (v > max) max = v;
      const digits = r === 'memory' ? 3 : 2;
      peak[r] = round(max, digits);
      if (options.percentile >= 100 || options.profile === 'weekly')
        percentileValue[r] = round(max, digits);
      else {
        scratch.set(values);
        percentileValue[r] = round(
          percentileInPlace(scratch.subarray(0, values.length), options.percentile),
          digits,
        );
      }
      coverage[r] = round(demand.coverage[r] ?? 0);
    });
    const basis =
      demand.assumed.length === 0
        ? 'measured'
        : demand.assumed.length === resources.length
          ? 'assumed'
          : 'mixed';
    const allocation = parts.allocations[a]!;
    const cpu = parts.cpu.of(demand.asset);
    const host = hostOf.get(a);
    return {
      id: demand.asset.id,
      ...(host !== undefined ? { host } : {}),
      basis,
      allocation: { vcpus: round(allocation.vcpus, 2), memoryGiB: round(allocation.memoryGiB, 3) },
      ...(allocation.assumed.length > 0 ? { allocationAssumed: [...allocation.assumed] } : {}),
      peak,
      percentileValue,
      cpuFactor: round(cpu.factor, 6),
      ...(cpu.rating && parts.cpu.target ? { cpuRating: ratingOf(cpu.rating) } : {}),
      coverage,
      confidence: round(demand.confidence),
      lowCoverage: demand.lowCoverage,
    };
  });
}

/** Coverage figures of the summary. */
export function summaryCoverage(
  matrix: DemandMatrix,
): Pick<PlanSummary, 'assumed' | 'lowCoverage' | 'confidence' | 'confidenceRating'> {
  const confidence = round(estateConfidence(matrix));
  return {
    assumed: matrix.assets.filter((a) => a.assumed.length > 0).length,
    lowCoverage: matrix.assets.filter((a) => a.lowCoverage).length,
    confidence,
    confidenceRating: confidenceLabel(confidence),
  };
}

/**
 * Everything a planner must know before signing, one sentence each: no reserve,
 * assumed sizes, low coverage, filled gaps, unrated CPUs, assumed allocation, growth,
 * overrides of the target model, the percentile's risk.
 */
export function planWarnings(parts: DocumentParts, sizing: PlanSizing): string[] {
  const { matrix, options, target } = parts;
  const out: string[] = [];
  const headroom = Object.values(sizing.headroom).some((h) => (h ?? 0) > 0);
  if (!headroom && options.failover === 0) {
    out.push(
      'no reserve: no headroom and no failover, so hosts may run at 100 % of capacity and a host failure leaves its VMs nowhere to go',
    );
  } else if (options.failover === 0) {
    out.push(
      'no failover reserve: the loss of a host leaves its VMs nowhere to go (plan with failover ≥ 1)',
    );
  }
  const assumed = matrix.assets.filter((a) => a.assumed.length > 0).length;
  if (assumed > 0) {
    out.push(
      `${assumed} asset(s) have no measured usage of some resource and are sized at allocation × ${Math.round(options.unmeasuredUtilization * 100)} %`,
    );
  }
  const low = matrix.assets.filter((a) => a.lowCoverage).length;
  if (low > 0) {
    out.push(
      `${low} asset(s) were measured for less than ${Math.round(options.minCoverage * 100)} % of the planned period`,
    );
  }
  const filled = matrix.assets.reduce(
    (n, a) => n + Object.values(a.filled).reduce((m, v) => m + (v ?? 0), 0),
    0,
  );
  if (filled > 0) {
    out.push(
      options.gaps === 'zero'
        ? `${filled} unmeasured slot(s) inside the period count as zero demand (gaps: zero)`
        : `${filled} unmeasured slot(s) inside the period were filled (gaps: ${options.gaps})`,
    );
  }
  if (!parts.cpu.target) {
    out.push('CPU compared 1:1 in MHz: the target model names no rated CPU model');
  } else if (sizing.cpu.unrated > 0) {
    out.push(`${sizing.cpu.unrated} asset(s) have no rated CPU model and are compared 1:1 in MHz`);
  }
  const allocated = parts.allocations.filter((a) => a.assumed.length > 0).length;
  if (allocated > 0 && Object.keys(sizing.allocation.limits).length > 0) {
    out.push(
      `${allocated} asset(s) have no vCPU or configured memory in the data: derived from measured peaks`,
    );
  }
  if (sizing.growth) {
    out.push(
      `demand grown ×${sizing.growth.factor.toFixed(3)} (${Math.round(sizing.growth.ratePerYear * 100)} %/year over ${sizing.growth.horizonMonths} months)`,
    );
  }
  for (const o of target.overrides) out.push(`options override the target model: ${o}`);
  if (parts.allowedExceedance > 0) {
    out.push(
      `percentile ${options.percentile}: a host may be above usable capacity in up to ${parts.allowedExceedance} of ${matrix.grid.slots} slots`,
    );
  }
  if (options.profile === 'weekly') {
    out.push(`sized on a weekly profile at percentile ${options.percentile} per hour of the week`);
  }
  return out;
}
