import type { PlacementProblem } from './problem';
import type { FailoverPlan, FailoverScenario } from './failover';
import type { HardRules } from './rules';
import { combineRules, NO_RULES, rulesFromLabels } from './rules';

/** Relative slack allowed on capacity (float summation order differs from the packer's). */
const VALIDATION_TOLERANCE = 1e-6;

/**
 * Replays a failover proof from the problem alone, without the packer's bookkeeping, and
 * returns what is wrong (empty when the proof holds):
 *
 * - `clusters` partition the hosts; every host holding items has a scenario `[h]`;
 * - per scenario: every item of the failed hosts is moved exactly once, nothing else is
 *   moved, each onto an existing, surviving host of the same cluster; each receiving
 *   host's summed demand (its items plus the moved ones) is within `usable` at every slot
 *   and resource (beyond it in at most `problem.allowedExceedance` slots, if set), its
 *   summed `allocation` within `problem.allocation`'s limits; no receiving host breaks a
 *   label rule or an `extra` rule (checked by the rules' keys);
 * - `'redistribute'` is only claimed for k = 1; `'spare-hosts'` needs at least k hosts
 *   that are empty in the plan in every cluster holding items, and each scenario must
 *   move its host's items whole onto one of them (the argument of `FailoverPlan`).
 *
 * Pass the same extra `HardRules` as to `planFailover`. Capacity has a relative
 * tolerance of 1e-6 (float summation order differs from the packer's).
 */
export function validateFailover(
  problem: PlacementProblem,
  hosts: readonly (readonly number[])[],
  failover: FailoverPlan,
  extra?: HardRules,
): string[] {
  const errors: string[] = [];
  const clusterOf = clusterIndex(hosts.length, failover.clusters, errors);
  const scenarioOf = new Map<number, FailoverScenario>();
  for (const s of failover.scenarios) if (s.failed.length === 1) scenarioOf.set(s.failed[0]!, s);
  hosts.forEach((items, h) => {
    if (items.length > 0 && !scenarioOf.has(h)) errors.push(`host ${h} has no failover scenario`);
  });
  if (failover.method === 'redistribute' && failover.k !== 1)
    errors.push(`redistribution proves one failure at a time, not k = ${failover.k}`);
  if (failover.method === 'spare-hosts') errors.push(...spareErrors(hosts, failover, scenarioOf));
  const rules = combineRules(rulesFromLabels(problem.items), extra ?? NO_RULES);
  const loads = new Map<number, Float64Array[]>();
  const loadOf = (h: number): Float64Array[] => {
    let load = loads.get(h);
    if (!load) {
      load = sumDemand(problem, hosts[h]!);
      loads.set(h, load);
    }
    return load;
  };
  failover.scenarios.forEach((scenario, s) =>
    errors.push(
      ...replay(problem, hosts, scenario, clusterOf, rules, loadOf).map(
        (e) => `scenario ${s} (failed ${scenario.failed.join(', ')}): ${e}`,
      ),
    ),
  );
  return errors;
}

/** Cluster of each host (−1: none), noting hosts in no cluster or in two. */
function clusterIndex(
  hostCount: number,
  clusters: readonly (readonly number[])[],
  errors: string[],
): Int32Array {
  const clusterOf = new Int32Array(hostCount).fill(-1);
  clusters.forEach((cluster, c) =>
    cluster.forEach((h) => {
      if (!(h >= 0 && h < hostCount)) errors.push(`cluster ${c} lists unknown host ${h}`);
      else if (clusterOf[h]! >= 0) errors.push(`host ${h} is in two clusters`);
      else clusterOf[h] = c;
    }),
  );
  clusterOf.forEach((c, h) => {
    if (c < 0) errors.push(`host ${h} is in no cluster`);
  });
  return clusterOf;
}

/** The spare-host argument: ≥ k empty hosts per cluster with items, each host's items onto one. */
function spareErrors(
  hosts: readonly (readonly number[])[],
  failover: FailoverPlan,
  scenarioOf: ReadonlyMap<number, FailoverScenario>,
): string[] {
  const errors: string[] = [];
  const empty = (h: number): boolean => (hosts[h]?.length ?? 0) === 0;
  failover.clusters.forEach((cluster, c) => {
    if (cluster.every(empty)) return;
    const spares = cluster.filter(empty);
    if (spares.length < failover.k)
      errors.push(`cluster ${c} has ${spares.length} empty hosts, k = ${failover.k} needed`);
    for (const h of cluster) {
      const targets = new Set(scenarioOf.get(h)?.moves.map((m) => m.to) ?? []);
      if (targets.size > 1 || [...targets].some((t) => !spares.includes(t)))
        errors.push(`host ${h}'s items do not move whole onto one spare of its cluster`);
    }
  });
  return errors;
}

/** One scenario replayed from scratch: the violations found. */
function replay(
  problem: PlacementProblem,
  hosts: readonly (readonly number[])[],
  scenario: FailoverScenario,
  clusterOf: Int32Array,
  rules: HardRules,
  loadOf: (h: number) => Float64Array[],
): string[] {
  const errors: string[] = [];
  const failed = new Set(scenario.failed);
  const fromHost = new Map<number, number>();
  for (const f of failed) {
    if (hosts[f] === undefined) errors.push(`failed host ${f} does not exist`);
    else for (const item of hosts[f]) fromHost.set(item, f);
  }
  const incoming = new Map<number, number[]>();
  const moved = new Set<number>();
  const valid = new Set<number>();
  for (const { item, to } of scenario.moves) {
    const from = fromHost.get(item);
    if (moved.has(item)) errors.push(`moves item ${item} twice`);
    moved.add(item);
    if (from === undefined) errors.push(`moves item ${item}, which is on no failed host`);
    else if (hosts[to] === undefined) errors.push(`moves item ${item} to unknown host ${to}`);
    else if (failed.has(to)) errors.push(`moves item ${item} to failed host ${to}`);
    else if (clusterOf[to] !== clusterOf[from])
      errors.push(`moves item ${item} out of its cluster, to host ${to}`);
    else if (!valid.has(item)) {
      valid.add(item);
      incoming.set(to, [...(incoming.get(to) ?? []), item]);
    }
  }
  for (const [item, from] of fromHost)
    if (!moved.has(item)) errors.push(`item ${item} of failed host ${from} is not moved`);
  for (const [to, items] of incoming) {
    const after = [...hosts[to]!, ...items];
    errors.push(...capacityErrors(problem, to, loadOf(to), after, items));
    errors.push(...ruleErrors(rules, to, after));
  }
  return errors;
}

/** Summed demand of `items`: `load[r][t]`. */
function sumDemand(problem: PlacementProblem, items: readonly number[]): Float64Array[] {
  return problem.usable.map((_, r) => {
    const load = new Float64Array(problem.slots);
    for (const i of items) {
      const d = problem.items[i]!.demand[r]!;
      for (let t = 0; t < problem.slots; t++) load[t]! += d[t]!;
    }
    return load;
  });
}

/**
 * Whether host `h` with load `base` plus the `added` items stays within usable capacity
 * at every slot (or beyond it in at most `problem.allowedExceedance` slots), and within
 * the allocation limits, if the problem has them.
 */
function capacityErrors(
  problem: PlacementProblem,
  h: number,
  base: readonly Float64Array[],
  items: readonly number[],
  added: readonly number[],
): string[] {
  const errors: string[] = [];
  const allowed = problem.allowedExceedance ?? 0;
  const over = new Uint8Array(problem.slots);
  problem.resources.forEach((resource, r) => {
    const limit = problem.usable[r]! * (1 + VALIDATION_TOLERANCE);
    const load = base[r]!;
    const demands = added.map((i) => problem.items[i]!.demand[r]!);
    for (let t = 0; t < problem.slots; t++) {
      let v = load[t]!;
      for (const d of demands) v += d[t]!;
      if (v <= limit) continue;
      over[t] = 1;
      if (allowed === 0) {
        errors.push(
          `host ${h} ${resource} demand ${v} exceeds usable ${problem.usable[r]} in slot ${t}`,
        );
        break;
      }
    }
  });
  const slotsOver = over.reduce((n, o) => n + o, 0);
  if (allowed > 0 && slotsOver > allowed)
    errors.push(`host ${h} exceeds usable capacity in ${slotsOver} slots > ${allowed} allowed`);
  problem.allocation?.limits.forEach((limit, d) => {
    let sum = 0;
    for (const i of items) sum += problem.items[i]!.allocation?.[d] ?? 0;
    if (sum > limit * (1 + VALIDATION_TOLERANCE))
      errors.push(
        `host ${h} allocates ${sum} ${problem.allocation!.names[d] ?? `allocation ${d}`} > ${limit}`,
      );
  });
  return errors;
}

/** The hard rules on one host's items, by the rules' keys (and pair predicates). */
function ruleErrors(rules: HardRules, h: number, items: readonly number[]): string[] {
  const errors: string[] = [];
  for (const rule of rules.same) {
    const keys = new Set(items.map((i) => rule.keys[i]!).filter((k) => k >= 0));
    if (keys.size > 1)
      errors.push(
        `host ${h} mixes ${[...keys].map((k) => rule.names[k]).join(', ')} (rule ${rule.id})`,
      );
  }
  for (const rule of rules.limits) {
    const counts = new Map<number, number>();
    for (const i of items) {
      const key = rule.keys[i]!;
      if (key >= 0) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts)
      if (n > rule.max)
        errors.push(
          `host ${h} holds ${n} × ${rule.names[key]} (rule ${rule.id} allows ${rule.max})`,
        );
  }
  for (const rule of rules.pairwise ?? [])
    for (let x = 0; x < items.length; x++)
      for (let y = x + 1; y < items.length; y++)
        if (rule.conflicts(items[x]!, items[y]!))
          errors.push(`host ${h}: items ${items[x]} and ${items[y]} conflict (rule ${rule.id})`);
  return errors;
}
