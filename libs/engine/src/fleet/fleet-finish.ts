import type { Asset, Estate } from '@vplan/domain';
import type { PlanHost, PlanOptions, UnplacedAsset } from '@vplan/formats';
import { failoverLowerBound } from '@vplan/placement';
import type { DemandMatrix } from '@vplan/workload';
import { assetAllocation } from '../asset-allocation';
import type { Objective } from '../economics';
import type { EstatePlan } from '../plan-estate';
import { fleetLowerBound } from './fleet-bound';
import { boundModel, fixedPerHost, fleetWarnings } from './fleet-helpers';
import type { FleetModel } from './fleet-models';
import { mergeFleetPlans, type FleetPart } from './merge-plans';
import type { FleetPlan } from './plan-fleet';
import { pricedHosts, withEconomics } from './price-plan';

/** What the fleet planner hands over once the parts are chosen. */
export interface FleetFinish {
  readonly estate: Estate;
  readonly options: PlanOptions;
  readonly models: readonly FleetModel[];
  /** Per model, the whole estate's demand and its plan alone. */
  readonly matrices: readonly DemandMatrix[];
  readonly singles: readonly EstatePlan[];
  /** Per model, the assets its plan alone places. */
  readonly placeable: readonly ReadonlySet<string>[];
  /** Index of each sized asset in the matrices. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** The chosen parts: model index and its plan. */
  readonly finalParts: readonly { readonly k: number; readonly planned: EstatePlan }[];
  readonly unassigned: readonly UnplacedAsset[];
  readonly assetsById: ReadonlyMap<string, Asset>;
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

/**
 * The fleet plan from its chosen parts: the host-count and objective bounds over every
 * placed asset (each on the models that can take it), the parts merged into one plan,
 * priced, with each target model alone for comparison, and the demand for the report.
 */
export function finishFleet(input: FleetFinish): FleetPlan {
  const {
    estate,
    options,
    models,
    matrices,
    singles,
    placeable,
    indexOf,
    finalParts,
    assetsById,
    notes,
  } = input;
  const fleetParts: FleetPart[] = finalParts.map(({ k, planned }) => ({
    model: models[k]!,
    plan: planned.plan,
  }));
  // The bounds, over every asset the plan places, each on the models that can take it.
  const placedIds = new Set(fleetParts.flatMap((p) => p.plan.hosts.flatMap((h) => h.assets)));
  const boundAssets = [...placedIds].flatMap((id) => {
    const index = indexOf.get(id);
    if (index === undefined) return [];
    const allowed = models.flatMap((_, k) => (placeable[k]!.has(id) ? [k] : []));
    return allowed.length > 0 ? [{ index, models: allowed }] : [];
  });
  const timeDimensions = !(options.profile === 'series' && options.percentile < 100);
  const allocations = models.map((m, k) =>
    matrices[k]!.assets.map((d) => assetAllocation(d, options.resources, m.target)),
  );
  const boundFor = (objective: Objective) =>
    fleetLowerBound({
      resources: options.resources,
      models: models.map((m, k) => boundModel(m, singles[k]!.plan, objective, options)),
      matrices,
      allocations,
      assets: boundAssets,
      timeDimensions,
    });
  const hostsBound = boundFor('hosts');
  const volumeHosts = Math.ceil(hostsBound.value - 1e-9);
  const fleetHosts =
    options.failover > 0
      ? failoverLowerBound(volumeHosts, options.failover, options.clusterSize)
      : volumeHosts;
  // One model planning the same servers as its plan alone: the packer's bound holds too
  // (it also counts large items, exclusive groups and rule classes).
  const alone = singles[0]!.plan;
  const sameServers =
    models.length === 1 && alone.hosts.reduce((n, h) => n + h.assets.length, 0) === placedIds.size;
  const boundHosts = sameServers ? Math.max(fleetHosts, alone.summary.lowerBound) : fleetHosts;
  const hostsForBound = Number.isFinite(boundHosts) ? boundHosts : volumeHosts;
  const objectiveBoundOf = (objective: Objective): number => {
    if (objective === 'hosts') return hostsForBound;
    const cheapestHost = Math.min(...models.map((m) => fixedPerHost(m, objective, options)));
    const b = boundFor(objective);
    // Every host costs at least the cheapest empty host; with k failures the other hosts
    // still carry the load; the energy above idle is the same term.
    return Math.max(
      b.value + options.failover * cheapestHost,
      hostsForBound * cheapestHost + b.energy,
    );
  };
  const bounds = {
    hosts: hostsForBound,
    cost: objectiveBoundOf('cost'),
    power: objectiveBoundOf('power'),
  };
  const objectiveBound =
    options.objective === 'hosts'
      ? bounds.hosts
      : options.objective === 'power'
        ? bounds.power
        : bounds.cost;

  const merged = mergeFleetPlans({
    parts: fleetParts,
    base: singles[0]!.plan,
    unassigned: input.unassigned,
    lowerBound: {
      hosts: hostsForBound,
      basis: hostsBound.limiting === 'allocation' ? 'allocation' : 'volume',
    },
    limitingResource:
      hostsBound.limiting === 'allocation'
        ? singles[0]!.plan.summary.limitingResource
        : hostsBound.limiting,
    ...(estate.baseline ? { baseline: estate.baseline } : {}),
    elapsedMs: input.elapsedMs,
  });
  const modelByName = new Map(models.map((m) => [m.target.model.name, m]));
  const singleModels = models.flatMap((m, k) =>
    m.existing
      ? []
      : [
          {
            model: m.target.model.name,
            hosts: pricedHosts(singles[k]!.plan, () => m, assetsById, options).costs,
            unplaced: singles[k]!.plan.unplaced.length,
          },
        ],
  );
  const priced = withEconomics(merged, {
    models,
    modelOf: (h: PlanHost) => modelByName.get(h.model ?? '') ?? models[0]!,
    assetsById,
    options,
    ...(estate.baseline ? { baseline: estate.baseline } : {}),
    lowerBound: objectiveBound,
    bounds,
    ...(singleModels.length > 0 ? { singleModels } : {}),
  });
  const plan = {
    ...priced,
    summary: { ...priced.summary, warnings: fleetWarnings(priced, notes) },
  };
  const demand = new Map<string, readonly Float32Array[]>();
  for (const d of matrices[0]!.assets) demand.set(d.asset.id, d.demand);
  for (const { planned } of finalParts)
    for (const d of planned.matrix.assets) demand.set(d.asset.id, d.demand);
  return { plan, demand, measured: matrices[0]!.measured };
}
