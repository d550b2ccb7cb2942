import type { Random, TimeGrid } from '@vplan/domain';
import type { ServerSpec } from './portfolio';
import { chance, clamp, logNormal, quickNormal, uniform } from './sampling';
import {
  dayInfo,
  mean,
  slotsPerDay,
  weekSlotOfStart,
  weeklyTemplate,
  type DailyPattern,
  type UserRegion,
} from './time-model';
import { daylightShiftSlots, shiftAt } from './zone-clock';

/** Where the users of a follow-the-sun application are (zone, standard UTC offset in hours, share). */
const GLOBAL_REGIONS = [
  ['Europe/Amsterdam', 1, 0.5],
  ['America/New_York', -5, 0.3],
  ['Asia/Singapore', 8, 0.2],
] as const;

/** Per-server view of the grid in the server's local time. */
interface LocalClock {
  readonly grid: TimeGrid;
  readonly perDay: number;
  readonly perHour: number;
  /** Local slot of day of grid slot 0: grid slot i is in local day ⌊(i + phase) / perDay⌋. */
  readonly phase: number;
  /** Local day number (days since 1970-01-01, local) of grid slot 0. */
  readonly firstDay: number;
  /** Local days the grid touches. */
  readonly days: number;
  /** Per slot, slots of daylight saving on top of the standard offset (null: none). */
  readonly shift: Int16Array | null;
}

/** The users' activity per grid slot, and the mean of the week it is drawn from. */
interface Activity {
  readonly at: Float32Array;
  readonly mean: number;
}

/**
 * Draws the CPU demand of one server over the grid, in MHz, never above the server's
 * capacity. `primary` is the CPU series of the production server a `standby` follows.
 */
export function synthesizeCpu(
  spec: ServerSpec,
  grid: TimeGrid,
  random: Random,
  primary?: Float32Array,
): Float32Array {
  const perDay = slotsPerDay(grid);
  const offsetSlots = Math.round((spec.utcOffsetMinutes * 60) / grid.stepSeconds);
  const localStart = grid.origin + offsetSlots;
  const phase = ((localStart % perDay) + perDay) % perDay;
  const clock: LocalClock = {
    grid,
    perDay,
    perHour: perDay / 24,
    phase,
    firstDay: Math.floor(localStart / perDay),
    days: Math.ceil((grid.slots + phase) / perDay),
    shift: daylightShiftSlots(spec.timeZone, spec.standardOffsetMinutes, grid),
  };
  const regions: ZonedRegion[] = spec.global
    ? GLOBAL_REGIONS.map(([zone, hours, weight]) => ({
        offsetSlots: Math.round((hours * 3600) / grid.stepSeconds),
        weight,
        shift: daylightShiftSlots(zone, hours * 60, grid),
      }))
    : [{ offsetSlots, weight: 1, shift: clock.shift }];
  const frac = new Float32Array(grid.slots);
  // Bigger boxes run the same kind of workload at a lower share of their capacity.
  const sizeFactor = (8 / spec.hardware.cores) ** 0.3;
  const r = random;
  const template = (): Activity => activityOf(grid, spec.pattern, regions);
  switch (spec.archetype) {
    case 'interactive': {
      const level = clamp(logNormal(r, 0.035, 0.8) * sizeFactor, 0.004, 0.3);
      cycle(frac, clock, r, template(), level, uniform(r, 0.25, 0.5), 0.12, 0.2);
      if (spec.role.tier === 'db') nightly(frac, clock, r, DATABASE_BACKUP);
      break;
    }
    case 'steady':
      cycle(
        frac,
        clock,
        r,
        template(),
        clamp(logNormal(r, 0.04, 0.6) * sizeFactor, 0.01, 0.4),
        uniform(r, 0.7, 0.95),
        0.03,
        0.08,
      );
      break;
    case 'batch':
      cycle(frac, clock, r, template(), uniform(r, 0.005, 0.02), uniform(r, 0.4, 0.8), 0.1, 0.15);
      nightly(frac, clock, r, batchWindow(spec, r));
      break;
    case 'idle':
      idle(frac, clock, r);
      break;
    case 'bursty':
      bursts(frac, clock, r, template());
      break;
    case 'standby':
      follow(frac, r, primary, spec.hardware.cpuMhz);
      break;
  }
  const capacity = spec.hardware.cpuMhz;
  for (let i = 0; i < frac.length; i++) frac[i] = clamp(frac[i] ?? 0, 0, 1) * capacity;
  return frac;
}

/** A user region with its daylight saving over the grid. */
interface ZonedRegion extends UserRegion {
  readonly shift: Int16Array | null;
}

/**
 * The weekly template laid over the grid, each region in its own local time: with
 * daylight saving, the working day starts an hour earlier in UTC in summer.
 */
function activityOf(
  grid: TimeGrid,
  pattern: DailyPattern,
  regions: readonly ZonedRegion[],
): Activity {
  const template = weeklyTemplate(grid, pattern, regions);
  const perWeek = template.length;
  const at = new Float32Array(grid.slots);
  const start = weekSlotOfStart(grid);
  if (regions.every((region) => region.shift === null)) {
    for (let i = 0, k = start; i < at.length; i++, k = k + 1 === perWeek ? 0 : k + 1)
      at[i] = template[k] ?? 0;
  } else {
    const local = weeklyTemplate(grid, pattern, [{ offsetSlots: 0, weight: 1 }]);
    for (const { offsetSlots, weight, shift } of regions) {
      for (let i = 0; i < at.length; i++) {
        const k = (((start + i + offsetSlots + shiftAt(shift, i)) % perWeek) + perWeek) % perWeek;
        at[i] = (at[i] ?? 0) + weight * (local[k] ?? 0);
      }
    }
  }
  return { at, mean: mean(template) };
}

/** AR(1) noise with unit variance: realistic traces are autocorrelated from slot to slot. */
function arNoise(random: Random, phi: number): () => number {
  const innovation = Math.sqrt(1 - phi * phi);
  let n = 0;
  return () => (n = phi * n + innovation * quickNormal(random));
}

/**
 * A daily and weekly cycle with mean ≈ `level`: a floor of `floor × level` plus the
 * template's shape, day-to-day variation (σ `daySigma`), noise (σ `noise`) and rare spikes.
 */
function cycle(
  out: Float32Array,
  clock: LocalClock,
  r: Random,
  activity: Activity,
  level: number,
  floor: number,
  daySigma: number,
  noise: number,
): void {
  const shape = (level * (1 - floor)) / Math.max(activity.mean, 1e-6);
  const days = Float32Array.from({ length: clock.days }, () => logNormal(r, 1, daySigma));
  const next = arNoise(r, 0.85);
  // Spikes (a report, a scan) are rare: draw the gap to the next one, not a coin per slot.
  let nextSpike = spikeGap(r);
  let spikeEnd = -1;
  let spikeFactor = 1;
  for (let i = 0; i < out.length; i++) {
    const day = Math.floor((i + clock.phase + shiftAt(clock.shift, i)) / clock.perDay);
    let f = (level * floor + shape * (activity.at[i] ?? 0)) * (days[day] ?? 1);
    f *= Math.max(0.1, 1 + noise * next());
    if (i === nextSpike) {
      spikeEnd = i + 1 + r.int(3);
      spikeFactor = uniform(r, 1.5, 3);
      nextSpike = spikeEnd + spikeGap(r);
    }
    out[i] = (out[i] ?? 0) + (i < spikeEnd ? f * spikeFactor : f);
  }
}

/** Slots to the next spike: geometric with a spike every 500 slots on average. */
function spikeGap(r: Random): number {
  return Math.floor(Math.log(1 - r.next()) / Math.log(1 - 0.002));
}

interface Window {
  /** Start, local hours after midnight (negative: the evening before). */
  readonly start: readonly [number, number];
  readonly hours: readonly [number, number];
  /** Peak share of capacity. */
  readonly height: readonly [number, number];
  /** Jobs run one after the other inside the window. */
  readonly steps: number;
  /** Nights after which no business day was booked (Sunday, Monday) run light. */
  readonly businessNights?: boolean;
  readonly monthEnd?: boolean;
}

/** The nightly backup of a business database: a modest bump before midnight. */
const DATABASE_BACKUP: Window = {
  start: [22.5, 23.5],
  hours: [0.5, 1],
  height: [0.08, 0.2],
  steps: 1,
};

/** Night windows by role: backups run from the late evening, patching briefly at 02:00. */
function batchWindow(spec: ServerSpec, r: Random): Window {
  const height = clamp(logNormal(r, spec.role.tier === 'db' ? 0.35 : 0.5, 0.35), 0.15, 0.95);
  const peak = [height * 0.85, height] as const;
  if (spec.role.role === 'backup')
    return { start: [-2.5, -1], hours: [5, 7], height: peak, steps: 3 };
  if (spec.role.role === 'patch-server')
    return { start: [2, 3], hours: [1, 2], height: peak, steps: 1 };
  return {
    start: [0.75, 1.75],
    hours: [2, 3],
    height: peak,
    steps: 1 + r.int(3),
    businessNights: true,
    monthEnd: true,
  };
}

/** Adds one window of jobs per local night (heavier and longer at month end). */
function nightly(out: Float32Array, clock: LocalClock, r: Random, w: Window): void {
  const startHour = uniform(r, w.start[0], w.start[1]);
  const hours = uniform(r, w.hours[0], w.hours[1]);
  const noise = arNoise(r, 0.7);
  for (let d = 0; d <= clock.days; d++) {
    const info = dayInfo(clock.firstDay + d);
    const light = w.businessNights === true && (info.dayOfWeek === 6 || info.dayOfWeek === 0);
    const heavy = w.monthEnd === true && info.monthEnd;
    const scale = light ? 0.35 : heavy ? 1.35 : 1;
    const length = Math.round(hours * (heavy ? 1.8 : 1) * uniform(r, 0.85, 1.15) * clock.perHour);
    let at =
      Math.round((d * 24 + startHour + uniform(r, -0.25, 0.25)) * clock.perHour) - clock.phase;
    at -= shiftAt(clock.shift, at);
    for (let step = 0; step < w.steps; step++) {
      const height = uniform(r, w.height[0], w.height[1]) * scale;
      const end = at + Math.max(1, Math.round(length / w.steps));
      for (let i = Math.max(at, 0); i < Math.min(end, out.length); i++) {
        out[i] = (out[i] ?? 0) + height * Math.max(0.3, 1 + 0.12 * noise());
      }
      at = end;
    }
  }
}

/** About 1 % CPU with a little noise and a short daily agent run (update check, scan). */
function idle(out: Float32Array, clock: LocalClock, r: Random): void {
  const level = uniform(r, 0.004, 0.015);
  const agentSlot = r.int(clock.perDay);
  const next = arNoise(r, 0.5);
  for (let i = 0; i < out.length; i++) {
    const agent = (i + clock.phase + shiftAt(clock.shift, i)) % clock.perDay === agentSlot ? 3 : 1;
    out[i] = level * agent * Math.max(0.2, 1 + 0.2 * next());
  }
}

/** Short bursts (10 min to 2 h) at random, likelier in office hours, over a low floor. */
function bursts(out: Float32Array, clock: LocalClock, r: Random, activity: Activity): void {
  const floor = uniform(r, 0.01, 0.03);
  const perDay = uniform(r, 1, 6) / clock.perDay;
  const height = clamp(logNormal(r, 0.45, 0.4), 0.15, 0.98);
  const next = arNoise(r, 0.8);
  let left = 0;
  let burst = 0;
  for (let i = 0; i < out.length; i++) {
    if (left > 0) left--;
    else if (chance(r, perDay * (0.4 + 1.2 * (activity.at[i] ?? 0)))) {
      left = 2 + r.int(23);
      burst = height * uniform(r, 0.5, 1);
    }
    const level = floor + (left > 0 ? burst : 0);
    out[i] = level * Math.max(0.2, 1 + 0.15 * next());
  }
}

/** A DR replica: a small floor plus a share of its primary's load (log shipping, apply). */
function follow(
  out: Float32Array,
  r: Random,
  primary: Float32Array | undefined,
  capacity: number,
): void {
  const floor = uniform(r, 0.004, 0.01);
  const share = uniform(r, 0.1, 0.25) / capacity;
  const next = arNoise(r, 0.8);
  for (let i = 0; i < out.length; i++) {
    out[i] = (floor + share * (primary?.[i] ?? 0)) * Math.max(0.2, 1 + 0.1 * next());
  }
}
