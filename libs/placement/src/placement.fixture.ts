import type { ResourceName } from '@vplan/domain';
import { seededRandom } from '@vplan/domain';
import type { ItemLabels, PlacementItem, PlacementProblem } from './problem';

/** A day of 5-minute slots. */
export const DAY = 288;

/** An item whose demand per resource is given as a function of the slot. */
export function item(
  id: string,
  demand: ((t: number) => number)[],
  slots = DAY,
  labels?: ItemLabels,
): PlacementItem {
  return {
    id,
    demand: demand.map((f) => Float32Array.from({ length: slots }, (_, t) => f(t))),
    ...(labels ? { labels } : {}),
  };
}

/** A problem over `slots` slots with the given usable capacities. */
export function problemOf(
  items: PlacementItem[],
  usable: number[],
  resources: ResourceName[] = ['cpu', 'memory'].slice(0, usable.length) as ResourceName[],
  slots = DAY,
): PlacementProblem {
  return { resources, slots, usable, items };
}

/**
 * A random estate like real ones: most servers light, some with a daily peak at a random
 * hour, some flat, a few heavy; CPU and memory.
 */
export function randomEstate(n: number, seed: number, slots = DAY): PlacementItem[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const base = 200 + random.next() * 2000;
    const peak = random.next() < 0.6 ? random.next() * 8000 : 0;
    const at = random.int(slots);
    const width = 6 + random.int(36);
    const memory = 2 + random.next() * 30;
    return item(
      `vm-${String(i).padStart(4, '0')}`,
      [
        (t) =>
          base +
          (Math.abs(t - at) < width ? peak * (1 - Math.abs(t - at) / width) : 0) +
          random.next() * 100,
        () => memory,
      ],
      slots,
    );
  });
}
