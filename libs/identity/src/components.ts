// Union-find over observations, each component carrying the single-valued keys
// (conflict tags) of its members, so that a merge can be refused in O(tags).
import type { ObservationKeys } from './keys';

/** A component's values of one tag: one text (the usual case) or several. */
type Values = string | Set<string>;

const has = (values: Values, v: string): boolean =>
  typeof values === 'string' ? values === v : values.has(v);

function intersect(a: Values, b: Values): boolean {
  if (typeof a === 'string') return has(b, a);
  for (const v of a) if (has(b, v)) return true;
  return false;
}

function add(into: Map<string, Values>, tag: string, values: Values): void {
  const have = into.get(tag);
  if (have === undefined) {
    into.set(tag, typeof values === 'string' ? values : new Set(values));
    return;
  }
  const set = typeof have === 'string' ? new Set([have]) : have;
  if (typeof values === 'string') set.add(values);
  else for (const v of values) set.add(v);
  if (set.size > 1 || typeof have !== 'string') into.set(tag, set);
}

export class Components {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** Per root: its tags; an observation's own map until its first union (copy on write). */
  private readonly tags: ReadonlyMap<string, Values>[];
  private readonly owned: Uint8Array;
  private readonly uuid: Uint8Array;

  constructor(keys: readonly ObservationKeys[]) {
    const n = keys.length;
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    this.uuid = new Uint8Array(n);
    this.owned = new Uint8Array(n);
    this.tags = new Array<ReadonlyMap<string, Values>>(n);
    for (let i = 0; i < n; i++) {
      const k = keys[i] as ObservationKeys;
      this.parent[i] = i;
      this.uuid[i] = k.hasUuid ? 1 : 0;
      this.tags[i] = k.conflictTags;
    }
  }

  /** The root of `i`'s component (path halving). */
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      const up = p[p[i] as number] as number;
      p[i] = up;
      i = up;
    }
    return i;
  }

  /** Whether the component of root `r` carries a BIOS or VM UUID. */
  hasUuid(r: number): boolean {
    return this.uuid[r] === 1;
  }

  /**
   * The first conflict tag stronger than `rank` (by `rankOf`) on which the components of
   * roots `a` and `b` both have values and share none; `undefined` when they agree.
   */
  conflict(
    a: number,
    b: number,
    rank: number,
    rankOf: (tag: string) => number,
  ): string | undefined {
    const ta = this.tags[a] as ReadonlyMap<string, Values>;
    const tb = this.tags[b] as ReadonlyMap<string, Values>;
    const [small, large] = ta.size <= tb.size ? [ta, tb] : [tb, ta];
    for (const [tag, values] of small) {
      const other = large.get(tag);
      if (other !== undefined && rankOf(tag) < rank && !intersect(values, other)) return tag;
    }
    return undefined;
  }

  /** Joins the components of roots `a` and `b` (union by size). */
  union(a: number, b: number): void {
    if (a === b) return;
    const [big, small] = (this.size[a] as number) >= (this.size[b] as number) ? [a, b] : [b, a];
    this.parent[small] = big;
    this.size[big] = (this.size[big] as number) + (this.size[small] as number);
    this.uuid[big] = (this.uuid[big] as number) | (this.uuid[small] as number);
    const from = this.tags[small] as ReadonlyMap<string, Values>;
    if (from.size === 0) return;
    let into = this.tags[big] as Map<string, Values>;
    if (this.owned[big] === 0) {
      into = new Map(into);
      this.tags[big] = into;
      this.owned[big] = 1;
    }
    for (const [tag, values] of from) add(into, tag, values);
  }
}
