import { planFailover, validateFailover } from './failover';
import type { FailoverPlan } from './failover';
import { item, problemOf } from './placement.fixture';
import type { ItemLabels, PlacementProblem } from './problem';

const SLOTS = 24;

/** Flat items on one resource of capacity 100; `spike` adds 30 to an item in slot 5. */
function flat(
  demands: number[],
  labels: (ItemLabels | undefined)[] = [],
  spike: number[] = [],
): PlacementProblem {
  const items = demands.map((d, i) =>
    item(`vm-${i}`, [(t) => d + (spike.includes(i) && t === 5 ? 30 : 0)], SLOTS, labels[i]),
  );
  return problemOf(items, [100], ['cpu'], SLOTS);
}

/** A k = 1 proof of one cluster of all hosts, made of the given moves per failed host. */
function proof(hostCount: number, moves: [number, { item: number; to: number }[]][]): FailoverPlan {
  return {
    k: 1,
    method: 'redistribute',
    scenarios: moves.map(([h, m]) => ({ failed: [h], moves: m })),
    addedHosts: 0,
    clusters: [Array.from({ length: hostCount }, (_, h) => h)],
    checks: 0,
  };
}

describe('validateFailover', () => {
  const problem = flat([50, 30, 20], [{ drGroup: 'd' }, { drGroup: 'd' }]);
  const hosts = [[0], [1], [2]];

  it('accepts a proof whose moves fit and keep the rules', () => {
    const valid = proof(3, [
      [0, [{ item: 0, to: 2 }]],
      [1, [{ item: 1, to: 2 }]],
      [2, [{ item: 2, to: 0 }]],
    ]);
    expect(validateFailover(problem, hosts, valid)).toEqual([]);
  });

  it('reports a move that overloads a survivor, breaks a rule or leaves an item behind', () => {
    const broken = proof(3, [
      [0, [{ item: 0, to: 1 }]], // DR pair 0 and 1 on one host
      [1, []], // item 1 not moved
      [2, [{ item: 2, to: 2 }]], // onto the failed host itself
    ]);
    const errors = validateFailover(flat([50, 60, 20]), hosts, broken).join('\n');
    expect(errors).toMatch(/host 1 cpu demand 110 exceeds usable 100/);
    expect(validateFailover(problem, hosts, broken).join('\n')).toMatch(/rule dr-group/);
    expect(errors).toMatch(/item 1 of failed host 1 is not moved/);
    expect(errors).toMatch(/to failed host 2/);
  });

  it('reports a host without a scenario, a move out of the cluster and an item moved twice', () => {
    const plan: FailoverPlan = {
      ...proof(3, [
        [
          0,
          [
            { item: 0, to: 2 },
            { item: 0, to: 2 },
          ],
        ],
      ]),
      clusters: [[0, 1], [2]],
    };
    const errors = validateFailover(problem, hosts, plan).join('\n');
    expect(errors).toMatch(/host 1 has no failover scenario/);
    expect(errors).toMatch(/out of its cluster/);
    expect(errors).toMatch(/moves item 0 twice/);
  });

  it('allows as many slots over capacity as the problem’s allowed exceedance', () => {
    // Items 0 and 1 spike in slot 5: 70 + 30 + 30 = 130 there, within 100 elsewhere.
    const spiky = flat([40, 30, 20], [], [0, 1]);
    const moves = proof(3, [
      [0, [{ item: 0, to: 1 }]],
      [1, [{ item: 1, to: 0 }]],
      [2, [{ item: 2, to: 0 }]],
    ]);
    expect(validateFailover(spiky, hosts, moves).join('\n')).toMatch(/in slot 5/);
    expect(validateFailover({ ...spiky, allowedExceedance: 1 }, hosts, moves)).toEqual([]);
  });
});

describe('planFailover through PackingState.fits', () => {
  it('inherits the allowed exceedance: a one-slot spike is absorbed only when allowed', () => {
    const spiky = flat([40, 30], [], [0, 1]);
    const strict = planFailover(spiky, [[0], [1]], { k: 1 });
    expect(strict.failover.addedHosts).toBe(1);
    const lenient = { ...spiky, allowedExceedance: 1 };
    const result = planFailover(lenient, [[0], [1]], { k: 1 });
    expect(result.failover.addedHosts).toBe(0);
    expect(validateFailover(lenient, result.hosts, result.failover)).toEqual([]);
  });

  it('inherits the allocation limits: one VM per host leaves no survivor room', () => {
    const roomy = flat([10, 10, 10]);
    const limited: PlacementProblem = {
      ...roomy,
      items: roomy.items.map((i) => ({ ...i, allocation: [1] })),
      allocation: { names: ['VMs'], limits: [1] },
    };
    expect(planFailover(roomy, [[0], [1], [2]], { k: 1 }).failover.addedHosts).toBe(0);
    const result = planFailover(limited, [[0], [1], [2]], { k: 1 });
    expect(result.failover.addedHosts).toBe(1);
    expect(validateFailover(limited, result.hosts, result.failover)).toEqual([]);
    // The replay checks the allocation on its own: host 1 would hold two VMs.
    const twoVms = proof(3, [
      [0, [{ item: 0, to: 1 }]],
      [1, [{ item: 1, to: 0 }]],
      [2, [{ item: 2, to: 0 }]],
    ]);
    expect(validateFailover(limited, [[0], [1], [2]], twoVms).join('\n')).toMatch(
      /allocates 2 VMs > 1/,
    );
  });
});
