import type { PlanDocument } from '@vplan/formats';

/** Samples kept per list of differences; counts are complete. */
export const COMPARE_SAMPLE_MAX = 20;

/** The figures of one plan that matter across plans. */
export interface PlanFigures {
  name: string;
  hosts: number;
  hostsPerModel: Record<string, number>;
  lowerBound: number;
  gap: number;
  costPerMonth?: number;
  costPerYear?: number;
  energyKwhPerMonth?: number;
  licensedCores?: { windowsDatacenter: number; sqlServer: number };
  /** Hosts whose measured replay exceeds usable capacity in some slot. */
  hostsExceeding: number;
  /** Largest exceedance share (0..1) over the hosts. */
  worstExceedanceShare: number;
  failoverK: number;
  spares: number;
  unplaced: number;
  rulesExtraHosts?: number;
  softPenalty?: number;
  confidence?: number;
}

/** How plan `name` differs from the first plan, asset by asset (never by host label). */
export interface AssetDifferences {
  name: string;
  /** Assets placed in both whose target model differs. */
  modelChanged: number;
  modelChangedSample: { asset: string; from: string; to: string }[];
  /** Placed in the first plan, unplaced (or absent) here; and the reverse. */
  nowUnplaced: number;
  nowPlaced: number;
  nowUnplacedSample: string[];
  nowPlacedSample: string[];
  /** Pairs sharing a host in the first plan: still together here, or split. */
  pairsKept: number;
  pairsSplit: number;
  pairsSplitSample: [string, string][];
  /** Pairs sharing a host here that did not in the first plan. */
  pairsJoined: number;
  pairsJoinedSample: [string, string][];
}

export interface PlanSetComparison {
  plans: PlanFigures[];
  /** One entry per plan after the first, against the first. */
  differences: AssetDifferences[];
  /** Nothing that matters differs between any plan and the first. */
  identical: boolean;
}

/**
 * Compares plans (of the same estate, usually) side by side: figures per plan, and the
 * asset-level differences of each plan against the first by target model, placed vs
 * unplaced and co-location (pairs within hosts only: O(Σ host size²), not O(assets²)).
 */
export function comparePlanDocuments(
  plans: readonly { name: string; plan: PlanDocument }[],
): PlanSetComparison {
  const figures = plans.map(({ name, plan }) => planFigures(name, plan));
  const first = plans[0];
  const differences =
    first === undefined ? [] : plans.slice(1).map((p) => assetDifferences(first.plan, p));
  const identical =
    differences.every(isEmpty) && figures.every((f) => sameFigures(f, figures[0] as PlanFigures));
  return { plans: figures, differences, identical };
}

function planFigures(name: string, plan: PlanDocument): PlanFigures {
  const hostsPerModel: Record<string, number> = {};
  let hostsExceeding = 0;
  let worst = 0;
  let spares = 0;
  for (const host of plan.hosts) {
    const model = host.model ?? plan.hostModel.name;
    hostsPerModel[model] = (hostsPerModel[model] ?? 0) + 1;
    const share = host.exceedance?.share ?? 0;
    if ((host.exceedance?.slots ?? 0) > 0) hostsExceeding++;
    worst = Math.max(worst, share);
    if (host.spare === true) spares++;
  }
  const s = plan.summary;
  const total = plan.economics?.total;
  return {
    name,
    hosts: s.hosts,
    // By model name, so that figures compare equal whatever the order of the hosts.
    hostsPerModel: Object.fromEntries(Object.entries(hostsPerModel).sort(([x], [y]) => byId(x, y))),
    lowerBound: s.lowerBound,
    gap: s.gap,
    ...(total === undefined
      ? {}
      : {
          costPerMonth: total.costPerMonth,
          costPerYear: total.costPerYear,
          energyKwhPerMonth: total.energyKwhPerMonth,
          licensedCores: total.licensedCores,
        }),
    hostsExceeding,
    worstExceedanceShare: worst,
    failoverK: plan.failover?.k ?? s.failover ?? 0,
    spares,
    unplaced: plan.unplaced.length,
    ...(s.rules === undefined
      ? {}
      : { rulesExtraHosts: s.rules.extraHosts, softPenalty: s.rules.softPenalty }),
    ...(s.confidence === undefined ? {} : { confidence: s.confidence }),
  };
}

function sameFigures(a: PlanFigures, b: PlanFigures): boolean {
  const strip = ({ name: _name, ...rest }: PlanFigures): string => JSON.stringify(rest);
  return strip(a) === strip(b);
}

function isEmpty(d: AssetDifferences): boolean {
  return d.modelChanged + d.nowPlaced + d.nowUnplaced + d.pairsSplit + d.pairsJoined === 0;
}

interface Placement {
  /** Asset → index of its host. */
  host: Map<string, number>;
  /** Asset → target model. */
  model: Map<string, string>;
  hosts: readonly (readonly string[])[];
}

function placementOf(plan: PlanDocument): Placement {
  const host = new Map<string, number>();
  const model = new Map<string, string>();
  plan.hosts.forEach((h, i) => {
    for (const asset of h.assets) {
      host.set(asset, i);
      model.set(asset, h.model ?? plan.hostModel.name);
    }
  });
  return { host, model, hosts: plan.hosts.map((h) => [...h.assets].sort(byId)) };
}

/** Pairs sharing a host in `a`, counted by whether `b` puts them on one host too. */
function pairsOf(
  a: Placement,
  b: Placement,
): { together: number; apart: number; sample: [string, string][] } {
  let together = 0;
  let apart = 0;
  const sample: [string, string][] = [];
  for (const assets of a.hosts) {
    for (let i = 0; i < assets.length; i++) {
      const x = assets[i] as string;
      const hx = b.host.get(x);
      for (let j = i + 1; j < assets.length; j++) {
        const y = assets[j] as string;
        if (hx !== undefined && hx === b.host.get(y)) together++;
        else {
          apart++;
          if (sample.length < COMPARE_SAMPLE_MAX) sample.push([x, y]);
        }
      }
    }
  }
  return { together, apart, sample };
}

function assetDifferences(
  first: PlanDocument,
  other: { name: string; plan: PlanDocument },
): AssetDifferences {
  const a = placementOf(first);
  const b = placementOf(other.plan);
  const modelChanged: { asset: string; from: string; to: string }[] = [];
  const nowUnplaced: string[] = [];
  for (const [asset, from] of a.model) {
    const to = b.model.get(asset);
    if (to === undefined) nowUnplaced.push(asset);
    else if (to !== from) modelChanged.push({ asset, from, to });
  }
  const nowPlaced = [...b.model.keys()].filter((asset) => !a.model.has(asset));
  const split = pairsOf(a, b);
  const joined = pairsOf(b, a);
  modelChanged.sort((x, y) => byId(x.asset, y.asset));
  return {
    name: other.name,
    modelChanged: modelChanged.length,
    modelChangedSample: modelChanged.slice(0, COMPARE_SAMPLE_MAX),
    nowUnplaced: nowUnplaced.length,
    nowPlaced: nowPlaced.length,
    nowUnplacedSample: nowUnplaced.sort(byId).slice(0, COMPARE_SAMPLE_MAX),
    nowPlacedSample: nowPlaced.sort(byId).slice(0, COMPARE_SAMPLE_MAX),
    pairsKept: split.together,
    pairsSplit: split.apart,
    pairsSplitSample: split.sample,
    pairsJoined: joined.apart,
    pairsJoinedSample: joined.sample,
  };
}

const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
