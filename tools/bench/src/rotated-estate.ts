import type { PlacementItem } from '@vplan/placement';

export const SLOTS_PER_DAY = 288;

/**
 * How copies of a trace differ: rotated by whole days (the suggestion), by whole
 * weeks (copies keep their weekday pattern), or not at all (identical clones).
 */
export type Rotation = 'days' | 'weeks' | 'none';
export const ROTATIONS: readonly Rotation[] = ['days', 'weeks', 'none'];

/** Days copy `c` of a trace is rotated by, for a trace of `days` whole days. */
export function rotationDays(rotation: Rotation, copy: number, days: number): number {
  if (rotation === 'none' || days === 0) return 0;
  // 7 is prime to 30, so the first 30 day-rotated copies of a trace all differ.
  if (rotation === 'days') return (7 * copy) % days;
  const weeks = Math.floor(days / 7);
  return weeks === 0 ? 0 : 7 * (copy % weeks);
}

/**
 * Builds `count` VMs from base traces: VM k is trace `k mod n`, copy c = ⌊k / n⌋,
 * rotated in time by `rotationDays(rotation, c, days)` whole days. Demand lives in one
 * buffer per resource (count × slots Float32) so 10,000 × 8,640 × 2 stays at ~0.7 GB.
 */
export function rotatedItems(
  base: readonly (readonly Float32Array[])[],
  count: number,
  slots: number,
  rotation: Rotation = 'days',
): PlacementItem[] {
  const resources = base[0]?.length ?? 0;
  const days = Math.floor(slots / SLOTS_PER_DAY);
  const buffers = Array.from({ length: resources }, () => new Float32Array(count * slots));
  const items: PlacementItem[] = [];
  for (let k = 0; k < count; k++) {
    const trace = base[k % base.length]!;
    const shift = rotationDays(rotation, Math.floor(k / base.length), days) * SLOTS_PER_DAY;
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
