import type { Random, TimeGrid } from '@vplan/domain';
import type { ServerSpec } from './portfolio';
import { chance, clamp, normal, quickNormal, uniform } from './sampling';
import { slotsPerDay } from './time-model';

/** Memory parameters of one server, as shares of its memory capacity. */
interface MemoryTraits {
  /** Used after boot (OS, services, heaps). */
  readonly base: number;
  /** Extra use at full activity (sessions, batch working sets), following the CPU. */
  readonly swing: number;
  /** Buffer cache a database or file server fills after a restart, if any. */
  readonly cache: number;
}

function traits(spec: ServerSpec, r: Random): MemoryTraits {
  const { tier, role } = spec.role;
  const db = tier === 'db';
  const fileServer = role === 'file-server';
  switch (spec.archetype) {
    case 'interactive':
      return {
        base: db
          ? uniform(r, 0.45, 0.65)
          : tier === 'web'
            ? uniform(r, 0.3, 0.5)
            : uniform(r, 0.35, 0.6),
        swing: uniform(r, 0.02, 0.08),
        cache: db || fileServer ? uniform(r, 0.1, 0.25) : 0,
      };
    case 'batch':
      return {
        base: db ? uniform(r, 0.4, 0.6) : uniform(r, 0.25, 0.45),
        swing: uniform(r, 0.1, 0.25),
        cache: db ? uniform(r, 0.05, 0.15) : 0,
      };
    case 'steady':
      return { base: uniform(r, 0.25, 0.5), swing: uniform(r, 0, 0.03), cache: 0 };
    case 'bursty':
      return { base: uniform(r, 0.15, 0.3), swing: uniform(r, 0.15, 0.35), cache: 0 };
    case 'standby':
      return { base: uniform(r, 0.55, 0.8), swing: 0, cache: 0 };
    case 'idle':
      return { base: uniform(r, 0.12, 0.3), swing: 0, cache: 0 };
  }
}

/**
 * Draws the memory in use of one server over the grid, in GiB: mostly flat, with slow
 * drift, a swing that follows the CPU load (`cpu`, MHz) and, for databases and file
 * servers, a cache that grows after a restart. Never above 97 % of the capacity.
 */
export function synthesizeMemory(
  spec: ServerSpec,
  grid: TimeGrid,
  random: Random,
  cpu: Float32Array,
): Float32Array {
  const r = random;
  const capacity = spec.hardware.memoryGiB;
  const t = traits(spec, r);
  // A web or app server's working set hardly grows with the box: big servers are mostly
  // empty, small ones full. Databases size their buffer pool to the memory they get.
  const fill = spec.role.tier === 'db' ? 1 : clamp((48 / capacity) ** 0.3, 0.45, 1.3);
  const base = Math.min(t.base * fill, 0.85);
  const perDay = slotsPerDay(grid);
  // Slow drift (data growth, leaks), per week; forgotten servers barely change.
  const quiet = spec.archetype === 'idle' || spec.archetype === 'standby';
  const driftPerSlot = ((quiet ? 0.1 : 1) * (0.006 + 0.008 * normal(r))) / (7 * perDay);
  const cacheMax = clamp(0.95 - base - t.swing, 0, t.cache);
  const tauSlots = uniform(r, 2, 8) * perDay;
  const age0 = uniform(r, 0, 20) * perDay;
  // A restart in the span (patching) empties the cache, which then fills again.
  const restart = cacheMax > 0 && chance(r, 0.3) ? r.int(grid.slots) : -1;

  let peak = 0;
  for (const value of cpu) if (value > peak) peak = value;
  const out = new Float32Array(grid.slots);
  const phi = 0.95;
  const innovation = (quiet ? 0.002 : 0.005) * Math.sqrt(1 - phi * phi);
  const toActivity = peak > 0 ? 1 / peak : 0;
  // exp(-age / τ), updated by one multiplication per slot.
  const decay = Math.exp(-1 / tauSlots);
  let empty = Math.exp(-age0 / tauSlots);
  const swing = t.swing;
  let noise = 0;
  let activity = 0;
  for (let i = 0; i < out.length; i++) {
    activity += 0.1 * ((cpu[i] as number) * toActivity - activity);
    noise = phi * noise + innovation * quickNormal(r);
    if (i === restart) empty = 1;
    const share = base + driftPerSlot * i + swing * activity + cacheMax * (1 - empty) + noise;
    out[i] = clamp(share, 0.02, 0.97) * capacity;
    empty *= decay;
  }
  return out;
}
