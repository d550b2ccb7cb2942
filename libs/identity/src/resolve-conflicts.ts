// Conflicting attribute values of one machine: keep them all with their provenance,
// pick one by source priority.

/** One source's value of an attribute. */
export interface SourcedValue<T> {
  readonly source: string;
  readonly value: T;
  /** ISO 8601 time the source saw it. */
  readonly observedAt?: string;
}

/** The chosen value, its source and every differing value with its source. */
export interface ResolvedValue<T> {
  readonly value: T;
  readonly source: string;
  /** Values different from `value`, one per source and value, in ranking order. */
  readonly conflicts: readonly { readonly source: string; readonly value: T }[];
}

const time = (at: string | undefined): number => {
  const t = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Resolves one attribute reported by several sources: the value of the first source in
 * `priority` (most trusted first; unlisted sources rank after all listed ones, equally),
 * ties broken by the newest `observedAt` (missing or unparsable = oldest), then by source
 * name and by input position, so the choice is deterministic. Values are compared with
 * `same` (default `Object.is`). `undefined` when `values` is empty.
 */
export function resolveConflicts<T>(
  values: readonly SourcedValue<T>[],
  priority: readonly string[],
  same: (a: T, b: T) => boolean = Object.is,
): ResolvedValue<T> | undefined {
  const rankOf = (source: string) => {
    const at = priority.indexOf(source);
    return at < 0 ? priority.length : at;
  };
  const ranked = values
    .map((v, at) => ({ v, at, rank: rankOf(v.source), time: time(v.observedAt) }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        b.time - a.time ||
        (a.v.source < b.v.source ? -1 : a.v.source > b.v.source ? 1 : 0) ||
        a.at - b.at,
    );
  const best = ranked[0];
  if (best === undefined) return undefined;
  const conflicts: { source: string; value: T }[] = [];
  for (const { v } of ranked.slice(1))
    if (
      !same(v.value, best.v.value) &&
      !conflicts.some((c) => c.source === v.source && same(c.value, v.value))
    )
      conflicts.push({ source: v.source, value: v.value });
  return { value: best.v.value, source: best.v.source, conflicts };
}
