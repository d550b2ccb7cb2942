import type { PlacementProblem } from './problem';
import type { ItemProfiles } from './item-profile';
import type { HardRules } from './rules';
import { HostRuleState } from './rules';
import { AllocationLedger } from './allocation';
import { CAPACITY_TOLERANCE, countExceeding } from './exceedance';

interface Host {
  readonly items: number[];
  readonly load: Float64Array[];
  readonly blockMax: Float64Array[];
  readonly peak: Float64Array;
  readonly argmax: Int32Array;
  readonly rules: HostRuleState;
  /** Σ over resources and slots of the load above the limit, relative to the limit (0 when feasible). */
  overflow: number;
  /** Slots over the limit in any resource; kept only when exceedance is allowed. */
  exceed: number;
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
  private readonly allocation: AllocationLedger;
  /** Slots a host may exceed its limit in (`problem.allowedExceedance`, default 0). */
  readonly allowed: number;
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
    this.allocation = new AllocationLedger(problem);
    this.allowed = problem.allowedExceedance ?? 0;
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
      exceed: 0,
      open: true,
    });
    this.allocation.openHost();
    return this.hosts.length - 1;
  }

  /** Hosts that hold at least one item. */
  usedHosts(): number {
    let n = 0;
    for (const h of this.hosts) if (h.items.length > 0) n++;
    return n;
  }

  /**
   * Whether the hard rules and the allocation limits let `item` join host `h` once the
   * items in `leaving` (currently on `h`) are gone. Capacity over time is not checked.
   */
  allows(h: number, item: number, leaving: readonly number[] = []): boolean {
    return (
      this.hosts[h]!.rules.allows(item, leaving) &&
      (this.allocation.dims === 0 || this.allocation.allows(h, item, leaving))
    );
  }

  /**
   * Whether `item` fits on host `h` once the items in `leaving` (currently on `h`) are
   * gone: the hard rules and allocation limits allow it, and the host stays within its
   * limit at every slot and for every resource, or, with an allowed exceedance E, is
   * over it in at most E slots.
   */
  fits(h: number, item: number, leaving: readonly number[] = []): boolean {
    const host = this.hosts[h]!;
    // Every call is work, rule rejections included: the budget must bound them too.
    this.checks++;
    if (!host.open || !this.allows(h, item, leaving)) return false;
    if (this.allowed > 0) return this.fitsWithinExceedance(h, item, leaving);
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

  /** `fits` for an allowed exceedance E > 0: at most E slots over a limit. */
  private fitsWithinExceedance(h: number, item: number, leaving: readonly number[]): boolean {
    const host = this.hosts[h]!;
    const { R, limit, profiles } = this;
    let peaksFit = true;
    for (let r = 0; r < R && peaksFit; r++)
      peaksFit = host.peak[r]! + profiles.peak[item * R + r]! <= limit[r]!;
    if (peaksFit) return true;
    // Demand is never negative: a host already over E slots stays over with more items.
    if (leaving.length === 0 && host.exceed > this.allowed) return false;
    const items = this.problem.items;
    const joining = { demand: items[item]!.demand, blockMax: profiles.blockMax[item]! };
    const leavingDemand = leaving.map((l) => items[l]!.demand);
    const over = countExceeding(
      host,
      joining,
      leavingDemand,
      limit,
      profiles.blockSize,
      this.allowed,
    );
    return over <= this.allowed;
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
    if (this.allocation.dims > 0) this.allocation.apply(h, item, sign);
    if (this.allowed > 0)
      host.exceed =
        overflow > 0 ? countExceeding(host, undefined, [], this.limit, blockSize, Infinity) : 0;
  }

  /** Limit per resource: usable capacity with the rounding tolerance. */
  limitOf(r: number): number {
    return this.limit[r]!;
  }

  /**
   * Whether every open host is acceptable: within its limits at every slot, or, with an
   * allowed exceedance E, over them in at most E slots.
   */
  feasible(): boolean {
    if (this.allowed === 0) return this.totalOverflow() <= 0;
    return this.hosts.every((host) => !host.open || host.exceed <= this.allowed);
  }

  /** Whether host `h` is not acceptable (see `feasible`): the overflow search must relieve it. */
  overloaded(h: number): boolean {
    const host = this.hosts[h]!;
    return this.allowed === 0 ? host.overflow > 0 : host.exceed > this.allowed;
  }

  /** Total overflow of the open hosts (0 when every host is within capacity). */
  totalOverflow(): number {
    let sum = 0;
    for (const host of this.hosts) if (host.open) sum += host.overflow;
    return sum;
  }
}
