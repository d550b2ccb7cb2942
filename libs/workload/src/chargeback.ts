// Utilization against capacity and chargeback per group of assets (owner, department,
// cost center): resource-hours of measured demand, priced per resource.
import type { AssetCapacity, MetricSeries } from '@vplan/domain';
import { demandHours } from './series-views';

export type GroupBy = 'owner' | 'department' | 'cost_center';

/** Unit costs of demand (config: WORKLOADS_COST_PER_GHZ_HOUR, WORKLOADS_COST_PER_GIB_HOUR). */
export interface UnitCosts {
  readonly perGhzHour: number;
  readonly perGibHour: number;
  readonly currency: string;
}

/** One asset's measured demand, its capacity and its group. */
export interface AssetUsage {
  readonly group: string;
  readonly capacity: AssetCapacity;
  readonly series: readonly MetricSeries[];
}

/** Demand against capacity of one resource, in resource-hours. */
export interface ResourceUse {
  /** Σ demand × hours (GHz·h for cpu, GiB·h for memory). */
  readonly demandHours: number;
  /** Σ provisioned capacity × measured hours of the assets that have a capacity. */
  readonly capacityHours: number;
  /** demandHours of assets with a capacity ÷ capacityHours; null without any capacity. */
  readonly utilization: number | null;
  /** Share of the estate's demand-hours of this resource, 0–1. */
  readonly share: number;
}

export interface GroupUsage {
  readonly group: string;
  readonly assets: number;
  readonly cpu: ResourceUse;
  readonly memory: ResourceUse;
  /** cpu GHz·h × perGhzHour + memory GiB·h × perGibHour. */
  readonly chargeback: number;
}

/** Group name of assets whose group attribute is not set. */
export const UNASSIGNED = '(unassigned)';

/**
 * Utilization and chargeback per group. Chargeback prices what each group used, not what
 * it reserved: its demand-hours of each resource (the sum over its 5-minute samples of
 * demand × 1/12 h) × the unit cost of that resource; so the groups' charges add up to the
 * estate's demand-hours × the unit costs, each group paying its share. Utilization is
 * demand-hours ÷ capacity-hours over the hours each asset was measured.
 */
export function chargeback(usages: readonly AssetUsage[], costs: UnitCosts): GroupUsage[] {
  interface Acc {
    assets: number;
    cpu: { d: number; dc: number; c: number };
    memory: { d: number; dc: number; c: number };
  }
  const groups = new Map<string, Acc>();
  const total = { cpu: 0, memory: 0 };
  for (const usage of usages) {
    let acc = groups.get(usage.group);
    if (!acc) {
      acc = { assets: 0, cpu: { d: 0, dc: 0, c: 0 }, memory: { d: 0, dc: 0, c: 0 } };
      groups.set(usage.group, acc);
    }
    acc.assets++;
    for (const s of usage.series) {
      if (s.metric !== 'cpu' && s.metric !== 'memory') continue;
      const { hours, sampledHours } = demandHours(s);
      const scale = s.metric === 'cpu' ? 1 / 1000 : 1; // MHz·h → GHz·h
      const capacity = s.metric === 'cpu' ? usage.capacity.cpuMhz : usage.capacity.memoryGiB;
      const into = acc[s.metric];
      into.d += hours * scale;
      total[s.metric] += hours * scale;
      if (capacity !== undefined && capacity > 0) {
        into.dc += hours * scale;
        into.c += capacity * scale * sampledHours;
      }
    }
  }
  const use = (r: { d: number; dc: number; c: number }, all: number): ResourceUse => ({
    demandHours: r.d,
    capacityHours: r.c,
    utilization: r.c > 0 ? r.dc / r.c : null,
    share: all > 0 ? r.d / all : 0,
  });
  return [...groups]
    .map(([group, acc]) => ({
      group,
      assets: acc.assets,
      cpu: use(acc.cpu, total.cpu),
      memory: use(acc.memory, total.memory),
      chargeback: acc.cpu.d * costs.perGhzHour + acc.memory.d * costs.perGibHour,
    }))
    .sort((a, b) => b.chargeback - a.chargeback || (a.group < b.group ? -1 : 1));
}
