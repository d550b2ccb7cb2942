import { failoverLowerBound, planFailover, validateFailover } from './failover';
import type { FailoverResult } from './failover';
import { planPlacement } from './plan-placement';
import type { PlacementResult } from './plan-placement';
import { lowerBound } from './lower-bound';
import { validatePlacement } from './validate-plan';
import { assignClusters } from './cluster-assignment';
import { combineRules, NO_RULES, rulesFromLabels } from './rules';
import type { HardRules } from './rules';
import { item, problemOf, randomEstate } from './placement.fixture';
import type { ItemLabels, PlacementProblem } from './problem';

const SLOTS = 24;

/** A problem of flat items (one resource, capacity 100) with the given demands. */
function flat(demands: number[], labels: (ItemLabels | undefined)[] = []): PlacementProblem {
  const items = demands.map((d, i) => item(`vm-${i}`, [() => d], SLOTS, labels[i]));
  return problemOf(items, [100], ['cpu'], SLOTS);
}

/** Every failover a test makes is replayed by the independent validator and stays a valid plan. */
function protect(
  problem: PlacementProblem,
  hosts: number[][],
  options: Parameters<typeof planFailover>[2],
): FailoverResult {
  const result = planFailover(problem, hosts, options);
  expect(validateFailover(problem, result.hosts, result.failover, options.rules)).toEqual([]);
  const placed: PlacementResult = {
    strategy: 'time-aware',
    seed: 1,
    hosts: result.hosts,
    unplaced: [],
    lowerBound: lowerBound(problem, NO_RULES),
    stoppedBy: 'construction',
    checks: 0,
    penalties: [],
  };
  expect(validatePlacement(problem, placed, options.rules)).toEqual([]);
  // Original hosts keep their indices: each item stays, or moved onto an added host.
  hosts.forEach((items, h) =>
    items.forEach((i) => {
      const now = result.hosts.findIndex((x) => x.includes(i));
      expect(now === h || now >= hosts.length).toBe(true);
    }),
  );
  return result;
}

describe('planFailover with k = 1', () => {
  it('proves every single-host failure of a packed estate, and the replay agrees', () => {
    const problem = problemOf(randomEstate(150, 11), [20_000, 128]);
    const plan = planPlacement(problem);
    const { hosts, failover } = planFailover(problem, plan.hosts, { k: 1 });
    expect(validateFailover(problem, hosts, failover)).toEqual([]);
    expect(failover.method).toBe('redistribute');
    expect(failover.scenarios.map((s) => s.failed)).toEqual(hosts.map((_, h) => [h]));
    failover.scenarios.forEach(({ failed, moves }) =>
      expect(moves.map((m) => m.item).sort((a, b) => a - b)).toEqual(hosts[failed[0]!]),
    );
    expect(hosts.length).toBeGreaterThanOrEqual(failoverLowerBound(plan.lowerBound.hosts, 1));
  });

  it('gives a plan no host when every failure is absorbed already', () => {
    const problem = flat([20, 20, 20, 20]);
    const { hosts, failover } = protect(problem, [[0], [1], [2], [3]], { k: 1 });
    expect(failover.addedHosts).toBe(0);
    expect(hosts).toEqual([[0], [1], [2], [3]]);
  });

  it('adds one empty spare to a tight plan whose failures no survivor can take', () => {
    const problem = flat([60, 60, 60, 60]);
    const { hosts, failover } = protect(problem, [[0], [1], [2], [3]], { k: 1 });
    expect(failover.addedHosts).toBe(1);
    expect(hosts).toEqual([[0], [1], [2], [3], []]);
    expect(failover.scenarios[0]!.moves).toEqual([{ item: 0, to: 4 }]);
  });

  it('moves items onto the added host to relieve the hosts whose failure failed', () => {
    // Three hosts of 50 + 40: no survivor has room for either. One added host that takes a
    // 50 from two of them leaves room everywhere, and its own failure is absorbed too.
    const problem = flat([50, 40, 50, 40, 50, 40]);
    const { hosts, failover } = protect(
      problem,
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      { k: 1 },
    );
    expect(failover.addedHosts).toBe(1);
    expect(hosts[3]!.length).toBeGreaterThan(0);
    expect(failover.scenarios).toHaveLength(4);
  });

  it('keeps the moves inside the failed host’s cluster and adds hosts to the cluster that needs them', () => {
    const problem = flat([30, 30, 60, 60]);
    const hosts = [[0], [1], [2], [3]];
    expect(protect(problem, hosts, { k: 1 }).failover.addedHosts).toBe(0);
    const clustered = protect(problem, hosts, {
      k: 1,
      clusters: [
        [0, 1],
        [2, 3],
      ],
    });
    expect(clustered.failover.addedHosts).toBe(1);
    expect(clustered.clusters).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    const clusterOf = (h: number): number => clustered.clusters!.findIndex((c) => c.includes(h));
    for (const { failed, moves } of clustered.failover.scenarios)
      for (const { to } of moves) expect(clusterOf(to)).toBe(clusterOf(failed[0]!));
  });

  it('never breaks an anti-affinity group or an extra limit rule with a move', () => {
    // Host 1 has the most room, but holds the other member of group g (item 1) and the
    // other domain controller (item 4): items 0 and 3 must go to host 2.
    const problem = flat(
      [30, 10, 50, 20, 5],
      [{ antiAffinityGroup: 'g' }, { antiAffinityGroup: 'g' }],
    );
    const rules: HardRules = {
      same: [],
      limits: [{ id: 'dc', keys: Int32Array.from([-1, -1, -1, 0, 0]), names: ['dc'], max: 1 }],
    };
    const hosts = [[0, 3], [1, 4], [2]];
    const { failover } = protect(problem, hosts, { k: 1, rules });
    expect(failover.addedHosts).toBe(0);
    expect(failover.scenarios[0]!.moves).toEqual([
      { item: 0, to: 2 },
      { item: 3, to: 2 },
    ]);
  });

  it('still proves the plan when the budget is spent, with an empty spare', () => {
    const problem = problemOf(randomEstate(80, 5), [20_000, 128]);
    const plan = planPlacement(problem);
    const { failover } = protect(
      problem,
      plan.hosts.map((h) => [...h]),
      { k: 1, maxChecks: 1 },
    );
    expect(failover.addedHosts).toBe(1);
  });

  it('gives the same result for the same input', () => {
    const problem = problemOf(randomEstate(60, 2), [20_000, 128]);
    const plan = planPlacement(problem);
    expect(planFailover(problem, plan.hosts, { k: 1 })).toEqual(
      planFailover(problem, plan.hosts, { k: 1 }),
    );
  });

  it('refuses a plan that is not valid to begin with', () => {
    const problem = flat([60, 60]);
    expect(() => planFailover(problem, [[0, 1]], { k: 1 })).toThrow(/not valid/);
    expect(() => planFailover(problem, [[0], [1]], { k: 0 })).toThrow(/k must be/);
    expect(() => planFailover(problem, [[0], [1]], { k: 1, clusters: [[0]] })).toThrow(/cluster/);
  });
});

describe('planFailover with k ≥ 2', () => {
  it('adds k empty spares per cluster, and the spare-host argument replays', () => {
    const problem = problemOf(randomEstate(120, 4), [20_000, 128]);
    const plan = planPlacement(problem);
    const rules = combineRules(rulesFromLabels(problem.items));
    const { clusters } = assignClusters(plan.hosts, 4, rules);
    const result = protect(
      problem,
      plan.hosts.map((h) => [...h]),
      { k: 2, clusters },
    );
    expect(result.failover.method).toBe('spare-hosts');
    expect(result.failover.addedHosts).toBe(2 * clusters.length);
    for (const cluster of result.clusters!)
      expect(cluster.filter((h) => result.hosts[h]!.length === 0)).toHaveLength(2);
    // The same proof does not stand for three failures: a cluster has two spares only.
    const claim = { ...result.failover, k: 3 };
    expect(validateFailover(problem, result.hosts, claim).join('\n')).toMatch(/2 empty hosts/);
  });

  it('counts hosts already empty as spares', () => {
    const problem = flat([60, 60, 60]);
    const { hosts, failover } = protect(problem, [[0], [], [1], [2]], { k: 2 });
    expect(failover.addedHosts).toBe(1);
    expect(hosts).toEqual([[0], [], [1], [2], []]);
    expect(failover.scenarios[0]!.moves).toEqual([{ item: 0, to: 1 }]);
  });
});

describe('failoverLowerBound', () => {
  it('needs k hosts more than the bound in one cluster', () => {
    expect(failoverLowerBound(10, 1)).toBe(11);
    expect(failoverLowerBound(10, 3)).toBe(13);
    expect(failoverLowerBound(0, 2)).toBe(0);
  });

  it('needs k reserve hosts in every cluster of at most s hosts', () => {
    expect(failoverLowerBound(10, 1, 4)).toBe(14); // 14 = 10 + 1 × ⌈14 / 4⌉; 13 < 10 + 4
    expect(failoverLowerBound(10, 2, 8)).toBe(14);
    expect(failoverLowerBound(3, 1, 32)).toBe(4);
    expect(failoverLowerBound(5, 2, 2)).toBe(Infinity);
    for (let bound = 1; bound < 60; bound++)
      for (const [k, s] of [
        [1, 3],
        [2, 5],
        [1, 16],
      ] as const) {
        const n = failoverLowerBound(bound, k, s);
        expect(n).toBeGreaterThanOrEqual(bound + k * Math.ceil(n / s));
        expect(n - 1).toBeLessThan(bound + k * Math.ceil((n - 1) / s));
      }
  });

  it('is never above the hosts of a tight plan made to survive', () => {
    const problem = flat([60, 60, 60, 60]);
    const { hosts } = planFailover(problem, [[0], [1], [2], [3]], { k: 1 });
    expect(hosts.length).toBeGreaterThanOrEqual(failoverLowerBound(4, 1));
  });
});
