import type { Estate } from '@vplan/domain';
import type { PlanDocument, PlanOptions } from '@vplan/formats';
import type { PlanSource } from '../plan-document';
import { estateMatrix, planEstate, type EngineContext } from '../plan-estate';
import type { FleetModel } from './fleet-models';
import type { FleetPlan } from './plan-fleet';

/**
 * The plan when no model can be planned onto (keep-existing, no host of today with cores,
 * clock and memory, and no target model): every server unplaced, saying why.
 */
export function planNowhere(
  estate: Estate,
  options: PlanOptions,
  source: PlanSource,
  context: EngineContext,
  notes: readonly string[],
): FleetPlan {
  const none: FleetModel = {
    target: {
      model: { name: 'no usable host model', capacity: { cpu: 1, memory: 1 }, headroom: {} },
      allocation: {},
      overrides: [],
    },
    priced: { name: 'no usable host model', capacity: {} },
  };
  const matrix = estateMatrix(estate, options, none.target);
  const empty = planEstate(estate, options, source, context, undefined, none.target, {
    assetIds: new Set(),
    matrix,
    quick: true,
  }).plan;
  const reason =
    "no host model to plan onto: today's hosts lack cores, clock or memory in the inventory and no target model is given";
  const unplaced = [...estate.assets]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a) => ({ asset: a.id, reasons: [reason] }));
  const plan: PlanDocument = {
    ...empty,
    unplaced,
    summary: {
      ...empty.summary,
      assets: unplaced.length,
      placed: 0,
      hosts: 0,
      lowerBound: 0,
      gap: 0,
      warnings: [...notes, reason, ...(empty.summary.warnings ?? [])],
    },
  };
  // The empty plan already carries today's estate (`today`, `skipped`) and its notes.
  return { plan, demand: new Map(), measured: matrix.measured };
}
