import type { PlacementItem } from '@vplan/placement';

export const SLOTS_PER_DAY = 288;

/**
 * Builds `count` VMs from base traces: VM k is trace `k mod n`, rotated in time by a
 * whole number of days, (7 × ⌊k / n⌋) mod days — distinct rotations for the first
 * `days` copies of each trace, since 7 is prime to 30. Demand lives in one buffer per
 * resource (count × slots Float32) so 10,000 × 8,640 × 2 stays at ~0.7 GB.
 */
export function rotatedItems(
  base: readonly (readonly Float32Array[])[],
  count: number,
  slots: number,
): PlacementItem[] {
  const resources = base[0]?.length ?? 0;
  const days = Math.floor(slots / SLOTS_PER_DAY);
  const buffers = Array.from({ length: resources }, () => new Float32Array(count * slots));
  const items: PlacementItem[] = [];
  for (let k = 0; k < count; k++) {
    const trace = base[k % base.length]!;
    const shift = ((7 * Math.floor(k / base.length)) % Math.max(1, days)) * SLOTS_PER_DAY;
    const demand = buffers.map((buffer, r) => {
      const view = buffer.subarray(k * slots, (k + 1) * slots);
      const source = trace[r]!;
      view.set(source.subarray(shift, slots), 0);
      view.set(source.subarray(0, shift), slots - shift);
      return view;
    });
    items.push({ id: `vm-${k}`, demand });
  }
  return items;
}
