import type { Asset, Estate } from '@vplan/domain';
import { assetLicences } from '../licensing';
import type { PlanDocument, PlanHost, PlanOptions, UnplacedAsset } from '@vplan/formats';
import type { DemandMatrix } from '@vplan/workload';
import { TODAY_DEFAULT_POWER_WATTS, HOURS_PER_MONTH, type Objective } from '../economics';
import { periodStartMs } from '../plan-estate';
import type { BoundModel } from './fleet-bound';
import type { FleetModel } from './fleet-models';

// The pieces of a fleet plan: units, kept groups, empty-host costs, the bound's models, warnings.

/** The plan's warnings with the fleet's: its notes, and how the mix compares with each model alone. */
export function fleetWarnings(plan: PlanDocument, notes: readonly string[]): string[] {
  const out = [...notes];
  const economics = plan.economics;
  if (economics && economics.singleModels.length > 1) {
    const best = economics.singleModels.find((s) => s.model === economics.bestSingleModel);
    if (best) {
      const unit = economics.currency ? ` ${economics.currency}` : '';
      out.push(
        `best single model: ${best.model}, ${best.hosts} host(s), ${best.costPerMonth.toFixed(2)}${unit}/month, ${best.energyKwhPerMonth} kWh/month, ${best.unplaced} unplaced; this plan: ${economics.total.hosts} host(s), ${economics.total.costPerMonth.toFixed(2)}${unit}/month, ${economics.total.energyKwhPerMonth} kWh/month, ${plan.unplaced.length} unplaced`,
      );
    }
  }
  const used = (plan.models ?? []).filter((m) => m.hosts > 0);
  if (used.length > 1)
    out.push(
      `mixed fleet: ${used.map((m) => `${m.hosts} × ${m.name}${m.existing ? ' (kept)' : ''}`).join(', ')}; failover and clusters hold within each model`,
    );
  return [...out, ...(plan.summary.warnings ?? [])].filter((w, i, list) => list.indexOf(w) === i);
}

/** The objective of one host of a model with nothing on it: hardware and idle energy. */
export function fixedPerHost(
  model: FleetModel,
  objective: Objective,
  options: PlanOptions,
): number {
  if (objective === 'hosts') return 1;
  const watts = model.existing ? TODAY_DEFAULT_POWER_WATTS : model.priced.powerWatts;
  const idleKwh = ((watts?.idle ?? 0) * HOURS_PER_MONTH) / 1000;
  if (objective === 'power') return idleKwh;
  const hardware = model.existing ? 0 : (model.priced.costPerMonth ?? 0);
  return hardware + idleKwh * options.pricePerKwh;
}

export function boundModel(
  model: FleetModel,
  plan: PlanDocument,
  objective: Objective,
  options: PlanOptions,
): BoundModel {
  const watts = model.existing ? TODAY_DEFAULT_POWER_WATTS : model.priced.powerWatts;
  const dynamicKwh = watts ? ((watts.peak - watts.idle) * HOURS_PER_MONTH) / 1000 : 0;
  return {
    usable: options.resources.map((r) => plan.hostModel.usable[r] ?? Infinity),
    cpuCapacity: model.target.model.capacity.cpu ?? Infinity,
    limits: model.target.allocation,
    perHost: fixedPerHost(model, objective, options),
    perCpuShare:
      objective === 'hosts'
        ? 0
        : objective === 'power'
          ? dynamicKwh
          : dynamicKwh * options.pricePerKwh,
  };
}

/** Affinity units as asset-id lists: the rule set's affinity groups (merged where they share a server), then every other server alone. */
export function affinityGroups(
  estate: Estate,
  models: readonly FleetModel[],
  matrix: DemandMatrix,
): string[][] {
  const assets = matrix.assets.map((a) => a.asset);
  const compiled = models[0]?.constraints?.compile(assets, {
    referenceUtcMs: periodStartMs(estate),
  });
  const parent = assets.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const group of compiled?.affinityGroups ?? [])
    for (const a of group.slice(1)) parent[find(a)] = find(group[0]!);
  const byRoot = new Map<number, string[]>();
  assets.forEach((a, i) => {
    const root = find(i);
    const list = byRoot.get(root) ?? [];
    list.push(a.id);
    byRoot.set(root, list);
  });
  const unsized = matrix.unsized.map((u) => [u.asset.id]);
  return [...byRoot.values(), ...unsized];
}

/** The kept group (model index) of each VM's host of today. */
export function todayGroupOf(estate: Estate, models: readonly FleetModel[]): Map<string, number> {
  const hostGroup = new Map<string, number>();
  models.forEach((m, k) => m.existing?.forEach((h) => hostGroup.set(h, k)));
  const out = new Map<string, number>();
  for (const host of estate.baseline?.hosts ?? []) {
    const k = hostGroup.get(host.name);
    if (k !== undefined) for (const vm of host.vms) out.set(vm, k);
  }
  return out;
}

export function groupIndex(groups: readonly (readonly string[])[]): Map<string, number> {
  const out = new Map<string, number>();
  groups.forEach((group, g) => group.forEach((id) => out.set(id, g)));
  return out;
}

/** The `n` emptiest hosts that hold servers (by their fullest resource at peak). */
export function emptiest(hosts: readonly PlanHost[], n: number): PlanHost[] {
  const fill = (h: PlanHost) => Math.max(0, ...Object.values(h.peakUtilization).map((v) => v ?? 0));
  // Hosts without servers (failover spares) free nothing when emptied.
  return hosts
    .filter((h) => h.assets.length > 0)
    .sort((a, b) => fill(a) - fill(b) || (a.id < b.id ? -1 : 1))
    .slice(0, n);
}

/** A group no model takes: each member with the reasons every model gave. */
export function unplacedEverywhere(
  group: readonly string[],
  models: readonly FleetModel[],
  reasons: readonly ReadonlyMap<string, readonly string[]>[],
): UnplacedAsset[] {
  return group.map((asset) => ({
    asset,
    reasons: models.flatMap((m, k) => {
      const why = reasons[k]!.get(asset);
      const name = m.target.model.name;
      if (why) return why.map((r) => (models.length > 1 ? `on ${name}: ${r}` : r));
      return models.length > 1
        ? [`on ${name}: its affinity group does not fit this model as a whole`]
        : ['its affinity group does not fit as a whole'];
    }),
  }));
}

/**
 * The servers of one model split by the per-core licences they need (none, Windows, SQL
 * Server, both; an affinity unit by the union of its members'), so the licensed ones can
 * be packed on hosts of their own; undefined when the model prices no licence or the
 * servers need only one kind of licensing.
 */
export function licenceSplit(
  model: FleetModel,
  ids: ReadonlySet<string>,
  groups: readonly (readonly string[])[],
  groupOf: ReadonlyMap<string, number>,
  assetsById: ReadonlyMap<string, Asset>,
): ReadonlySet<string>[] | undefined {
  const prices = model.priced.licences;
  if (model.existing || !prices || (!prices.windowsDatacenter && !prices.sqlServer))
    return undefined;
  const bySignature = new Map<string, Set<string>>();
  const done = new Set<number>();
  for (const id of ids) {
    const g = groupOf.get(id);
    if (g === undefined || done.has(g)) continue;
    done.add(g);
    const members = groups[g]!.filter((m) => ids.has(m));
    const kinds = new Set<string>();
    for (const m of members) {
      const asset = assetsById.get(m);
      if (asset) for (const k of assetLicences(asset)) kinds.add(k);
    }
    const key = [...kinds].sort().join('+');
    const set = bySignature.get(key) ?? new Set<string>();
    for (const m of members) set.add(m);
    bySignature.set(key, set);
  }
  return bySignature.size > 1 ? [...bySignature.values()] : undefined;
}
