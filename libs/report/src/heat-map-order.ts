import type { CompatibilityClass } from '@vplan/rules';
import type { ScoreLookup } from './heat-map-grid';

/** How classes are ordered along the heat map's axes. */
export interface ClassOrder {
  readonly classes: readonly CompatibilityClass[];
  /** Signature attributes that group the classes, most telling first. */
  readonly attributes: readonly string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders classes so that the heat map shows blocks instead of noise: attributes are
 * ranked by how much sharing one raises the score (mean score of the pairs that agree
 * on it minus that of the pairs that differ), and classes are sorted by their values of
 * the telling attributes in that order, then by decreasing size. An attribute that does
 * not raise the score groups nothing and is left out. Deterministic.
 */
export function orderClasses(
  classes: readonly CompatibilityClass[],
  lookup: ScoreLookup,
): ClassOrder {
  const keys = [...new Set(classes.flatMap((c) => Object.keys(c.signature)))].sort(compare);
  const ranked = keys
    .map((key) => ({ key, weight: agreementWeight(classes, key, lookup) }))
    .filter((k) => k.weight > 0)
    .sort((x, y) => y.weight - x.weight || compare(x.key, y.key))
    .map((k) => k.key);
  const indexed = classes.map((c, i) => ({ c, i }));
  indexed.sort((x, y) => {
    for (const key of ranked) {
      const order = compare(x.c.signature[key] ?? '', y.c.signature[key] ?? '');
      if (order !== 0) return order;
    }
    return y.c.size - x.c.size || x.i - y.i;
  });
  return { classes: indexed.map(({ c }) => c), attributes: ranked };
}

function agreementWeight(
  classes: readonly CompatibilityClass[],
  key: string,
  lookup: ScoreLookup,
): number {
  let same = 0;
  let sameSum = 0;
  let differ = 0;
  let differSum = 0;
  for (let i = 0; i < classes.length; i++) {
    const a = classes[i] as CompatibilityClass;
    for (let j = i + 1; j < classes.length; j++) {
      const b = classes[j] as CompatibilityClass;
      const score = lookup(a.id, b.id)?.score;
      if (score === undefined) continue;
      if ((a.signature[key] ?? '') === (b.signature[key] ?? '')) {
        same++;
        sameSum += score;
      } else {
        differ++;
        differSum += score;
      }
    }
  }
  if (same === 0 || differ === 0) return 0;
  return sameSum / same - differSum / differ;
}
