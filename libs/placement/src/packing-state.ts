import type { PlacementProblem } from './problem';
import type { ItemProfiles } from './item-profile';
import type { HardRules } from './rules';
import { HostRuleState } from './rules';

/** Relative tolerance on capacity, so that float rounding never rejects an exact fit. */
export const CAPACITY_TOLERANCE = 1e-9;

interface Host {
  readonly items: number[];
  readonly load: Float64Array[];
  readonly blockMax: Float64Array[];
  readonly peak: Float64Array;
  readonly argmax: Int32Array;
  readonly rules: HostRuleState;
  /** Σ over resources and slots of the load above the limit, relative to the limit (0 when feasible). */
  overflow: number;
  open: boolean;
}

/**
 * Hosts being filled: the summed demand per resource and slot, kept with per-block
 * maxima and the peak slot so that `fits` decides most cases without a full scan.
 * Moves can be journaled and rolled back.
 */
export class PackingState {
  readonly hosts: Host[] = [];
  /** Host index of each item, −1 when unplaced. */
  readonly hostOf: Int32Array;
  private readonly R: number;
  private readonly T: number;
  private readonly limit: Float64Array;
  private journal: { item: number; from: number; to: number }[] | undefined;
  /** Fit checks done: the work unit that budgets the search deterministically. */
  checks = 0;

  constructor(
    readonly problem: PlacementProblem,
    readonly profiles: ItemProfiles,
    readonly rules: HardRules,
  ) {
    this.R = problem.resources.length;
    this.T = problem.slots;
    this.limit = Float64Array.from(problem.usable, (u) => u * (1 + CAPACITY_TOLERANCE));
    this.hostOf = new Int32Array(problem.items.length).fill(-1);
  }

  /** Opens an empty host and returns its index. */
  openHost(): number {
    const { R, T, profiles } = this;
    this.hosts.push({
      items: [],
      load: Array.from({ length: R }, () => new Float64Array(T)),
      blockMax: Array.from({ length: R }, () => new Float64Array(profiles.blocks)),
      peak: new Float64Array(R),
      argmax: new Int32Array(R),
      rules: new HostRuleState(this.rules),
      overflow: 0,
      open: true,
    });
    return this.hosts.length - 1;
  }

  /** Hosts that hold at least one item. */
  usedHosts(): number {
    let n = 0;
    for (const h of this.hosts) if (h.items.length > 0) n++;
    return n;
  }

  /**
   * Whether `item` fits on host `h` at every slot and for every resource once the items
   * in `leaving` (currently on `h`) are gone, and the hard rules allow it.
   */
  fits(h: number, item: number, leaving: readonly number[] = []): boolean {
    const host = this.hosts[h]!;
    // Every call is work, rule rejections included: the budget must bound them too.
    this.checks++;
    if (!host.open || !host.rules.allows(item, leaving)) return false;
    const { R, T, limit, profiles } = this;
    const items = this.problem.items;
    const { blockSize, blocks } = profiles;
    for (let r = 0; r < R; r++) {
      const lim = limit[r]!;
      const itemPeak = profiles.peak[item * R + r]!;
      if (host.peak[r]! + itemPeak <= lim) continue;
      const load = host.load[r]!;
      const d = items[item]!.demand[r]!;
      const hb = host.blockMax[r]!;
      const ib = profiles.blockMax[item]![r]!;
      const hot1 = host.argmax[r]!;
      const hot2 = profiles.argmax[item * R + r]!;
      if (leaving.length === 0) {
        if (load[hot1]! + d[hot1]! > lim || load[hot2]! + d[hot2]! > lim) return false;
        for (let b = 0; b < blocks; b++) {
          if (hb[b]! + ib[b]! <= lim) continue;
          const end = Math.min(T, (b + 1) * blockSize);
          for (let t = b * blockSize; t < end; t++) if (load[t]! + d[t]! > lim) return false;
        }
        continue;
      }
      const leavingDemand = leaving.map((l) => items[l]!.demand[r]!);
      const at = (t: number): number => {
        let v = load[t]! + d[t]!;
        for (const ld of leavingDemand) v -= ld[t]!;
        return v;
      };
      if (at(hot1) > lim || at(hot2) > lim) return false;
      for (let b = 0; b < blocks; b++) {
        if (hb[b]! + ib[b]! <= lim) continue;
        const end = Math.min(T, (b + 1) * blockSize);
        for (let t = b * blockSize; t < end; t++) if (at(t) > lim) return false;
      }
    }
    return true;
  }

  /** Places `item` on host `h` (the caller has checked `fits`). */
  add(item: number, h: number): void {
    this.apply(item, h, 1);
    this.hosts[h]!.items.push(item);
    this.hosts[h]!.rules.add(item);
    this.hostOf[item] = h;
    this.journal?.push({ item, from: -1, to: h });
  }

  /** Takes `item` off its host. */
  remove(item: number): void {
    const h = this.hostOf[item]!;
    const host = this.hosts[h]!;
    this.apply(item, h, -1);
    const at = host.items.indexOf(item);
    host.items[at] = host.items[host.items.length - 1]!;
    host.items.pop();
    host.rules.remove(item);
    this.hostOf[item] = -1;
    this.journal?.push({ item, from: h, to: -1 });
  }

  /** Closes or reopens a host to new items. */
  setOpen(h: number, open: boolean): void {
    this.hosts[h]!.open = open;
  }

  /** Starts recording moves so that `rollback` can undo them. */
  begin(): void {
    this.journal = [];
  }

  /** Keeps the moves since `begin`. */
  commit(): void {
    this.journal = undefined;
  }

  /** Undoes every move since `begin`, newest first. */
  rollback(): void {
    const journal = this.journal ?? [];
    this.journal = undefined;
    for (let k = journal.length - 1; k >= 0; k--) {
      const { item, from, to } = journal[k]!;
      if (to >= 0) this.remove(item);
      if (from >= 0) this.add(item, from);
    }
  }

  /** Summed demand of host `h` over time: `load[r][t]`. */
  loadOf(h: number): readonly Float64Array[] {
    return this.hosts[h]!.load;
  }

  private apply(item: number, h: number, sign: 1 | -1): void {
    const { R, T } = this;
    const host = this.hosts[h]!;
    const { blockSize, blocks } = this.profiles;
    let overflow = 0;
    for (let r = 0; r < R; r++) {
      const lim = this.limit[r]!;
      const load = host.load[r]!;
      const d = this.problem.items[item]!.demand[r]!;
      const bm = host.blockMax[r]!;
      let peak = -Infinity;
      let argmax = 0;
      for (let b = 0, t = 0; b < blocks; b++) {
        const end = Math.min(T, t + blockSize);
        let m = -Infinity;
        for (; t < end; t++) {
          const v = (load[t] = load[t]! + sign * d[t]!);
          if (v > m) m = v;
        }
        bm[b] = m;
        if (m > lim) {
          for (let u = b * blockSize; u < end; u++) {
            if (load[u]! > lim) overflow += (load[u]! - lim) / lim;
          }
        }
        if (m > peak) {
          peak = m;
          argmax = -1 - b;
        }
      }
      // Locate the exact peak slot inside the block that holds it.
      const b = -1 - argmax;
      const end = Math.min(T, (b + 1) * blockSize);
      for (let t = b * blockSize; t < end; t++) {
        if (load[t] === peak) {
          argmax = t;
          break;
        }
      }
      host.peak[r] = peak;
      host.argmax[r] = argmax;
    }
    host.overflow = overflow;
  }

  /** Limit per resource: usable capacity with the rounding tolerance. */
  limitOf(r: number): number {
    return this.limit[r]!;
  }

  /** Total overflow of the open hosts (0 when every host is within capacity). */
  totalOverflow(): number {
    let sum = 0;
    for (const host of this.hosts) if (host.open) sum += host.overflow;
    return sum;
  }

  /**
   * Largest load of host `h` relative to its limit, over slots and resources, if `item`
   * joined it. Blocks whose upper bound cannot beat the best found so far are skipped.
   */
  peakWith(h: number, item: number): number {
    const host = this.hosts[h]!;
    const { R, T, profiles } = this;
    const { blockSize, blocks } = profiles;
    let best = 0;
    for (let r = 0; r < R; r++) {
      const lim = this.limit[r]!;
      const load = host.load[r]!;
      const d = this.problem.items[item]!.demand[r]!;
      const hb = host.blockMax[r]!;
      const ib = profiles.blockMax[item]![r]!;
      for (let b = 0; b < blocks; b++) {
        if ((hb[b]! + ib[b]!) / lim <= best) continue;
        const end = Math.min(T, (b + 1) * blockSize);
        for (let t = b * blockSize; t < end; t++) {
          const v = (load[t]! + d[t]!) / lim;
          if (v > best) best = v;
        }
      }
    }
    return best;
  }

  /** Calls `visit` for every slot where host `h` is above its limit of resource `r`. */
  forEachOverload(h: number, visit: (r: number, t: number) => void): void {
    const host = this.hosts[h]!;
    const { R, T } = this;
    const { blockSize, blocks } = this.profiles;
    for (let r = 0; r < R; r++) {
      const lim = this.limit[r]!;
      if (host.peak[r]! <= lim) continue;
      const load = host.load[r]!;
      const hb = host.blockMax[r]!;
      for (let b = 0; b < blocks; b++) {
        if (hb[b]! <= lim) continue;
        const end = Math.min(T, (b + 1) * blockSize);
        for (let t = b * blockSize; t < end; t++) if (load[t]! > lim) visit(r, t);
      }
    }
  }

  /**
   * Change of the summed overflow if host `h` gains the items in `adding` and loses
   * those in `leaving` (capacity only; rules are the caller's). Scans only the blocks
   * where the host could be above its limit before or after. With `weights`, each slot's
   * overflow counts `weights(r)[t]` times (penalties of a guided search). Counts its work
   * in `checks`: one, plus one per `SLOTS_PER_CHECK` slots scanned.
   */
  overflowDelta(
    h: number,
    adding: readonly number[],
    leaving: readonly number[],
    weights?: (r: number) => Float32Array | undefined,
  ): number {
    const host = this.hosts[h]!;
    const { R, T, profiles } = this;
    const items = this.problem.items;
    const { blockSize, blocks } = profiles;
    let delta = 0;
    let scanned = 0;
    for (let r = 0; r < R; r++) {
      const lim = this.limit[r]!;
      if (host.peak[r]! <= lim) {
        let addPeak = 0;
        for (const a of adding) addPeak += profiles.peak[a * R + r]!;
        if (host.peak[r]! + addPeak <= lim) continue;
      }
      const load = host.load[r]!;
      const hb = host.blockMax[r]!;
      const add = adding.map((a) => items[a]!.demand[r]!);
      const addBlocks = adding.map((a) => profiles.blockMax[a]![r]!);
      const leave = leaving.map((l) => items[l]!.demand[r]!);
      const w = weights?.(r);
      for (let b = 0; b < blocks; b++) {
        let upper = hb[b]!;
        for (const ab of addBlocks) upper += ab[b]!;
        if (upper <= lim) continue;
        const end = Math.min(T, (b + 1) * blockSize);
        scanned += end - b * blockSize;
        for (let t = b * blockSize; t < end; t++) {
          const before = load[t]!;
          let after = before;
          for (const d of add) after += d[t]!;
          for (const d of leave) after -= d[t]!;
          let change = 0;
          if (after > lim) change += (after - lim) / lim;
          if (before > lim) change -= (before - lim) / lim;
          delta += w ? change * w[t]! : change;
        }
      }
    }
    this.checks += 1 + Math.floor(scanned / SLOTS_PER_CHECK);
    return delta;
  }
}

/**
 * Slots an overflow evaluation scans for the work of one fit check (about the cost of a
 * `fits` call): the budget then measures the search's time alike in every phase.
 */
const SLOTS_PER_CHECK = 32;
