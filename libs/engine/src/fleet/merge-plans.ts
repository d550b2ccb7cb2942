import type { EstateBaseline } from '@vplan/domain';
import type { PlanAsset, PlanDocument, PlanHost, PlanSummary, UnplacedAsset } from '@vplan/formats';
import type { FleetModel } from './fleet-models';

/** One model's share of a fleet plan, planned alone. */
export interface FleetPart {
  readonly model: FleetModel;
  readonly plan: PlanDocument;
}

export interface MergeInput {
  /** In the order the hosts are listed (today's groups first). */
  readonly parts: readonly FleetPart[];
  /** A plan of the whole estate on one model: its input, sizing and the entries of assets no part holds. */
  readonly base: PlanDocument;
  /** Assets no model can take, with why on each. */
  readonly unassigned: readonly UnplacedAsset[];
  /** Host-count bound over the fleet, and what sets it. */
  readonly lowerBound: { readonly hosts: number; readonly basis: PlanSummary['lowerBoundBasis'] };
  readonly limitingResource: PlanSummary['limitingResource'];
  readonly baseline?: EstateBaseline;
  readonly elapsedMs: number;
}

const label = (n: number, prefix: string, width: number) =>
  `${prefix}-${String(n).padStart(width, '0')}`;

/**
 * One plan of a fleet from its parts: hosts renumbered across models (`host-001` …, today's
 * groups first, each kept host named after the host of today whose VMs it holds most of),
 * clusters renumbered (a cluster never mixes models), failover scenarios and asset entries
 * relabelled, summaries summed. Assets no part holds keep the base plan's entry.
 */
export function mergeFleetPlans(input: MergeInput): PlanDocument {
  const { parts, base } = input;
  const hosts: PlanHost[] = [];
  const assets: PlanAsset[] = [];
  const unplaced: UnplacedAsset[] = [];
  const scenarios: NonNullable<PlanDocument['failover']>['scenarios'][number][] = [];
  let clusterCount = 0;
  let addedHosts = 0;
  const todayOf = todayHosts(input.baseline);
  const held = new Set<string>();
  for (const { model, plan } of parts) {
    const rename = new Map<string, string>();
    const clusters = new Map<string, string>();
    const kept = model.existing ? keptHostNames(plan.hosts, model.existing, todayOf) : [];
    plan.hosts.forEach((h, i) => {
      const id = label(hosts.length + 1, 'host', 3);
      rename.set(h.id, id);
      let cluster: string | undefined;
      if (h.cluster !== undefined) {
        cluster = clusters.get(h.cluster);
        if (cluster === undefined) {
          cluster = label(++clusterCount, 'cluster', 2);
          clusters.set(h.cluster, cluster);
        }
      }
      hosts.push({
        ...h,
        id,
        model: model.target.model.name,
        ...(cluster !== undefined ? { cluster } : {}),
        ...(kept[i] !== undefined ? { existing: kept[i] } : {}),
      });
    });
    for (const a of plan.assets ?? []) {
      held.add(a.id);
      assets.push(
        a.host === undefined
          ? a
          : { ...a, host: rename.get(a.host) ?? a.host, model: model.target.model.name },
      );
    }
    unplaced.push(...plan.unplaced);
    for (const u of plan.unplaced) held.add(u.asset);
    for (const s of plan.failover?.scenarios ?? [])
      scenarios.push({
        failed: s.failed.map((f) => rename.get(f) ?? f),
        moves: s.moves.map((m) => ({ ...m, to: rename.get(m.to) ?? m.to })),
      });
    addedHosts += plan.failover?.addedHosts ?? 0;
  }
  // Assets no model takes keep the base plan's entry (below).
  unplaced.push(...input.unassigned);
  for (const a of base.assets ?? []) {
    if (held.has(a.id)) continue;
    // Sized on the base plan's model, placed by no part: no host, no model.
    const { host: _host, model: _model, ...entry } = a;
    assets.push(entry);
  }
  const assetEntries = dedupe(assets);
  assetEntries.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const placed = hosts.reduce((n, h) => n + h.assets.length, 0);
  const sum = (pick: (s: PlanSummary) => number | undefined) =>
    parts.reduce((n, p) => n + (pick(p.plan.summary) ?? 0), 0);
  const all = (pick: (s: PlanSummary) => number | undefined) =>
    parts.length > 0 && parts.every((p) => pick(p.plan.summary) !== undefined);
  const main =
    [...parts].sort((x, y) => y.plan.hosts.length - x.plan.hosts.length)[0]?.plan ?? base;
  const rulesOf = parts.map((p) => p.plan.summary.rules).filter((r) => r !== undefined);
  const clustered = parts.map((p) => p.plan.summary.clusters).filter((c) => c !== undefined);
  const failover = parts.find((p) => p.plan.failover)?.plan.failover;
  const summary: PlanSummary = {
    ...base.summary,
    assets: base.summary.assets,
    placed,
    hosts: hosts.length,
    lowerBound: input.lowerBound.hosts,
    gap: hosts.length - input.lowerBound.hosts,
    limitingResource: input.limitingResource,
    ...(input.lowerBound.basis !== undefined ? { lowerBoundBasis: input.lowerBound.basis } : {}),
    consolidationRatio: hosts.length === 0 ? 0 : Number((placed / hosts.length).toFixed(2)),
    ...(all((s) => s.peakBasedHosts) ? { peakBasedHosts: sum((s) => s.peakBasedHosts) } : {}),
    stoppedBy: main.summary.stoppedBy,
    elapsedMs: Math.round(input.elapsedMs),
    ...(rulesOf.length > 0
      ? {
          rules: {
            ruleSet: rulesOf[0]!.ruleSet,
            hostsWithoutRules: rulesOf.reduce((n, r) => n + r.hostsWithoutRules, 0),
            extraHosts: rulesOf.reduce((n, r) => n + r.extraHosts, 0),
            softPenalty: rulesOf.reduce((n, r) => n + r.softPenalty, 0),
            blocked: unplaced.filter((u) => u.reasons.some((r) => r.includes('rule '))).length,
          },
        }
      : {}),
    ...(clustered.length > 0
      ? {
          clusters: {
            size: clustered[0]!.size,
            count: clusterCount,
            problems: clustered.flatMap((c) => c.problems),
          },
        }
      : {}),
    // The estate's facts as the whole-estate plan words them (a part counts only its share).
    warnings: [...(base.summary.warnings ?? [])],
  };
  if (base.summary.peakBasedHosts !== undefined && !all((s) => s.peakBasedHosts))
    delete (summary as { peakBasedHosts?: number }).peakBasedHosts;
  return {
    ...base,
    hostModel: main.hostModel,
    sizing: main.sizing,
    hosts,
    unplaced,
    assets: assetEntries,
    ...(failover ? { failover: { ...failover, addedHosts, scenarios } } : {}),
    summary,
  };
}

function dedupe(assets: readonly PlanAsset[]): PlanAsset[] {
  const seen = new Map<string, PlanAsset>();
  for (const a of assets) {
    const had = seen.get(a.id);
    if (!had || (had.host === undefined && a.host !== undefined)) seen.set(a.id, a);
  }
  return [...seen.values()];
}

/** Today's host of each VM, by asset id. */
function todayHosts(baseline: EstateBaseline | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of baseline?.hosts ?? []) for (const vm of h.vms) out.set(vm, h.name);
  return out;
}

/**
 * The host of today each plan host of a kept group reuses: the one whose VMs it holds
 * most of (largest overlaps first), then the group's remaining hosts in order.
 */
function keptHostNames(
  planHosts: readonly PlanHost[],
  names: readonly string[],
  todayOf: ReadonlyMap<string, string>,
): (string | undefined)[] {
  const pairs: { host: number; name: string; overlap: number }[] = [];
  const inGroup = new Set(names);
  planHosts.forEach((h, host) => {
    const counts = new Map<string, number>();
    for (const a of h.assets) {
      const name = todayOf.get(a);
      if (name !== undefined && inGroup.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const [name, overlap] of counts) pairs.push({ host, name, overlap });
  });
  pairs.sort((x, y) => y.overlap - x.overlap || x.host - y.host || (x.name < y.name ? -1 : 1));
  const out: (string | undefined)[] = planHosts.map(() => undefined);
  const used = new Set<string>();
  for (const p of pairs) {
    if (out[p.host] !== undefined || used.has(p.name)) continue;
    out[p.host] = p.name;
    used.add(p.name);
  }
  const rest = names.filter((n) => !used.has(n));
  for (let h = 0; h < out.length; h++) if (out[h] === undefined) out[h] = rest.shift();
  return out;
}
