import type { Asset, WeeklyWindow } from '@vplan/domain';
import type { AttributeValue } from './rule-model';
import { attributeOf, canonicalKey } from './attributes';
import type { AssetView } from './asset-view';
import { assetView, scheduleKey, scheduleOf } from './asset-view';
import type { CompiledPairRule, CompiledWhen } from './compiled-rule-set';
import { TIMEZONE_REFERENCE_UTC_MS } from './maintenance-windows';
import { WINDOW_ATTRIBUTE } from './rule-forms';

/** One attribute over an estate: a value id per asset, 0 meaning "absent". */
export interface Column {
  /** Per asset (inventory order): the id of its canonical value; 0 = absent. */
  readonly ids: Int32Array;
  /** Canonical value (`;`-joined set, or the windows' schedule key) per id; `''` for id 0. */
  readonly keys: readonly string[];
  /** Per id: the first asset holding it (−1 for id 0), the value's representative. */
  readonly first: readonly number[];
}

/**
 * An estate read attribute by attribute: each attribute an interned column of value ids,
 * computed once, so that whole-estate passes cost O(n) small integer operations and
 * rules are decided once per distinct value (on a representative asset), never per pair.
 */
export class EstateColumns {
  private readonly columns = new Map<string, Column>();
  private readonly views = new Map<number, AssetView>();

  constructor(
    readonly assets: readonly Asset[],
    /** Start of the reference year of maintenance windows, epoch ms. */
    readonly reference: number = TIMEZONE_REFERENCE_UTC_MS,
  ) {}

  /** The column of an attribute. */
  column(attribute: string): Column {
    let column = this.columns.get(attribute);
    if (column !== undefined) return column;
    const ids = new Int32Array(this.assets.length);
    const keys = [''];
    const first = [-1];
    const byKey = new Map<string, number>([['', 0]]);
    // Most values repeat verbatim: look the raw value up first, canonicalize on a miss.
    const byRaw = new Map<string, number>();
    this.assets.forEach((asset, i) => {
      const value = attributeOf(asset, attribute);
      if (value === undefined) return;
      const raw = rawKey(asset, attribute, value);
      let id = raw === undefined ? undefined : byRaw.get(raw);
      if (id === undefined) {
        const key = keyOf(asset, attribute, this.reference);
        id = byKey.get(key);
        if (id === undefined) {
          id = keys.length;
          byKey.set(key, id);
          keys.push(key);
          first.push(i);
        }
        if (raw !== undefined) byRaw.set(raw, id);
      }
      ids[i] = id;
    });
    column = { ids, keys, first };
    this.columns.set(attribute, column);
    return column;
  }

  /** The (kept) view of the asset at `index`, for representatives. */
  view(index: number): AssetView {
    let view = this.views.get(index);
    if (view === undefined) {
      view = assetView(this.assets[index] as Asset, this.reference);
      this.views.set(index, view);
    }
    return view;
  }

  /** Per asset: 1 when it matches the `when` filter. */
  whenMask(when: CompiledWhen): Uint8Array {
    const mask = new Uint8Array(this.assets.length).fill(1);
    for (const { attribute, accepted } of when) {
      const { ids, keys } = this.column(attribute);
      const ok = keys.map((key) => key !== '' && key.split(';').some((v) => accepted.has(v)));
      for (let i = 0; i < ids.length; i++) if (!ok[ids[i] as number]) mask[i] = 0;
    }
    return mask;
  }

  /** Per asset: 1 when the pair rule applies to it (`when` matches, value present). */
  appliesMask(rule: CompiledPairRule): Uint8Array {
    const mask = this.whenMask(rule.when);
    const { ids, first } = this.column(rule.attribute);
    // Value id 0 is "absent" (no first asset): it takes part only where the empty set is a value.
    const present = first.map((i) => (i >= 0 ? rule.present(this.view(i)) : rule.emptyIsValue));
    for (let i = 0; i < ids.length; i++) if (!present[ids[i] as number]) mask[i] = 0;
    return mask;
  }

  /**
   * Per asset: the id of its combination of values of `attributes` (ids from 0, in order
   * of first appearance), and the first asset of each combination.
   */
  combinations(attributes: readonly string[]): { ids: Int32Array; first: number[] } {
    const columns = attributes.map((a) => this.column(a).ids);
    const ids = new Int32Array(this.assets.length);
    const first: number[] = [];
    const byKey = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) {
      let key = '';
      for (const column of columns) key += `${column[i]},`;
      let id = byKey.get(key);
      if (id === undefined) {
        id = first.length;
        byKey.set(key, id);
        first.push(i);
      }
      ids[i] = id;
    }
    return { ids, first };
  }
}

/** The value as written, as a lookup key (undefined when it has no cheap one). */
function rawKey(asset: Asset, attribute: string, value: AttributeValue): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value}${value}`;
  if (attribute === WINDOW_ATTRIBUTE) {
    const zone = attributeOf(asset, 'timezone');
    let key = `w${typeof zone === 'string' ? zone : ''}`;
    for (const w of value as readonly WeeklyWindow[]) key += `|${w.start}+${w.minutes}`;
    return key;
  }
  let key = 'a';
  for (const element of value as readonly unknown[]) {
    if (typeof element !== 'string') return undefined;
    key += `\u0001${element}`;
  }
  return key;
}

function keyOf(asset: Asset, attribute: string, reference: number): string {
  if (attribute !== WINDOW_ATTRIBUTE) return canonicalKey(attributeOf(asset, attribute));
  const schedule = scheduleOf((name) => attributeOf(asset, name), reference);
  return schedule === undefined ? '' : scheduleKey(schedule);
}
