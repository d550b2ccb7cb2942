import type { Asset, TargetModel, WeeklyWindow } from '@vplan/domain';
import { attributeOf, canonicalSet, targetAttributesOf } from './attributes';
import { TIMEZONE_REFERENCE_UTC_MS } from './maintenance-windows';
import type { ScheduleOutcome } from './window-overlap';
import { maintenanceSchedule } from './window-overlap';
import { WINDOW_ATTRIBUTE } from './rule-forms';
import type { AttributeValue } from './rule-model';

/**
 * An asset (or a target model) as the evaluator reads it: attribute values by name,
 * with the canonical form of each attribute computed once and kept.
 */
export class AssetView {
  private readonly sets = new Map<string, readonly string[]>();
  private scheduled: ScheduleOutcome | undefined | null = null;

  constructor(
    /** The asset id or the target model name. */
    readonly id: string,
    /** The value of an attribute, undefined when absent. */
    readonly value: (attribute: string) => AttributeValue | undefined,
    /** Start of the reference year of maintenance windows, epoch ms. */
    readonly reference: number = TIMEZONE_REFERENCE_UTC_MS,
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

  /**
   * Maintenance windows in their `timezone`, prepared for the reference year (or why the
   * zone is unknown); undefined when the asset has no windows.
   */
  schedule(): ScheduleOutcome | undefined {
    if (this.scheduled === null) this.scheduled = scheduleOf(this.value, this.reference);
    return this.scheduled;
  }

  /** The value as shown to people: the canonical text (windows in UTC), `(none)` if absent. */
  display(attribute: string): string {
    const key = this.key(attribute);
    return key === '' ? '(none)' : key;
  }

  private windowKeySet(): readonly string[] {
    const schedule = this.schedule();
    return schedule === undefined ? [] : [scheduleKey(schedule)];
  }
}

/** The canonical text of a schedule: its key, or the unknown zone's message. */
export function scheduleKey(schedule: ScheduleOutcome): string {
  return schedule.ok ? schedule.schedule.key : schedule.message;
}

/**
 * Maintenance windows (in their `timezone`) prepared for the reference year starting
 * at `reference` (epoch ms); undefined when there are none.
 */
export function scheduleOf(
  value: (attribute: string) => AttributeValue | undefined,
  reference: number,
): ScheduleOutcome | undefined {
  const windows = (value(WINDOW_ATTRIBUTE) as readonly WeeklyWindow[] | undefined)?.filter(
    (w) => w.minutes > 0,
  );
  if (windows === undefined || windows.length === 0) return undefined;
  const zone = value('timezone');
  return maintenanceSchedule(windows, typeof zone === 'string' ? zone : undefined, reference);
}

/** A fresh view of an asset (not cached: for one pass over a large estate). */
export function assetView(asset: Asset, reference = TIMEZONE_REFERENCE_UTC_MS): AssetView {
  return new AssetView(asset.id, (name) => attributeOf(asset, name), reference);
}

const assetViews = new Map<number, WeakMap<Asset, AssetView>>();
const targetViews = new WeakMap<TargetModel, AssetView>();

/** The (cached) view of an asset for a reference instant (epoch ms). */
export function viewOf(asset: Asset, reference = TIMEZONE_REFERENCE_UTC_MS): AssetView {
  let views = assetViews.get(reference);
  if (views === undefined) {
    // A few references per process (the default, the planned periods): keep them bounded.
    if (assetViews.size >= 16) assetViews.clear();
    views = new WeakMap();
    assetViews.set(reference, views);
  }
  let view = views.get(asset);
  if (view === undefined) {
    view = assetView(asset, reference);
    views.set(asset, view);
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
