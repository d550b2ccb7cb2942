import { seededRandom } from '@vplan/domain';
import { planPlacement } from './plan-placement';
import type { PlacementOptions, PlacementResult } from './plan-placement';
import { validatePlacement } from './validate-plan';
import { lowerBound } from './lower-bound';
import { NO_RULES, rulesFromLabels } from './rules';
import { item, problemOf, randomEstate } from './placement.fixture';
import type { PlacementItem, PlacementProblem } from './problem';

const LIMITS = { names: ['vcpus', 'configured memory GiB', 'VMs'], limits: [48, 384, 12] };

/** A random estate whose servers also carry vCPUs, configured memory and a VM count. */
function allocatedEstate(n: number, seed: number): PlacementItem[] {
  const random = seededRandom(seed * 7919);
  return randomEstate(n, seed).map((it) => ({
    ...it,
    allocation: [1 + random.int(16), 4 + random.int(60), 1],
  }));
}

function plan(problem: PlacementProblem, options: PlacementOptions = {}): PlacementResult {
  const result = planPlacement(problem, options);
  expect(validatePlacement(problem, result)).toEqual([]);
  return result;
}

/** Largest summed allocation per dimension over the hosts of a plan. */
function worstAllocation(problem: PlacementProblem, result: PlacementResult): number[] {
  return LIMITS.limits.map((_, d) =>
    Math.max(
      ...result.hosts.map((h) => h.reduce((s, i) => s + problem.items[i]!.allocation![d]!, 0)),
    ),
  );
}

describe('planPlacement with allocation limits', () => {
  it('never puts more vCPUs, configured memory or VMs on a host than its limits allow', () => {
    for (const seed of [1, 2, 3, 4]) {
      const problem = {
        ...problemOf(allocatedEstate(120, seed), [40_000, 512]),
        allocation: LIMITS,
      };
      const result = plan(problem, { seed });
      expect(result.hosts.flat()).toHaveLength(120);
      worstAllocation(problem, result).forEach((worst, d) =>
        expect(worst).toBeLessThanOrEqual(LIMITS.limits[d]!),
      );
      // The limits bind: without them the same estate needs fewer hosts.
      const free = plan(problemOf(allocatedEstate(120, seed), [40_000, 512]), { seed });
      expect(result.hosts.length).toBeGreaterThan(free.hosts.length);
    }
  });

  it('holds a VM count limit in every search phase, with soft rules too', () => {
    const items = Array.from({ length: 23 }, (_, i) => ({
      ...item(`vm${i}`, [() => 10]),
      allocation: [1],
    }));
    const problem = {
      ...problemOf(items, [1000], ['cpu']),
      allocation: { names: ['VMs'], limits: [5] },
    };
    const soft = [{ id: 'odd', penalty: 10, violated: (a: number, b: number) => a % 2 !== b % 2 }];
    const result = plan(problem, { soft });
    expect(result.hosts).toHaveLength(5);
    expect(Math.max(...result.hosts.map((h) => h.length))).toBe(5);
    expect(result.lowerBound).toMatchObject({ hosts: 5, setBy: 'allocation' });
  });

  it('stays within the limits when capacity and allocation both bind (overflow searches)', () => {
    const limits = { names: ['vcpus', 'VMs'], limits: [40, 9] };
    // Capacity keeps the first fits above the bound, so the overflow searches run.
    for (const seed of [6, 7]) {
      const random = seededRandom(seed);
      const items = randomEstate(60, seed).map((it) => ({
        ...it,
        allocation: [1 + random.int(10), 1],
      }));
      const problem = { ...problemOf(items, [15_000, 128]), allocation: limits };
      const result = plan(problem, { seed, maxChecks: 100_000 });
      expect(result.stoppedBy).not.toBe('construction');
      expect(result.hosts.length).toBeGreaterThanOrEqual(result.lowerBound.hosts);
    }
  });

  it('lists a server whose own allocation exceeds a host as unplaced, with the limit', () => {
    const big = { ...item('big', [() => 100]), allocation: [64, 1] };
    const small = { ...item('small', [() => 100]), allocation: [4, 1] };
    const problem = {
      ...problemOf([big, small], [1000], ['cpu']),
      allocation: { names: ['vcpus', 'VMs'], limits: [48, 10] },
    };
    const result = plan(problem);
    expect(result.unplaced).toEqual([{ item: 0, reasons: ['needs 64 vcpus; a host allows 48'] }]);
    expect(result.hosts).toEqual([[1]]);
  });

  it('changes nothing when every limit is unlimited', () => {
    const items = allocatedEstate(100, 8);
    const unlimited = { names: LIMITS.names, limits: [Infinity, Infinity, Infinity] };
    const problem = problemOf(items, [15_000, 96]);
    expect(plan({ ...problem, allocation: unlimited })).toEqual(plan(problem));
  });
});

describe('lowerBound with allocation limits', () => {
  it('needs ⌈Σ allocation / limit⌉ hosts for each dimension', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      ...item(`vm${i}`, [() => 1]),
      allocation: [20, 1],
    }));
    const problem = {
      ...problemOf(items, [1000], ['cpu']),
      allocation: { names: ['vcpus', 'VMs'], limits: [48, 4] },
    };
    // 200 vCPUs / 48 → 5 hosts; 10 VMs / 4 → 3 hosts; the volume needs 1.
    expect(lowerBound(problem, NO_RULES)).toMatchObject({ hosts: 5, setBy: 'allocation' });
    // Two 20-vCPU servers per 48-vCPU host: five hosts reach the bound.
    expect(plan(problem).hosts).toHaveLength(5);
  });

  it('sums the allocation bound over the classes of a same rule', () => {
    const env = (i: number): string => (i < 5 ? 'prod' : 'test');
    const items = Array.from({ length: 6 }, (_, i) => ({
      ...item(`vm${i}`, [() => 1], undefined, { environment: env(i) }),
      allocation: [30],
    }));
    const problem = {
      ...problemOf(items, [1000], ['cpu']),
      allocation: { names: ['vcpus'], limits: [64] },
    };
    // prod: 150 vCPUs → 3 hosts; test: 30 → 1; together 180 / 64 would say 3.
    expect(lowerBound(problem, rulesFromLabels(problem.items))).toMatchObject({
      hosts: 4,
      setBy: 'rule-classes',
    });
    expect(plan(problem).hosts).toHaveLength(4);
  });
});

describe('validatePlacement with allocation limits', () => {
  it('finds a host over an allocation limit', () => {
    const items = [0, 1].map((i) => ({ ...item(`vm${i}`, [() => 1]), allocation: [30, 1] }));
    const problem = {
      ...problemOf(items, [1000], ['cpu']),
      allocation: { names: ['vcpus', 'VMs'], limits: [48, 10] },
    };
    const valid = planPlacement(problem);
    expect(valid.hosts).toHaveLength(2);
    expect(validatePlacement(problem, { ...valid, hosts: [[0, 1]] })).toEqual([
      'host 0 vcpus 60 exceeds the limit 48',
    ]);
  });
});
