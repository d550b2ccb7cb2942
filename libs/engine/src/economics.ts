import type { LicenceKind, TargetModel } from '@vplan/domain';
import type { PlanEconomics, PlanEconomicsFigures } from '@vplan/formats';
import { licensedCores } from './licensing';

/**
 * What hosts cost per month: hardware, energy and per-core licences. Pure, no I/O.
 * Public API (docs/economics.md):
 *
 *   energyKwhPerMonth(power: PowerWatts, cpuUtilization: ArrayLike<number>, hoursPerMonth = 730): number
 *   hostMonthlyCost(input: HostCostInput): HostMonthlyCost
 *   planEconomics(input: PlanEconomicsInput): PlanEconomics
 *   objectiveValue(figures: ObjectiveFigures, objective: Objective): number
 *   sumFigures(hosts: readonly HostMonthlyCost[]): PlanEconomicsFigures
 *   todayHostCost(input: TodayHostCostInput): HostMonthlyCost
 */

export type Objective = PlanEconomics['objective'];
export interface PowerWatts {
  readonly idle: number;
  readonly peak: number;
}

/** Hours in a month: 365 × 24 / 12. */
export const HOURS_PER_MONTH = 730;

/**
 * Energy of one host per month, kWh, SPECpower-style linear model: mean over slots of
 * `idle + (peak − idle) × u` watts (u clamped to 0..1), × hours / 1000. No slot: idle.
 */
export function energyKwhPerMonth(
  power: PowerWatts,
  cpuUtilization: ArrayLike<number>,
  hoursPerMonth = HOURS_PER_MONTH,
): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < cpuUtilization.length; i++) {
    const u = cpuUtilization[i] ?? 0;
    if (!Number.isFinite(u)) continue;
    sum += Math.min(1, Math.max(0, u));
    n++;
  }
  const mean = n === 0 ? 0 : sum / n;
  return ((power.idle + (power.peak - power.idle) * mean) * hoursPerMonth) / 1000;
}

export interface HostCostInput {
  readonly model: TargetModel;
  /** Physical cores of the host; default `model.cores` (licences need one or the other). */
  readonly cores?: number;
  /** Processors of the host; default `model.sockets`, else 1. */
  readonly sockets?: number;
  /** CPU utilization of the host per slot, 0..1 (of the host's CPU capacity). */
  readonly cpuUtilization: ArrayLike<number>;
  /** Licences the host needs (see `hostLicences`). */
  readonly licences: Iterable<LicenceKind>;
  /** Price of one kWh in the plan's currency. */
  readonly pricePerKwh: number;
  /** Default 730. */
  readonly hoursPerMonth?: number;
}

export interface HostMonthlyCost {
  readonly hostCostPerMonth: number;
  readonly energyKwhPerMonth: number;
  readonly energyCostPerMonth: number;
  readonly licenceCostPerMonth: number;
  /** Licensed cores per product (0 when the host does not need it). */
  readonly licensedCores: { readonly windowsDatacenter: number; readonly sqlServer: number };
  /** hardware + energy + licences. */
  readonly costPerMonth: number;
  /** What was missing and counted as 0, one sentence each (model named). */
  readonly assumptions: readonly string[];
}

/** One host's monthly figures. A missing cost, power or licence price counts 0 and says so. */
export function hostMonthlyCost(input: HostCostInput): HostMonthlyCost {
  const { model } = input;
  const assumptions: string[] = [];
  const hostCost = model.costPerMonth ?? 0;
  if (model.costPerMonth === undefined)
    assumptions.push(`model ${model.name}: no cost_per_month, hardware counted as 0`);
  let kwh = 0;
  if (model.powerWatts)
    kwh = energyKwhPerMonth(model.powerWatts, input.cpuUtilization, input.hoursPerMonth);
  else assumptions.push(`model ${model.name}: no power_watts, energy counted as 0`);
  const kinds = new Set(input.licences);
  const cores = input.cores ?? model.cores;
  const sockets = input.sockets ?? model.sockets;
  const counted = { windowsDatacenter: 0, sqlServer: 0 };
  let licenceCost = 0;
  for (const kind of kinds) {
    const key = kind === 'windows-datacenter' ? 'windowsDatacenter' : 'sqlServer';
    if (cores === undefined) {
      assumptions.push(`model ${model.name}: cores unknown, ${kind} licences counted as 0`);
      continue;
    }
    counted[key] = licensedCores(cores, sockets);
    const price = model.licences?.[key]?.perCoreMonth;
    if (price === undefined)
      assumptions.push(`model ${model.name}: no ${kind} price per core, counted as 0`);
    else licenceCost += counted[key] * price;
  }
  const energyCost = kwh * input.pricePerKwh;
  return {
    hostCostPerMonth: hostCost,
    energyKwhPerMonth: kwh,
    energyCostPerMonth: energyCost,
    licenceCostPerMonth: licenceCost,
    licensedCores: counted,
    costPerMonth: hostCost + energyCost + licenceCost,
    assumptions,
  };
}

export type ObjectiveFigures = Pick<
  PlanEconomicsFigures,
  'hosts' | 'costPerMonth' | 'energyKwhPerMonth'
>;

/** The value the planner minimizes: cost per month, host count, or kWh per month. */
export function objectiveValue(figures: ObjectiveFigures, objective: Objective): number {
  if (objective === 'hosts') return figures.hosts;
  if (objective === 'power') return figures.energyKwhPerMonth;
  return figures.costPerMonth;
}

const cents = (x: number): number => Math.round(x * 100) / 100;
const tenths = (x: number): number => Math.round(x * 10) / 10;

/** Sums hosts' figures (money rounded to cents, kWh to 0.1 after summing). */
export function sumFigures(hosts: readonly HostMonthlyCost[]): PlanEconomicsFigures {
  let hw = 0;
  let energy = 0;
  let licence = 0;
  let kwh = 0;
  let win = 0;
  let sql = 0;
  for (const h of hosts) {
    hw += h.hostCostPerMonth;
    energy += h.energyCostPerMonth;
    licence += h.licenceCostPerMonth;
    kwh += h.energyKwhPerMonth;
    win += h.licensedCores.windowsDatacenter;
    sql += h.licensedCores.sqlServer;
  }
  const total = hw + energy + licence;
  return {
    hosts: hosts.length,
    hostCostPerMonth: cents(hw),
    energyCostPerMonth: cents(energy),
    licenceCostPerMonth: cents(licence),
    costPerMonth: cents(total),
    costPerYear: cents(total * 12),
    energyKwhPerMonth: tenths(kwh),
    licensedCores: { windowsDatacenter: win, sqlServer: sql },
  };
}

/** A plan host and its monthly figures. */
export interface PricedHost {
  readonly model: string;
  readonly cost: HostMonthlyCost;
}

export interface PlanEconomicsInput {
  readonly objective: Objective;
  readonly currency?: string;
  readonly pricePerKwh: number;
  /** Default 730. */
  readonly hoursPerMonth?: number;
  /** Every host of the plan. */
  readonly hosts: readonly PricedHost[];
  /** Objective value no plan of the placed assets can beat (the planner's bound). */
  readonly lowerBound: number;
  /** The bound on every objective, when the caller has them. */
  readonly bounds?: { readonly hosts: number; readonly cost: number; readonly power: number };
  /** Each model planned alone: its hosts and the assets it left unplaced. */
  readonly singleModels?: readonly {
    readonly model: string;
    readonly hosts: readonly HostMonthlyCost[];
    readonly unplaced: number;
  }[];
  /** Today's hosts, priced by the caller with `todayHostCost`. */
  readonly today?: readonly HostMonthlyCost[];
  /**
   * Peak-based sizing: its host count, priced at the mean per-host figures of `model`'s
   * hosts in this plan (else its single-model plan; absent model: of all plan hosts).
   */
  readonly peakBased?: { readonly hosts: number; readonly model?: string };
  /** Assumptions the caller made (kWh price default …), listed first. */
  readonly assumptions?: readonly string[];
}

/** Power assumed for a host of today whose model has no `power_watts`: a two-socket server. */
export const TODAY_DEFAULT_POWER_WATTS: PowerWatts = { idle: 150, peak: 350 };
/** CPU utilization assumed for a host of today with no usage figure. */
export const TODAY_DEFAULT_UTILIZATION = 0.5;

export interface TodayHostCostInput {
  /** Today's host name, for the assumptions. */
  readonly name: string;
  /** The host's own model when its cost or power is known (e.g. a targets entry). */
  readonly model?: TargetModel;
  readonly cores?: number;
  readonly sockets?: number;
  /** CPU usage of the host, 0..1 (one snapshot or per slot). */
  readonly cpuUtilization?: ArrayLike<number>;
  readonly licences: Iterable<LicenceKind>;
  readonly pricePerKwh: number;
  readonly hoursPerMonth?: number;
}

/**
 * One host of today, priced with its own model's cost and power when known; otherwise
 * hardware 0 (owned: its purchase is sunk) and {@link TODAY_DEFAULT_POWER_WATTS} at its
 * CPU usage (or {@link TODAY_DEFAULT_UTILIZATION}), each stated in `assumptions`.
 */
export function todayHostCost(input: TodayHostCostInput): HostMonthlyCost {
  const assumed: string[] = [];
  const own = input.model;
  const powerWatts = own?.powerWatts ?? TODAY_DEFAULT_POWER_WATTS;
  if (!own?.powerWatts)
    assumed.push(
      `today's host ${input.name}: power assumed idle ${powerWatts.idle} W, peak ${powerWatts.peak} W`,
    );
  if (own?.costPerMonth === undefined)
    assumed.push(`today's host ${input.name}: hardware owned, counted as 0 per month`);
  const usage =
    input.cpuUtilization && input.cpuUtilization.length > 0
      ? input.cpuUtilization
      : [TODAY_DEFAULT_UTILIZATION];
  if (usage !== input.cpuUtilization)
    assumed.push(
      `today's host ${input.name}: CPU usage unknown, ${TODAY_DEFAULT_UTILIZATION * 100} % assumed`,
    );
  const model: TargetModel = {
    capacity: {},
    ...own,
    name: own?.name ?? input.name,
    powerWatts,
    costPerMonth: own?.costPerMonth ?? 0,
  };
  const cost = hostMonthlyCost({
    model,
    cores: input.cores,
    sockets: input.sockets,
    cpuUtilization: usage,
    licences: input.licences,
    pricePerKwh: input.pricePerKwh,
    hoursPerMonth: input.hoursPerMonth,
  });
  return { ...cost, assumptions: [...assumed, ...cost.assumptions] };
}

function groupByModel(hosts: readonly PricedHost[]): Map<string, HostMonthlyCost[]> {
  const out = new Map<string, HostMonthlyCost[]>();
  for (const h of hosts) {
    const list = out.get(h.model) ?? [];
    list.push(h.cost);
    out.set(h.model, list);
  }
  return out;
}

function savings(
  plan: PlanEconomicsFigures,
  other: { hosts: number; costPerMonth: number; energyKwhPerMonth: number },
): { hosts: number; costPerMonth: number; energyKwhPerMonth: number } {
  return {
    hosts: other.hosts - plan.hosts,
    costPerMonth: cents(other.costPerMonth - plan.costPerMonth),
    energyKwhPerMonth: tenths(other.energyKwhPerMonth - plan.energyKwhPerMonth),
  };
}

function peakFigures(
  input: PlanEconomicsInput,
  byModel: ReadonlyMap<string, readonly HostMonthlyCost[]>,
): { hosts: number; costPerMonth: number; energyKwhPerMonth: number } | undefined {
  const peak = input.peakBased;
  if (!peak) return undefined;
  const model = peak.model;
  let sample: readonly HostMonthlyCost[] = input.hosts.map((h) => h.cost);
  if (model !== undefined)
    sample =
      byModel.get(model) ?? input.singleModels?.find((s) => s.model === model)?.hosts ?? sample;
  if (sample.length === 0) return undefined;
  const mean = sumFigures(sample);
  return {
    hosts: peak.hosts,
    costPerMonth: (mean.costPerMonth / sample.length) * peak.hosts,
    energyKwhPerMonth: (mean.energyKwhPerMonth / sample.length) * peak.hosts,
  };
}

/**
 * The plan's economics: totals, per model (in order of first host), each model alone and
 * the best of them (fewest unplaced, then the lowest objective value, then name), the
 * bound and gap on the objective, savings against today and peak-based sizing, and every
 * distinct assumption.
 */
export function planEconomics(input: PlanEconomicsInput): PlanEconomics {
  const byModel = groupByModel(input.hosts);
  const total = sumFigures(input.hosts.map((h) => h.cost));
  const perModel = [...byModel].map(([model, hosts]) => ({ model, ...sumFigures(hosts) }));
  const singleModels = (input.singleModels ?? []).map((s) => ({
    model: s.model,
    unplaced: s.unplaced,
    ...sumFigures(s.hosts),
  }));
  const best = [...singleModels].sort(
    (a, b) =>
      a.unplaced - b.unplaced ||
      objectiveValue(a, input.objective) - objectiveValue(b, input.objective) ||
      a.model.localeCompare(b.model),
  )[0];
  const assumptions = new Set(input.assumptions ?? []);
  const all = [
    ...input.hosts.map((h) => h.cost),
    ...(input.singleModels ?? []).flatMap((s) => s.hosts),
    ...(input.today ?? []),
  ];
  for (const cost of all) for (const a of cost.assumptions) assumptions.add(a);
  const peak = peakFigures(input, byModel);
  const lower = input.objective === 'hosts' ? input.lowerBound : cents(input.lowerBound);
  return {
    objective: input.objective,
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    pricePerKwh: input.pricePerKwh,
    hoursPerMonth: input.hoursPerMonth ?? HOURS_PER_MONTH,
    total,
    perModel,
    lowerBound: { value: lower, gap: cents(objectiveValue(total, input.objective) - lower) },
    ...(input.bounds
      ? {
          bounds: {
            hosts: { value: input.bounds.hosts, gap: total.hosts - input.bounds.hosts },
            costPerMonth: {
              value: cents(input.bounds.cost),
              gap: cents(total.costPerMonth - input.bounds.cost),
            },
            energyKwhPerMonth: {
              value: tenths(input.bounds.power),
              gap: tenths(total.energyKwhPerMonth - input.bounds.power),
            },
          },
        }
      : {}),
    singleModels,
    ...(best ? { bestSingleModel: best.model } : {}),
    savings: {
      ...(input.today ? { vsToday: savings(total, sumFigures(input.today)) } : {}),
      ...(peak ? { vsPeak: savings(total, peak) } : {}),
    },
    assumptions: [...assumptions],
  };
}
