import type { Asset, Estate } from '@vplan/domain';
import type { PlanAsset, PlanDocument, PlanHost, PlanOptions, UnplacedAsset } from '@vplan/formats';
import type { PlanSource } from '../plan-document';
import { estateMatrix, planEstate, type EngineContext, type EstatePlan } from '../plan-estate';
import {
  affinityGroups,
  emptiest,
  licenceSplit,
  fixedPerHost,
  groupIndex,
  todayGroupOf,
  unplacedEverywhere,
} from './fleet-helpers';
import type { FleetModel } from './fleet-models';
import { finishFleet } from './fleet-finish';
import { planNowhere } from './plan-nowhere';
import { pricedHosts } from './price-plan';

/** A plan over a fleet, with the demand each asset was sized at on its model (for the report). */
export interface FleetPlan {
  readonly plan: PlanDocument;
  readonly demand: ReadonlyMap<string, readonly Float32Array[]>;
  readonly measured: Float32Array;
}

/** Ranking of candidate plans: fewest unplaced, then the objective, hosts, soft penalty. */
interface Score {
  readonly unplaced: number;
  readonly objective: number;
  readonly hosts: number;
  readonly penalty: number;
}

const better = (a: Score, b: Score): boolean =>
  a.unplaced !== b.unplaced
    ? a.unplaced < b.unplaced
    : Math.abs(a.objective - b.objective) > 1e-9
      ? a.objective < b.objective
      : a.hosts !== b.hosts
        ? a.hosts < b.hosts
        : a.penalty < b.penalty - 1e-9;

/** Most reassignments tried per model after the first assignment. */
const TRIES_PER_MODEL = 3;

/**
 * Plans an estate over several host models: today's host groups (keep-existing, filled
 * first, never more hosts than today) and target models. Every model is planned alone
 * first (which servers it can take under its fit rules and limits, and what it costs);
 * each affinity unit then goes to the model where its share of a host costs least (with
 * keep-existing: its own group of today, else another group with room, else new models);
 * each model's share is packed; surplus hosts of a kept group send their servers on; the
 * emptiest host of each model is offered to the others while the objective improves; and
 * the best of this mix and each single-model plan is kept (fewest unplaced, then the
 * objective, hosts, soft penalty). Servers no model takes are unplaced with the reason on
 * each model.
 */
export function planFleet(
  estate: Estate,
  options: PlanOptions,
  source: PlanSource,
  context: EngineContext,
  models: readonly FleetModel[],
  notes: readonly string[],
): FleetPlan {
  const started = context.clock();
  const quiet: EngineContext = { clock: context.clock, now: context.now };
  if (models.length === 0) return planNowhere(estate, options, source, quiet, notes);
  const assetsById = new Map<string, Asset>(estate.assets.map((a) => [a.id, a]));
  const matrices = models.map((m) => estateMatrix(estate, options, m.target, context));
  const singles = models.map((m, k) => {
    context.onPhase?.(`planning on ${m.target.model.name} alone`);
    return planEstate(estate, options, source, quiet, m.constraints, m.target, {
      matrix: matrices[k]!,
      quick: true,
    });
  });
  const ids = matrices[0]!.assets.map((a) => a.asset.id);
  const allIds = [...ids, ...matrices[0]!.unsized.map((u) => u.asset.id)];
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const placeable = singles.map((s) => new Set(s.plan.hosts.flatMap((h) => h.assets)));
  const reasons = singles.map((s) => new Map(s.plan.unplaced.map((u) => [u.asset, u.reasons])));
  const sized = singles.map((s) => new Map((s.plan.assets ?? []).map((a) => [a.id, a])));
  const groups = affinityGroups(estate, models, matrices[0]!);
  const todayGroup = todayGroupOf(estate, models);

  // The share of one host of model k a group takes at its peak, or by allocation.
  const share = (group: readonly string[], k: number): number => {
    const target = models[k]!.target;
    const usable = singles[k]!.plan.hostModel.usable;
    let peak = 0;
    for (const r of options.resources) {
      const sum = group.reduce((n, id) => n + (sized[k]!.get(id)?.peak[r] ?? 0), 0);
      peak = Math.max(peak, sum / (usable[r] ?? Infinity));
    }
    const { vcpus, memoryGiB, vms } = target.allocation;
    const alloc = (pick: (a: PlanAsset) => number) =>
      group.reduce((n, id) => n + (sized[k]!.get(id) ? pick(sized[k]!.get(id)!) : 0), 0);
    if (vcpus) peak = Math.max(peak, alloc((a) => a.allocation.vcpus) / vcpus);
    if (memoryGiB) peak = Math.max(peak, alloc((a) => a.allocation.memoryGiB) / memoryGiB);
    if (vms) peak = Math.max(peak, group.length / vms);
    return peak;
  };
  const singleScores = singles.map((s, k) => score(s.plan, models[k]!));
  const perHost = singleScores.map((s, k) =>
    s.hosts > 0 ? s.objective / s.hosts : fixedPerHost(models[k]!, options.objective, options),
  );
  const candidates = (group: readonly string[]) =>
    models.flatMap((_, k) => (group.every((id) => placeable[k]!.has(id)) ? [k] : []));

  function score(plan: PlanDocument, model?: FleetModel): Score {
    const priced = pricedHosts(plan, () => model!, assetsById, options);
    const sum = priced.costs.reduce(
      (acc, c) => ({
        cost: acc.cost + c.costPerMonth,
        kwh: acc.kwh + c.energyKwhPerMonth,
      }),
      { cost: 0, kwh: 0 },
    );
    const objective =
      options.objective === 'hosts'
        ? plan.hosts.length
        : options.objective === 'power'
          ? sum.kwh
          : sum.cost;
    return {
      unplaced: plan.unplaced.length,
      objective,
      hosts: plan.hosts.length,
      penalty: plan.hosts.reduce((n, h) => n + (h.penalty ?? 0), 0),
    };
  }

  // First assignment of each group to a model.
  const assignment = new Map<number, number>();
  const unassigned: UnplacedAsset[] = [];
  const excluded = new Set<string>();
  const choose = (g: number): number | undefined => {
    const group = groups[g]!;
    const allowed = candidates(group).filter((k) => !excluded.has(`${g}:${k}`));
    if (allowed.length === 0) return undefined;
    const kept = allowed.filter((k) => models[k]!.existing);
    if (options.keepExisting && kept.length > 0) {
      const own = todayGroup.get(group[0]!);
      if (own !== undefined && kept.includes(own)) return own;
      return cheapest(kept, group);
    }
    return cheapest(allowed, group);
  };
  /** Where unit `g` would go if model `k` could not take it (nothing is recorded). */
  const alternative = (g: number, k: number): number | undefined => {
    const key = `${g}:${k}`;
    const had = excluded.has(key);
    excluded.add(key);
    const next = choose(g);
    if (!had) excluded.delete(key);
    return next;
  };
  const groupOf = groupIndex(groups);
  const cheapest = (allowed: readonly number[], group: readonly string[]) =>
    allowed.reduce((best, k) =>
      perHost[k]! * share(group, k) < perHost[best]! * share(group, best) - 1e-12 ? k : best,
    );
  groups.forEach((group, g) => {
    const k = choose(g);
    if (k === undefined) unassigned.push(...unplacedEverywhere(group, models, reasons));
    else assignment.set(g, k);
  });

  const packPart = (k: number, assign: ReadonlyMap<number, number>, quick: boolean): EstatePlan => {
    const assetIds = new Set<string>();
    for (const [g, m] of assign) if (m === k) for (const id of groups[g]!) assetIds.add(id);
    return planEstate(estate, options, source, quiet, models[k]!.constraints, models[k]!.target, {
      assetIds,
      matrix: matrices[k]!,
      quick,
    });
  };
  const used = (assign: ReadonlyMap<number, number>) =>
    [...new Set(assign.values())].sort((a, b) => a - b);

  // Pack; a kept group with more hosts than today sends its emptiest hosts' servers on.
  context.onPhase?.(`packing ${groups.length} units over ${models.length} host models`);
  const parts = new Map<number, EstatePlan>();
  // Each round excludes at least one (unit, model) pair, so this ends; no kept group is
  // left above its count.
  for (;;) {
    let moved = false;
    for (const k of used(assignment)) {
      if (!parts.has(k)) parts.set(k, packPart(k, assignment, true));
      const cap = models[k]!.existing?.length;
      const plan = parts.get(k)!.plan;
      if (cap === undefined || plan.hosts.length <= cap) continue;
      const surplus = emptiest(plan.hosts, plan.hosts.length - cap);
      const before = excluded.size;
      const onHosts = (hosts: readonly PlanHost[]) => [
        ...new Set(
          hosts
            .flatMap((h) => h.assets.map((id) => groupOf.get(id)!))
            .filter((g) => assignment.get(g) === k),
        ),
      ];
      // A unit that may go elsewhere leaves first: from the surplus hosts, else from the
      // emptiest host that has one; a unit only this group takes leaves only when none can.
      const elsewhere = (g: number) => alternative(g, k) !== undefined;
      let leaving = onHosts(surplus).filter(elsewhere);
      if (leaving.length === 0) {
        const host = emptiest(plan.hosts, plan.hosts.length).find((h) =>
          onHosts([h]).some(elsewhere),
        );
        leaving = host ? onHosts([host]).filter(elsewhere) : onHosts(surplus);
      }
      for (const g of leaving) {
        excluded.add(`${g}:${k}`);
        const next = choose(g);
        if (next === undefined) {
          assignment.delete(g);
          unassigned.push(
            ...groups[g]!.map((asset) => ({
              asset,
              reasons: [
                `no room left on today's ${cap} host(s) of ${models[k]!.target.model.name}, and no other model takes it`,
              ],
            })),
          );
        } else {
          assignment.set(g, next);
          parts.delete(next);
        }
      }
      if (excluded.size === before)
        throw new Error(
          `planFleet: ${models[k]!.target.model.name} is above its count and frees nothing`,
        );
      parts.delete(k);
      moved = true;
    }
    if (!moved) break;
  }
  for (const k of used(assignment)) if (!parts.has(k)) parts.set(k, packPart(k, assignment, true));
  for (const k of [...parts.keys()]) if (!used(assignment).includes(k)) parts.delete(k);

  const total = (plans: ReadonlyMap<number, EstatePlan>): Score =>
    [...plans].reduce(
      (acc, [k, p]) => {
        const s = score(p.plan, models[k]);
        return {
          unplaced: acc.unplaced + s.unplaced,
          objective: acc.objective + s.objective,
          hosts: acc.hosts + s.hosts,
          penalty: acc.penalty + s.penalty,
        };
      },
      { unplaced: unassigned.length, objective: 0, hosts: 0, penalty: 0 },
    );

  // Offer the emptiest host of each model to the others while the objective improves.
  let current = total(parts);
  let tries = models.length > 1 ? models.length * TRIES_PER_MODEL : 0;
  for (let improved = true; improved && tries > 0;) {
    improved = false;
    for (const k of used(assignment)) {
      if (tries <= 0) break;
      const plan = parts.get(k)?.plan;
      if (!plan || plan.hosts.length === 0) continue;
      const [host] = emptiest(plan.hosts, 1);
      const moving = [...new Set(host!.assets.map((id) => groupOf.get(id)!))];
      for (let other = 0; other < models.length && tries > 0; other++) {
        if (other === k) continue;
        // Kept hosts are filled before new ones: never move servers off them to a new model.
        if (models[k]!.existing && !models[other]!.existing) continue;
        if (!moving.every((g) => candidates(groups[g]!).includes(other))) continue;
        tries--;
        const trial = new Map(assignment);
        for (const g of moving) trial.set(g, other);
        const trialParts = new Map(parts);
        trialParts.delete(k);
        if ([...trial.values()].includes(k)) trialParts.set(k, packPart(k, trial, true));
        trialParts.set(other, packPart(other, trial, true));
        const cap = models[other]!.existing?.length;
        if (cap !== undefined && trialParts.get(other)!.plan.hosts.length > cap) continue;
        const value = total(trialParts);
        if (better(value, current)) {
          for (const [g, m] of trial) assignment.set(g, m);
          parts.clear();
          for (const [m, p] of trialParts) parts.set(m, p);
          current = value;
          improved = true;
          break;
        }
      }
    }
  }

  // The best of the mix and each target model alone (which has no kept group to fill).
  let chosen: ReadonlyMap<number, ReadonlySet<number>> | undefined;
  let best = current;
  if (!options.keepExisting) {
    singleScores.forEach((s, k) => {
      if (better(s, best)) {
        best = s;
        chosen = new Map([[k, new Set(groups.map((_, g) => g))]]);
      }
    });
  }
  context.onPhase?.('planning the chosen mix with its comparisons');
  const finalParts: { k: number; planned: EstatePlan }[] = [];
  let finalUnassigned = unassigned;
  const finalPlans = (k: number, ids?: ReadonlySet<string>) => {
    const pack = (only?: ReadonlySet<string>) =>
      planEstate(estate, options, source, quiet, models[k]!.constraints, models[k]!.target, {
        ...(only ? { assetIds: only } : {}),
        matrix: matrices[k]!,
      });
    const whole = pack(ids);
    const split = licenceSplit(models[k]!, ids ?? new Set(allIds), groups, groupOf, assetsById);
    if (!split) return [{ k, planned: whole }];
    const parts = split.map((only) => pack(only));
    const sum = (plans: readonly EstatePlan[]) =>
      plans.reduce(
        (acc, p) => {
          const s = score(p.plan, models[k]);
          return {
            unplaced: acc.unplaced + s.unplaced,
            objective: acc.objective + s.objective,
            hosts: acc.hosts + s.hosts,
            penalty: acc.penalty + s.penalty,
          };
        },
        { unplaced: 0, objective: 0, hosts: 0, penalty: 0 },
      );
    return better(sum(parts), sum([whole]))
      ? parts.map((planned) => ({ k, planned }))
      : [{ k, planned: whole }];
  };
  if (chosen) {
    const [k] = [...chosen.keys()];
    finalParts.push(...finalPlans(k!));
    finalUnassigned = [];
  } else {
    for (const k of used(assignment)) {
      const ids = new Set<string>();
      for (const [g, m] of assignment) if (m === k) for (const id of groups[g]!) ids.add(id);
      finalParts.push(...finalPlans(k, ids));
    }
  }
  return finishFleet({
    estate,
    options,
    models,
    matrices,
    singles,
    placeable,
    indexOf,
    finalParts,
    unassigned: finalUnassigned,
    assetsById,
    notes,
    elapsedMs: context.clock() - started,
  });
}
