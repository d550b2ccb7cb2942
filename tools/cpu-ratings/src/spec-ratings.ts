// From SPEC CPU2017's results table to vplan's rating table: one row per processor model,
// the median SPECrate2017_int_base per core over every system published with it.
import type { CsvRecord } from '@vplan/formats';
import { normalizeCpuModel, type CpuRatingsData } from '@vplan/workload';

/** Bumped when the way the table is computed (or the model key) changes. */
export const ALGORITHM_VERSION = 1;

/** The benchmark whose base result the table rates. */
export const BENCHMARK = 'CINT2017rate';

export const METRIC = 'SPECrate2017_int_base per core';

export const FAIR_USE_NOTE =
  "Derived from SPEC's published results (spec.org/cpu2017/results): medians of SPECrate2017_int_base ÷ # Cores per processor model; not SPEC results. SPEC, SPECrate and SPECspeed are trademarks of the Standard Performance Evaluation Corporation.";

/** One usable result: a CINT2017rate base run with a processor, cores and a clock. */
export interface SpecResult {
  readonly processor: string;
  readonly baseResult: number;
  readonly cores: number;
  readonly mhz: number;
  /** Publication month, `YYYY-MM`. */
  readonly published: string;
}

/** Header names as SPEC writes them, trimmed (they carry a TAB or a trailing space). */
const COLUMNS = {
  benchmark: 'Benchmark',
  baseResult: 'Base Result',
  cores: '# Cores',
  processor: 'Processor',
  mhz: 'Processor MHz',
  published: 'Published',
} as const;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The CINT2017rate results of SPEC's CSV export, header first. Columns are found by their
 * trimmed name (the header has one more name than the rows have fields, so positions past
 * the known columns do not matter). Rows without a base result, cores, clock or model are
 * skipped; `seen` counts every CINT2017rate row.
 */
export function specResults(records: Iterable<CsvRecord>): { results: SpecResult[]; seen: number } {
  const iterator = records[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) throw new Error('empty SPEC results file: expected a header line');
  const names = first.value.fields.map((name) => name.trim());
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, name]) => {
      const index = names.indexOf(name);
      if (index < 0) throw new Error(`SPEC results file has no column "${name}"`);
      return [key, index];
    }),
  ) as Record<keyof typeof COLUMNS, number>;
  const results: SpecResult[] = [];
  let seen = 0;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const field = (key: keyof typeof COLUMNS): string => next.value.fields[at[key]]?.trim() ?? '';
    if (field('benchmark') !== BENCHMARK) continue;
    seen++;
    const result = {
      processor: field('processor'),
      baseResult: Number(field('baseResult')),
      cores: Number(field('cores')),
      mhz: Number(field('mhz')),
      published: publishedMonth(field('published')),
    };
    const usable = result.baseResult > 0 && result.cores > 0 && result.mhz > 0;
    if (usable && /\d/.test(normalizeCpuModel(result.processor))) results.push(result);
  }
  return { results, seen };
}

/** `Mar-2026` → `2026-03`; `''` when not of that form. */
export function publishedMonth(text: string): string {
  const match = /^([a-z]{3})-(\d{4})$/i.exec(text.trim());
  const month = match ? MONTHS.indexOf((match[1] as string).toLowerCase()) : -1;
  return match && month >= 0 ? `${match[2]}-${String(month + 1).padStart(2, '0')}` : '';
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The rating table: per normalized model `[median per-core rating (2 decimals), median
 * nominal MHz (integer), results]`, models in key order; version from the latest
 * publication month and {@link ALGORITHM_VERSION}.
 */
export function ratingTable(
  results: readonly SpecResult[],
  source: { readonly dataset: string; readonly file: string; readonly rows: number },
): CpuRatingsData {
  const groups = new Map<string, { perCore: number[]; mhz: number[] }>();
  let latest = '';
  for (const r of results) {
    const key = normalizeCpuModel(r.processor);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { perCore: [], mhz: [] }));
    group.perCore.push(r.baseResult / r.cores);
    group.mhz.push(r.mhz);
    if (r.published > latest) latest = r.published;
  }
  const models: Record<string, [number, number, number]> = {};
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key) as { perCore: number[]; mhz: number[] };
    models[key] = [
      Math.round(median(g.perCore) * 100) / 100,
      Math.round(median(g.mhz)),
      g.perCore.length,
    ];
  }
  return {
    version: `cpu2017-${latest || 'unknown'}/${ALGORITHM_VERSION}`,
    source: { ...source, generatedBy: 'tools/cpu-ratings', note: FAIR_USE_NOTE },
    metric: METRIC,
    models,
  };
}

/** The table as committed JSON: two-space indent, one model per line (Prettier leaves it as is). */
export function formatRatingTable(data: CpuRatingsData): string {
  const text = JSON.stringify(data, null, 2).replace(
    /\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g,
    '[$1, $2, $3]',
  );
  return `${text}\n`;
}
