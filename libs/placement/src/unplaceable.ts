import { RESOURCE_UNITS } from '@vplan/domain';
import type { PlacementProblem } from './problem';
import type { ItemProfiles } from './item-profile';
import { allocationReasons } from './allocation';
import { CAPACITY_TOLERANCE, measureExceedance } from './exceedance';

/**
 * Why each item that no host can take, not even an empty one, cannot be placed: a peak
 * above a host's usable capacity (with an allowed exceedance E > 0: only when the item
 * alone is over it in more than E slots), or an allocation above a host's limit. Items
 * in index order; items absent from the map are placeable. `slotLabel` says when a slot
 * is, e.g. the report's local date and time (default `slot N`).
 */
export function unplaceableReasons(
  problem: PlacementProblem,
  profiles: ItemProfiles,
  slotLabel: (slot: number) => string = (slot) => `slot ${slot}`,
): Map<number, string[]> {
  const R = problem.resources.length;
  const allowed = problem.allowedExceedance ?? 0;
  const reasons = new Map<number, string[]>();
  problem.items.forEach((_, i) => {
    const over = problem.resources.flatMap((resource, r) =>
      profiles.peak[i * R + r]! > problem.usable[r]! * (1 + CAPACITY_TOLERANCE) ? [r] : [],
    );
    let suffix = '';
    if (over.length > 0 && allowed > 0) {
      const slots = measureExceedance(problem, [i]).slots;
      if (slots <= allowed) over.length = 0;
      else suffix = `, over it in ${slots} slots where ${allowed} are allowed`;
    }
    const list = over.map((r) => {
      const resource = problem.resources[r]!;
      const unit = RESOURCE_UNITS[resource];
      const peak = profiles.peak[i * R + r]!;
      return `${resource} peak of ${round(peak)} ${unit} (${slotLabel(profiles.argmax[i * R + r]!)}) exceeds a host's usable ${round(problem.usable[r]!)} ${unit}${suffix}`;
    });
    list.push(...allocationReasons(problem, i));
    if (list.length > 0) reasons.set(i, list);
  });
  return reasons;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v >= 100 ? 0 : 2);
}
