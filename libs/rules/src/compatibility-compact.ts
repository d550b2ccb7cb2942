import type {
  AssetBlockers,
  ClassPairScore,
  CompatibilityClass,
  CompatibilityReport,
} from './compatibility-report';
import type { RuleHit, Severity } from './rule-model';

/** The `version` of the compact `compat.json` shape (1 was the expanded report). */
export const COMPAT_JSON_VERSION = 2;

/** A rule as its hits cite it: one entry per distinct (rule, severity, penalty, remediation). */
export interface CompactRule {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly penalty: number;
  readonly remediation?: string;
}

/** A rule hit by reference: `[index in rules, index in texts]`. */
export type CompactHit = readonly [rule: number, text: number];

/** Assets with the same rule hits. */
export interface HitGroup {
  readonly hits: readonly CompactHit[];
  readonly assets: readonly string[];
}

/**
 * `compat.json` version 2: the compatibility report without repeated text. Rules and
 * hit sentences are stored once (`rules`, `texts`) and cited by index; class signatures
 * are value lists in the order of `attributes` (null = no value); class pairs are
 * `[a, b, score, hits]` with a and b indexes into `classes`, and pairs whose score is 100
 * with no hit are left out (absent pair = may share freely).
 */
export interface CompactCompatibility {
  readonly format: 'vplan-compat';
  readonly version: typeof COMPAT_JSON_VERSION;
  readonly ruleSet: string;
  readonly assets: number;
  readonly rules: readonly CompactRule[];
  readonly texts: readonly string[];
  readonly attributes: readonly string[];
  readonly classes: readonly {
    readonly id: string;
    readonly size: number;
    readonly values: readonly (string | null)[];
    readonly members: readonly string[];
  }[];
  readonly scores: readonly (readonly [number, number, number, readonly CompactHit[]])[];
  /** Blocked assets grouped by the hits they share (inventory order within a group). */
  readonly blockers: readonly HitGroup[];
  readonly warnings: readonly HitGroup[];
  readonly groupRules: CompatibilityReport['groupRules'];
}

/** Interns values into a table, returning each value's index. */
function interner<T>(keyOf: (value: T) => string): { table: T[]; index: (value: T) => number } {
  const table: T[] = [];
  const seen = new Map<string, number>();
  return {
    table,
    index: (value) => {
      const key = keyOf(value);
      let at = seen.get(key);
      if (at === undefined) {
        at = table.length;
        table.push(value);
        seen.set(key, at);
      }
      return at;
    },
  };
}

/** The report as `compat.json` version 2 (see CompactCompatibility); `expandCompatibility` inverts it. */
export function compactCompatibility(report: CompatibilityReport): CompactCompatibility {
  const rules = interner<CompactRule>((r) =>
    JSON.stringify([r.ruleId, r.severity, r.penalty, r.remediation ?? null]),
  );
  const texts = interner<string>((t) => t);
  const hit = (h: RuleHit): CompactHit => [
    rules.index({
      ruleId: h.ruleId,
      severity: h.severity,
      penalty: h.penalty,
      ...(h.remediation !== undefined ? { remediation: h.remediation } : {}),
    }),
    texts.index(h.detail),
  ];
  const attributes = [...new Set(report.classes.flatMap((c) => Object.keys(c.signature)))].sort();
  const classIndex = new Map(report.classes.map((c, i) => [c.id, i] as const));
  const indexOf = (id: string): number => {
    const at = classIndex.get(id);
    if (at === undefined) throw new Error(`compatibility report: pair cites unknown class ${id}`);
    return at;
  };
  const assetHits = (list: readonly AssetBlockers[]): HitGroup[] => {
    const groups = new Map<string, { hits: CompactHit[]; assets: string[] }>();
    for (const b of list) {
      const hits = b.hits.map(hit);
      const key = JSON.stringify(hits);
      const group = groups.get(key) ?? { hits, assets: [] };
      group.assets.push(b.asset);
      groups.set(key, group);
    }
    return [...groups.values()];
  };
  return {
    format: 'vplan-compat',
    version: COMPAT_JSON_VERSION,
    ruleSet: report.ruleSet,
    assets: report.assets,
    classes: report.classes.map((c) => ({
      id: c.id,
      size: c.size,
      values: attributes.map((a) => c.signature[a] ?? null),
      members: c.members,
    })),
    scores: report.scores
      .filter((s) => s.score < 100 || s.hits.length > 0)
      .map((s) => [indexOf(s.a), indexOf(s.b), s.score, s.hits.map(hit)] as const),
    blockers: assetHits(report.blockers),
    warnings: assetHits(report.warnings ?? []),
    groupRules: report.groupRules,
    // Tables last: they fill as the sections above are built.
    rules: rules.table,
    texts: texts.table,
    attributes,
  };
}

/**
 * The full report back from `compat.json` version 2: every class pair, hits spelled out;
 * blockers and warnings come group by group.
 */
export function expandCompatibility(compact: CompactCompatibility): CompatibilityReport {
  const hit = ([r, t]: CompactHit): RuleHit => {
    const rule = compact.rules[r];
    const detail = compact.texts[t];
    if (rule === undefined || detail === undefined) {
      throw new Error(`compat.json: hit [${r}, ${t}] cites no rule or text`);
    }
    return { ...rule, detail };
  };
  const classes: CompatibilityClass[] = compact.classes.map((c) => {
    const signature: Record<string, string> = {};
    compact.attributes.forEach((a, i) => {
      const v = c.values[i];
      if (v !== null && v !== undefined) signature[a] = v;
    });
    return { id: c.id, size: c.size, signature, members: c.members };
  });
  const listed = new Map<string, ClassPairScore>();
  for (const [a, b, score, hits] of compact.scores) {
    listed.set(`${a}:${b}`, {
      a: classes[a]?.id ?? '',
      b: classes[b]?.id ?? '',
      score,
      hits: hits.map(hit),
    });
  }
  const scores: ClassPairScore[] = [];
  for (let a = 0; a < classes.length; a++) {
    for (let b = a; b < classes.length; b++) {
      const ids = {
        a: (classes[a] as CompatibilityClass).id,
        b: (classes[b] as CompatibilityClass).id,
      };
      scores.push(listed.get(`${a}:${b}`) ?? { ...ids, score: 100, hits: [] });
    }
  }
  const assetHits = (list: readonly HitGroup[]): AssetBlockers[] =>
    list.flatMap((g) => {
      const hits = g.hits.map(hit);
      return g.assets.map((asset) => ({ asset, hits }));
    });
  return {
    ruleSet: compact.ruleSet,
    assets: compact.assets,
    classes,
    scores,
    blockers: assetHits(compact.blockers),
    warnings: assetHits(compact.warnings),
    groupRules: compact.groupRules,
  };
}
