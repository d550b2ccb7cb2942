import type { Asset, TargetModel, WeeklyWindow } from '@vplan/domain';
import { attributeOf, canonicalSet, targetAttributesOf } from './attributes';
import type { MinuteInterval } from './maintenance-windows';
import { formatIntervals, utcIntervals } from './maintenance-windows';
import { WINDOW_ATTRIBUTE } from './rule-forms';
import type { AttributeValue } from './rule-model';

/**
 * An asset (or a target model) as the evaluator reads it: attribute values by name,
 * with the canonical form of each attribute computed once and kept.
 */
export class AssetView {
  private readonly sets = new Map<string, readonly string[]>();
  private utc: readonly MinuteInterval[] | undefined | null = null;

  constructor(
    /** The asset id or the target model name. */
    readonly id: string,
    /** The value of an attribute, undefined when absent. */
    readonly value: (attribute: string) => AttributeValue | undefined,
  ) {}

  /** The attribute's canonical set (sorted distinct canonical texts; empty = absent). */
  set(attribute: string): readonly string[] {
    let set = this.sets.get(attribute);
    if (set === undefined) {
      set =
        attribute === WINDOW_ATTRIBUTE ? this.windowKeySet() : canonicalSet(this.value(attribute));
      this.sets.set(attribute, set);
    }
    return set;
  }

  /** The canonical set as one text (`;`-joined), `''` when absent. */
  key(attribute: string): string {
    const set = this.set(attribute);
    return set.length === 1 ? (set[0] as string) : set.join(';');
  }

  /** Maintenance windows as merged UTC intervals; undefined when the asset has none. */
  windows(): readonly MinuteInterval[] | undefined {
    if (this.utc === null) this.utc = windowsOf(this.value);
    return this.utc;
  }

  /** The value as shown to people: the canonical text, windows in UTC, `(none)` if absent. */
  display(attribute: string): string {
    const key = this.key(attribute);
    if (key === '') return '(none)';
    return attribute === WINDOW_ATTRIBUTE ? `${key} UTC` : key;
  }

  private windowKeySet(): readonly string[] {
    const windows = this.windows();
    return windows === undefined ? [] : [formatIntervals(windows)];
  }
}

/** Maintenance windows (in their `timezone`) as merged UTC intervals, undefined if none. */
export function windowsOf(
  value: (attribute: string) => AttributeValue | undefined,
): readonly MinuteInterval[] | undefined {
  const windows = value(WINDOW_ATTRIBUTE) as readonly WeeklyWindow[] | undefined;
  if (windows === undefined || windows.length === 0) return undefined;
  const zone = value('timezone');
  const intervals = utcIntervals(windows, typeof zone === 'string' ? zone : undefined);
  return intervals.length > 0 ? intervals : undefined;
}

/** A fresh view of an asset (not cached: for one pass over a large estate). */
export function assetView(asset: Asset): AssetView {
  return new AssetView(asset.id, (name) => attributeOf(asset, name));
}

const assetViews = new WeakMap<Asset, AssetView>();
const targetViews = new WeakMap<TargetModel, AssetView>();

/** The (cached) view of an asset. */
export function viewOf(asset: Asset): AssetView {
  let view = assetViews.get(asset);
  if (view === undefined) {
    view = assetView(asset);
    assetViews.set(asset, view);
  }
  return view;
}

/** The (cached) view of a target model, by its target attributes. */
export function targetViewOf(target: TargetModel): AssetView {
  let view = targetViews.get(target);
  if (view === undefined) {
    const bag = targetAttributesOf(target);
    view = new AssetView(target.name, (name) => bag[name]);
    targetViews.set(target, view);
  }
  return view;
}
