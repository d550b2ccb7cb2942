import type { Asset, EstateBaseline } from '@vplan/domain';
import type { PlanDocument, PlanHost, PlanModel, PlanOptions } from '@vplan/formats';
import { DEFAULT_PRICE_PER_KWH } from '@vplan/formats';
import {
  hostMonthlyCost,
  objectiveValue,
  planEconomics,
  sumFigures,
  todayHostCost,
  TODAY_DEFAULT_POWER_WATTS,
  type HostMonthlyCost,
} from '../economics';
import { hostLicences } from '../licensing';
import type { FleetModel } from './fleet-models';

/** Share of a host's CPU capacity its VMs use on average (meanUtilization is of usable capacity). */
function cpuShare(host: PlanHost, plan: PlanDocument, model: FleetModel): number | undefined {
  const mean = host.meanUtilization.cpu;
  const usable = model.target.model.capacity.cpu;
  if (mean === undefined || usable === undefined) return undefined;
  const headroom = model.target.model.headroom?.cpu ?? plan.hostModel.headroom.cpu ?? 0;
  return mean * (1 - headroom);
}

/** One plan host's monthly figures on its model; today's hosts with keep-existing cost their power. */
export function priceHost(
  host: PlanHost,
  plan: PlanDocument,
  model: FleetModel,
  assetsById: ReadonlyMap<string, Asset>,
  options: PlanOptions,
): HostMonthlyCost {
  const licences = hostLicences(host.assets.flatMap((id) => assetsById.get(id) ?? []));
  const share = cpuShare(host, plan, model);
  if (model.existing)
    return todayHostCost({
      name: model.priced.name,
      ...(model.priced.cores !== undefined ? { cores: model.priced.cores } : {}),
      ...(share !== undefined ? { cpuUtilization: [share] } : {}),
      licences,
      pricePerKwh: options.pricePerKwh,
    });
  return hostMonthlyCost({
    model: model.priced,
    cpuUtilization: [share ?? 0.5],
    licences,
    pricePerKwh: options.pricePerKwh,
  });
}

/** Figures of each host, and the plan with them (`hosts[].costPerMonth` …) and `models`. */
export function pricedHosts(
  plan: PlanDocument,
  modelOf: (host: PlanHost) => FleetModel,
  assetsById: ReadonlyMap<string, Asset>,
  options: PlanOptions,
): { readonly costs: readonly HostMonthlyCost[]; readonly hosts: PlanHost[] } {
  const costs = plan.hosts.map((h) => priceHost(h, plan, modelOf(h), assetsById, options));
  const hosts = plan.hosts.map((h, i) => {
    const cost = costs[i]!;
    const licences = [
      ...(cost.licensedCores.windowsDatacenter > 0 ? ['windows-datacenter'] : []),
      ...(cost.licensedCores.sqlServer > 0 ? ['sql-server'] : []),
    ];
    return {
      ...h,
      model: modelOf(h).target.model.name,
      ...(licences.length > 0 ? { licences } : {}),
      costPerMonth: Math.round(cost.costPerMonth * 100) / 100,
      energyKwhPerMonth: Math.round(cost.energyKwhPerMonth * 10) / 10,
    };
  });
  return { costs, hosts };
}

/** The objective value of a plan's priced hosts. */
export function planObjective(costs: readonly HostMonthlyCost[], options: PlanOptions): number {
  return objectiveValue(sumFigures(costs), options.objective);
}

/** The `models` entry of one fleet model with its host count in the plan. */
export function planModelEntry(model: FleetModel, hosts: number, plan: PlanDocument): PlanModel {
  const { target, priced } = model;
  const resources = plan.input.resources;
  const pick = (values: Partial<Record<string, number>> | undefined) =>
    Object.fromEntries(resources.map((r) => [r, values?.[r] ?? 0]));
  const usable = Object.fromEntries(
    resources.map((r) => [
      r,
      Number(
        ((target.model.capacity[r] ?? 0) * (1 - (target.model.headroom?.[r] ?? 0))).toFixed(4),
      ),
    ]),
  );
  const { vcpus, memoryGiB, vms } = target.allocation;
  const limits = {
    ...(vcpus !== undefined ? { vcpus } : {}),
    ...(memoryGiB !== undefined ? { memoryGiB } : {}),
    ...(vms !== undefined ? { vms } : {}),
  };
  return {
    name: target.model.name,
    capacity: pick(target.model.capacity),
    headroom: pick(target.model.headroom),
    usable,
    ...(target.cores !== undefined ? { cores: target.cores } : {}),
    ...(target.cpuModel !== undefined ? { cpuModel: target.cpuModel } : {}),
    ...(model.existing ? { existing: model.existing.length } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(priced.costPerMonth !== undefined && !model.existing
      ? { costPerMonth: priced.costPerMonth }
      : {}),
    ...(priced.powerWatts ? { powerWatts: priced.powerWatts } : {}),
    hosts,
  };
}

/** Today's hosts priced (hardware owned; power assumed where unknown), for savings against today. */
export function priceToday(
  baseline: EstateBaseline,
  assetsById: ReadonlyMap<string, Asset>,
  options: PlanOptions,
): HostMonthlyCost[] {
  return baseline.hosts.map((h) =>
    todayHostCost({
      name: h.name,
      ...(h.cores !== undefined ? { cores: h.cores } : {}),
      ...(h.sockets !== undefined ? { sockets: h.sockets } : {}),
      ...(h.cpuUsage !== undefined ? { cpuUtilization: [h.cpuUsage] } : {}),
      licences: hostLicences(h.vms.flatMap((id) => assetsById.get(id) ?? [])),
      pricePerKwh: options.pricePerKwh,
    }),
  );
}

/** Inputs of the economics section beyond the plan's own hosts. */
export interface EconomicsContext {
  readonly models: readonly FleetModel[];
  readonly modelOf: (host: PlanHost) => FleetModel;
  readonly assetsById: ReadonlyMap<string, Asset>;
  readonly options: PlanOptions;
  readonly baseline?: EstateBaseline;
  /** The objective value no plan of the placed assets can beat. */
  readonly lowerBound: number;
  /** The bound on every objective. */
  readonly bounds?: { readonly hosts: number; readonly cost: number; readonly power: number };
  /** Each target model planned alone (not today's groups). */
  readonly singleModels?: readonly {
    readonly model: string;
    readonly hosts: readonly HostMonthlyCost[];
    readonly unplaced: number;
  }[];
  /** The model the peak-based host count is priced at (default the plan's most used). */
  readonly peakModel?: string;
}

/**
 * The plan with its economics: every host priced (`costPerMonth`, `energyKwhPerMonth`,
 * `licences`), the `models` used, and the `economics` section with the objective, bound,
 * single-model alternatives and savings; every assumption is stated.
 */
export function withEconomics(plan: PlanDocument, context: EconomicsContext): PlanDocument {
  const { options } = context;
  const { costs, hosts } = pricedHosts(plan, context.modelOf, context.assetsById, options);
  const assumptions = [
    ...(options.pricePerKwh === DEFAULT_PRICE_PER_KWH
      ? [`energy priced at ${DEFAULT_PRICE_PER_KWH} per kWh (the default; set price_per_kwh)`]
      : []),
    ...(context.models.some((m) => m.existing)
      ? [
          `today's hosts kept: hardware owned (0 per month), power assumed idle ${TODAY_DEFAULT_POWER_WATTS.idle} W, peak ${TODAY_DEFAULT_POWER_WATTS.peak} W`,
        ]
      : []),
  ];
  const counts = new Map<string, number>();
  for (const h of hosts) counts.set(h.model!, (counts.get(h.model!) ?? 0) + 1);
  const economics = planEconomics({
    objective: options.objective,
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
    pricePerKwh: options.pricePerKwh,
    hosts: hosts.map((h, i) => ({ model: h.model!, cost: costs[i]! })),
    lowerBound: context.lowerBound,
    ...(context.bounds ? { bounds: context.bounds } : {}),
    ...(context.singleModels ? { singleModels: context.singleModels } : {}),
    ...(context.baseline && context.baseline.hosts.length > 0
      ? { today: priceToday(context.baseline, context.assetsById, options) }
      : {}),
    ...(plan.summary.peakBasedHosts !== undefined
      ? {
          peakBased: {
            hosts: plan.summary.peakBasedHosts,
            ...(context.peakModel !== undefined ? { model: context.peakModel } : {}),
          },
        }
      : {}),
    assumptions,
  });
  return {
    ...plan,
    hosts,
    models: context.models.map((m) =>
      planModelEntry(m, counts.get(m.target.model.name) ?? 0, plan),
    ),
    economics,
  };
}
