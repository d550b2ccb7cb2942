import type { Estate } from '@vplan/domain';
import type { PlanDocument, PlanOptions } from '@vplan/formats';
import { assetAllocation } from '../asset-allocation';
import type { Objective } from '../economics';
import type { EstatePlan } from '../plan-estate';
import { fleetLowerBound } from './fleet-bound';
import { boundModel, fixedPerHost } from './fleet-helpers';
import type { FleetModel } from './fleet-models';
import { withEconomics } from './price-plan';

/**
 * A plan on one target model, priced: hosts' cost, energy and licences, the economics
 * section, and the bound on the objective (the packer's host bound × an empty host's
 * cost plus the energy above idle, or the volume bound weighted by cost, whichever is higher).
 */
export function singleModelEconomics(
  planned: EstatePlan,
  model: FleetModel,
  estate: Estate,
  options: PlanOptions,
): PlanDocument {
  const { plan, matrix } = planned;
  const placed = new Set(plan.hosts.flatMap((h) => h.assets));
  const boundOf = (objective: Objective): number => {
    if (objective === 'hosts') return plan.summary.lowerBound;
    const b = fleetLowerBound({
      resources: options.resources,
      models: [boundModel(model, plan, objective, options)],
      matrices: [matrix],
      allocations: [matrix.assets.map((d) => assetAllocation(d, options.resources, model.target))],
      assets: matrix.assets.flatMap((d, index) =>
        placed.has(d.asset.id) ? [{ index, models: [0] }] : [],
      ),
      timeDimensions: !(options.profile === 'series' && options.percentile < 100),
    });
    return Math.max(
      b.value,
      plan.summary.lowerBound * fixedPerHost(model, objective, options) + b.energy,
    );
  };
  const bounds = { hosts: boundOf('hosts'), cost: boundOf('cost'), power: boundOf('power') };
  const bound =
    options.objective === 'hosts'
      ? bounds.hosts
      : options.objective === 'power'
        ? bounds.power
        : bounds.cost;
  return withEconomics(plan, {
    models: [model],
    modelOf: () => model,
    assetsById: new Map(estate.assets.map((a) => [a.id, a])),
    options,
    ...(estate.baseline ? { baseline: estate.baseline } : {}),
    lowerBound: bound,
    bounds,
  });
}
