import type { Asset } from '@vplan/domain';
import type { PlanCpuRating, PlanOptions, PlanSizing } from '@vplan/formats';
import { growthFactor } from '@vplan/formats';
import type { CpuRating } from '@vplan/workload';
import { cpuNormalization, cpuRatingOf, cpuRatingTable } from '@vplan/workload';
import type { PlanTarget } from './plan-target';

/** How one asset's CPU demand is turned into target MHz-equivalent. */
export interface AssetCpu {
  /** normalization × growth. */
  readonly factor: number;
  readonly rating?: CpuRating;
}

/** CPU normalization and growth of one plan: a factor per asset, and what the plan says of it. */
export interface CpuSizing {
  readonly growth: number;
  readonly target?: CpuRating;
  readonly of: (asset: Asset) => AssetCpu;
  /** The `sizing.cpu` section of plan.json, for the assets given. */
  readonly section: (assets: readonly Asset[]) => PlanSizing['cpu'];
}

/**
 * The plan's CPU sizing: source MHz × (source rating per GHz) / (target rating per GHz),
 * times the growth factor. Unknown source or target models stay 1:1 in MHz and are
 * counted in the plan's warnings.
 */
export function cpuSizing(options: PlanOptions, target: PlanTarget): CpuSizing {
  const table = cpuRatingTable(options.cpuRatings);
  const growth = growthFactor(options.growth);
  const targetRating = cpuRatingOf(
    {
      ...(target.cpuModel !== undefined ? { cpuModel: target.cpuModel } : {}),
      ...(target.cpuRating !== undefined ? { cpuRating: target.cpuRating } : {}),
      ...(target.model.capacity.cpu !== undefined ? { cpuMhz: target.model.capacity.cpu } : {}),
      ...(target.cores !== undefined ? { cores: target.cores } : {}),
    },
    table,
  );
  const cache = new Map<Asset, AssetCpu>();
  const of = (asset: Asset): AssetCpu => {
    let cpu = cache.get(asset);
    if (cpu) return cpu;
    const rating = cpuRatingOf(asset.capacity, table);
    const normalization = cpuNormalization(rating, targetRating);
    cpu = { factor: normalization.factor * growth, ...(rating ? { rating } : {}) };
    cache.set(asset, cpu);
    return cpu;
  };
  const section = (assets: readonly Asset[]): PlanSizing['cpu'] => {
    let normalized = 0;
    const sources = new Map<string, PlanCpuRating & { assets: number }>();
    for (const asset of assets) {
      const { rating } = of(asset);
      if (!rating || !targetRating) continue;
      normalized++;
      const key = `${rating.source}:${rating.model}:${rating.perGHz}`;
      const entry = sources.get(key);
      if (entry) entry.assets++;
      else sources.set(key, { ...ratingOf(rating), assets: 1 });
    }
    return {
      table: {
        version: table.version,
        source: `${table.source.dataset}/${table.source.file}, ${table.source.rows} CINT2017rate base results (${table.source.generatedBy}); ${table.source.note}`,
      },
      ...(targetRating ? { target: ratingOf(targetRating) } : {}),
      normalized,
      unrated: assets.length - normalized,
      sources: [...sources.values()].sort(
        (a, b) => b.assets - a.assets || a.model.localeCompare(b.model),
      ),
    };
  };
  return { growth, ...(targetRating ? { target: targetRating } : {}), of, section };
}

/** A rating as plan.json writes it (rounded). */
export function ratingOf(rating: CpuRating): PlanCpuRating {
  return {
    model: rating.model,
    perCore: round(rating.perCore, 3),
    mhz: round(rating.mhz, 1),
    perGHz: round(rating.perGHz, 4),
    source: rating.source,
  };
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));
