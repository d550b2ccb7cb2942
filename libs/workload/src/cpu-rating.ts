// CPU normalization: measured MHz on one processor generation are not MHz on another. A
// processor model's SPECrate2017_int_base per core, divided by its nominal GHz, says how
// much work one MHz of it does; the ratio of two such figures turns source MHz into
// target MHz-equivalent.
import ratings from './cpu-ratings.json';
import { normalizeCpuModel } from './cpu-model-name';

export { normalizeCpuModel } from './cpu-model-name';

/** A processor model's throughput per core and per GHz. */
export interface CpuRating {
  /** The normalized model name ({@link normalizeCpuModel}); `''` for an unnamed inventory rating. */
  readonly model: string;
  /** SPECrate2017_int_base per physical core (> 0). */
  readonly perCore: number;
  /** Clock the rating is taken at, MHz (> 0): the model's nominal clock, or the asset's. */
  readonly mhz: number;
  /** perCore ÷ (mhz / 1000): throughput of one GHz of this processor. */
  readonly perGHz: number;
  /** `table`: the committed SPEC-derived table; `override`: a scenario's; `inventory`: the record's own `cpu_rating`. */
  readonly source: 'table' | 'override' | 'inventory';
}

/** Where the committed table comes from (written by tools/cpu-ratings). */
export interface CpuRatingSource {
  /** Data set folder under ../shared/datasets. */
  readonly dataset: string;
  readonly file: string;
  /** CINT2017rate results the table was computed from. */
  readonly rows: number;
  readonly generatedBy: string;
  /** Fair-use note: the figures are derived from SPEC's published results, they are not SPEC results. */
  readonly note: string;
}

/** The committed JSON's shape: per normalized model `[perCore, mhz, results]`. */
export interface CpuRatingsData {
  readonly version: string;
  readonly source: CpuRatingSource;
  readonly metric: string;
  readonly models: Readonly<Record<string, readonly number[]>>;
}

/** Ratings by processor model. */
export interface CpuRatingTable {
  /** Version of the committed table (`cpu2017-<latest published month>/<algorithm>`). */
  readonly version: string;
  readonly source: CpuRatingSource;
  /** The rating of a model named any way {@link normalizeCpuModel} accepts; `undefined` when unknown. */
  lookup(model: string): CpuRating | undefined;
}

/** A scenario's rating of one model: per-core rating and, optionally, its nominal clock (MHz). */
export interface CpuRatingOverride {
  readonly perCore: number;
  readonly mhz?: number;
}

/** The committed table (libs/workload/src/cpu-ratings.json), SPECrate2017_int_base per core. */
export const CPU_RATINGS: CpuRatingTable = cpuRatingTableOf(ratings);

/**
 * The committed table with a scenario's overrides (model name → `{ perCore, mhz? }`) on
 * top. Names are normalized, so `Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz` overrides
 * `intel xeon gold 6248r`. An override without `mhz` takes the table's clock of that
 * model; for a model the table lacks it then needs `mhz`, else `lookup` finds nothing.
 * Throws a RangeError on a rating or clock that is not a positive number.
 */
export function cpuRatingTable(
  overrides: Readonly<Record<string, CpuRatingOverride>> = {},
): CpuRatingTable {
  return cpuRatingTableOf(ratings, overrides);
}

/** A table over any data of the committed JSON's shape, with overrides as {@link cpuRatingTable}. */
export function cpuRatingTableOf(
  data: CpuRatingsData,
  overrides: Readonly<Record<string, CpuRatingOverride>> = {},
): CpuRatingTable {
  const byModel = new Map<string, CpuRating>();
  for (const [model, entry] of Object.entries(data.models)) {
    const [perCore, mhz] = entry;
    if (perCore !== undefined && mhz !== undefined && perCore > 0 && mhz > 0) {
      byModel.set(model, makeRating(model, perCore, mhz, 'table'));
    }
  }
  for (const [name, override] of Object.entries(overrides)) {
    const model = normalizeCpuModel(name);
    const mhz = override.mhz ?? byModel.get(model)?.mhz;
    if (!(override.perCore > 0) || (override.mhz !== undefined && !(override.mhz > 0))) {
      throw new RangeError(`cpu rating override for "${name}" must be positive`);
    }
    if (mhz !== undefined) byModel.set(model, makeRating(model, override.perCore, mhz, 'override'));
  }
  return {
    version: data.version,
    source: data.source,
    lookup: (model) => byModel.get(normalizeCpuModel(model)),
  };
}

/** What a server or host says about its CPU (an `AssetCapacity` fits; a target passes `capacity.cpu` as `cpuMhz`). */
export interface CpuDescription {
  readonly cpuModel?: string;
  /** Its own SPECrate2017_int_base per core, wins over the table. */
  readonly cpuRating?: number;
  /** Total CPU, MHz (cores × clock). */
  readonly cpuMhz?: number;
  readonly cores?: number;
}

/**
 * The rating of one server or host. Its own `cpuRating` (per core) wins, at its own clock
 * `cpuMhz / cores` when both are known (the measured MHz are of that clock), else at the
 * table's nominal clock of its `cpuModel`; with neither clock it has no rating. Without
 * `cpuRating` it is the table's rating of `cpuModel` (the model's nominal clock: the
 * record's own clock does not change how much work one GHz of that model does).
 */
export function cpuRatingOf(
  cpu: CpuDescription,
  table: CpuRatingTable = CPU_RATINGS,
): CpuRating | undefined {
  const listed = cpu.cpuModel === undefined ? undefined : table.lookup(cpu.cpuModel);
  if (cpu.cpuRating === undefined || !(cpu.cpuRating > 0)) return listed;
  const ownClock =
    cpu.cpuMhz !== undefined && cpu.cores !== undefined && cpu.cpuMhz > 0 && cpu.cores > 0
      ? cpu.cpuMhz / cpu.cores
      : undefined;
  const mhz = ownClock ?? listed?.mhz;
  if (mhz === undefined) return undefined;
  const model = cpu.cpuModel === undefined ? '' : normalizeCpuModel(cpu.cpuModel);
  return makeRating(model, cpu.cpuRating, mhz, 'inventory');
}

/** How source MHz were turned into target MHz-equivalent. */
export interface CpuNormalization {
  /** Multiply source MHz by this to get target MHz-equivalent; 1 unless `basis` is `rating`. */
  readonly factor: number;
  /** `rating`: both known; `unknown-source` / `unknown-target`: one missing; `none`: both missing. */
  readonly basis: 'rating' | 'unknown-source' | 'unknown-target' | 'none';
}

/**
 * Factor that turns source MHz into target MHz-equivalent: source perGHz ÷ target perGHz
 * (a 2012 server's 1,000 MHz are about 400 MHz of a 2024 host). Either rating unknown →
 * factor 1 and the basis says which (the engine counts these as warnings).
 */
export function cpuNormalization(
  source: CpuRating | undefined,
  target: CpuRating | undefined,
): CpuNormalization {
  if (source === undefined && target === undefined) return { factor: 1, basis: 'none' };
  if (source === undefined) return { factor: 1, basis: 'unknown-source' };
  if (target === undefined) return { factor: 1, basis: 'unknown-target' };
  return { factor: source.perGHz / target.perGHz, basis: 'rating' };
}

function makeRating(
  model: string,
  perCore: number,
  mhz: number,
  source: CpuRating['source'],
): CpuRating {
  return { model, perCore, mhz, perGHz: perCore / (mhz / 1000), source };
}
