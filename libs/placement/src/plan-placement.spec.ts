import { seededRandom, shuffleInPlace } from '@vplan/domain';
import { planPlacement } from './plan-placement';
import { validatePlacement } from './validate-plan';
import { NO_RULES } from './rules';
import { lowerBound } from './lower-bound';
import { item, problemOf, randomEstate, DAY } from './placement.fixture';
import type { PlacementProblem } from './problem';
import type { PlacementOptions, PlacementResult } from './plan-placement';

/** Every plan a test makes goes through the independent validator. */
function plan(problem: PlacementProblem, options: PlacementOptions = {}): PlacementResult {
  const result = planPlacement(problem, options);
  expect(validatePlacement(problem, result)).toEqual([]);
  return result;
}

const hostsAsIds = (problem: PlacementProblem, result: PlacementResult): string[][] =>
  result.hosts
    .map((h) => h.map((i) => problem.items[i]!.id).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('planPlacement', () => {
  it('puts anti-correlated servers on one host', () => {
    const day = item('day', [(t) => (t < DAY / 2 ? 900 : 100)]);
    const night = item('night', [(t) => (t < DAY / 2 ? 100 : 900)]);
    const problem = problemOf([day, night], [1000], ['cpu']);
    expect(plan(problem).hosts).toHaveLength(1);
    expect(plan(problem, { strategy: 'peak-ffd' }).hosts).toHaveLength(2);
  });

  it('never lets a host exceed its capacity in any slot', () => {
    const problem = problemOf(randomEstate(120, 7), [20_000, 128]);
    const result = plan(problem);
    expect(result.hosts.flat()).toHaveLength(120);
  });

  it('needs fewer hosts than sizing every server at its own peak', () => {
    const problem = problemOf(randomEstate(200, 3), [20_000, 256]);
    const timeAware = plan(problem);
    const peak = plan(problem, { strategy: 'peak-ffd' });
    expect(timeAware.hosts.length).toBeLessThan(peak.hosts.length);
    expect(timeAware.hosts.length).toBeGreaterThanOrEqual(timeAware.lowerBound.hosts);
  });

  it('lists a server larger than any host as unplaced, with the resource and its peak', () => {
    const big = item('big', [() => 5000, () => 10]);
    const small = item('small', [() => 100, () => 1]);
    const result = plan(problemOf([big, small], [4000, 64]));
    expect(result.unplaced).toEqual([
      {
        item: 0,
        reasons: [
          expect.stringMatching(/^cpu peak of 5000 MHz .* exceeds a host's usable 4000 MHz/),
        ],
      },
    ]);
    expect(result.hosts).toEqual([[1]]);
  });

  it('keeps environments apart and members of anti-affinity and DR groups on different hosts', () => {
    const light = (id: string, labels: object) => item(id, [() => 10], DAY, labels);
    const problem = problemOf(
      [
        light('p1', { environment: 'prod', antiAffinityGroup: 'web' }),
        light('p2', { environment: 'prod', antiAffinityGroup: 'web' }),
        light('p3', { environment: 'prod', drGroup: 'db' }),
        light('p4', { environment: 'prod', drGroup: 'db' }),
        light('t1', { environment: 'test' }),
        light('any', {}),
      ],
      [1000],
      ['cpu'],
    );
    const result = plan(problem);
    expect(result.hosts).toHaveLength(3);
    expect(result.lowerBound.hosts).toBe(3);
    const hostOf = (id: string) =>
      result.hosts.findIndex((h) => h.some((i) => problem.items[i]!.id === id));
    expect(hostOf('p1')).not.toBe(hostOf('p2'));
    expect(hostOf('p3')).not.toBe(hostOf('p4'));
    expect(hostOf('t1')).not.toBe(hostOf('p1'));
    expect(hostOf('t1')).not.toBe(hostOf('p2'));
  });

  it('gives the same plan for the same input and seed', () => {
    const problem = problemOf(randomEstate(150, 11), [15_000, 96]);
    expect(plan(problem, { seed: 5 })).toEqual(plan(problem, { seed: 5 }));
  });

  it('needs the same number of hosts when the input order is shuffled', () => {
    const items = randomEstate(150, 21);
    const problem = problemOf(items, [15_000, 96]);
    const shuffled = problemOf(shuffleInPlace([...items], seededRandom(99)), [15_000, 96]);
    const a = plan(problem);
    const b = plan(shuffled);
    expect(b.hosts.length).toBe(a.hosts.length);
    expect(b.lowerBound.hosts).toBe(a.lowerBound.hosts);
  });

  it('gives the same plan with an extra empty rule set', () => {
    const problem = problemOf(randomEstate(100, 4), [15_000, 96]);
    expect(hostsAsIds(problem, plan(problem, { rules: NO_RULES }))).toEqual(
      hostsAsIds(problem, plan(problem)),
    );
  });

  it('gives the same plan with a rule that binds nothing', () => {
    const problem = problemOf(randomEstate(100, 4), [15_000, 96]);
    const unbound = {
      same: [],
      limits: [{ id: 'one-per-host', max: 1, keys: new Int32Array(100).fill(-1), names: [] }],
    };
    expect(hostsAsIds(problem, plan(problem, { rules: unbound }))).toEqual(
      hostsAsIds(problem, plan(problem)),
    );
  });

  it('honours an extra limit rule', () => {
    const items = Array.from({ length: 6 }, (_, i) => item(`dc${i}`, [() => 1]));
    const problem = problemOf(items, [1000], ['cpu']);
    const limit = {
      same: [],
      limits: [
        {
          id: 'dc-per-host',
          max: 2,
          keys: new Int32Array(6).fill(0),
          names: ['domain-controller'],
        },
      ],
    };
    const result = planPlacement(problem, { rules: limit });
    expect(validatePlacement(problem, result, limit)).toEqual([]);
    expect(result.hosts).toHaveLength(3);
  });

  it('stops at the lower bound when it reaches it', () => {
    const problem = problemOf(randomEstate(60, 2), [40_000, 512]);
    const result = plan(problem);
    if (result.hosts.length === result.lowerBound.hosts)
      expect(result.stoppedBy).toBe('lower-bound');
    else expect(result.stoppedBy).not.toBe('lower-bound');
  });
});

describe('lowerBound', () => {
  it('is the busiest slot of the summed demand over the usable capacity, rounded up', () => {
    const problem = problemOf(
      [item('a', [(t) => (t === 5 ? 700 : 100)]), item('b', [(t) => (t === 5 ? 700 : 600)])],
      [1000],
      ['cpu'],
    );
    const bound = lowerBound(problem, NO_RULES);
    expect(bound.volume[0]).toBeCloseTo(1.4);
    expect(bound.hosts).toBe(2);
    expect(bound.limitingResource).toBe('cpu');
  });

  it('names the limiting resource', () => {
    const problem = problemOf(
      [item('a', [() => 100, () => 90]), item('b', [() => 100, () => 90])],
      [1000, 100],
    );
    expect(lowerBound(problem, NO_RULES)).toMatchObject({
      hosts: 2,
      limitingResource: 'memory',
      setBy: 'volume',
    });
  });
});

describe('validatePlacement', () => {
  const problem = problemOf([item('a', [() => 600]), item('b', [() => 600])], [1000], ['cpu']);
  const valid = planPlacement(problem);

  it('accepts a valid plan', () => {
    expect(validatePlacement(problem, valid)).toEqual([]);
  });

  it('finds a host over capacity', () => {
    expect(validatePlacement(problem, { ...valid, hosts: [[0, 1]] })[0]).toMatch(
      /host 0 cpu demand 1200 exceeds usable 1000 in slot 0/,
    );
  });

  it('finds an item placed twice or not at all', () => {
    expect(validatePlacement(problem, { ...valid, hosts: [[0], [0]] })).toEqual([
      'item a is both on host 0 and host 1',
      'item b is neither placed nor unplaced',
    ]);
  });
});

describe('lowerBound with large items', () => {
  it('counts items above half a host at the same slot, one host each', () => {
    const big = (id: string) => item(id, [(t) => (t === 3 ? 600 : 10)]);
    const problem = problemOf([big('a'), big('b'), big('c')], [1000], ['cpu']);
    const bound = lowerBound(problem, NO_RULES);
    expect(bound.volume[0]).toBeCloseTo(1.8);
    expect(bound).toMatchObject({ hosts: 3, setBy: 'large-items' });
    expect(planPlacement(problem).hosts).toHaveLength(3);
  });
});

describe('planPlacement progress', () => {
  it('reports the host count as the search goes, without changing the plan', () => {
    const problem = problemOf(randomEstate(120, 9), [15_000, 96]);
    const seen: (number | undefined)[] = [];
    const withProgress = plan(problem, { onProgress: (p) => seen.push(p.hosts) });
    expect(withProgress).toEqual(plan(problem));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(withProgress.hosts.length);
  });
});

describe('planPlacement with pairwise rules', () => {
  it('never puts two items that a pairwise rule separates on one host', () => {
    const items = Array.from({ length: 8 }, (_, i) => item(`vm${i}`, [() => 1]));
    const problem = problemOf(items, [1000], ['cpu']);
    // Items of different parity may not share a host (e.g. their VLAN sets do not intersect).
    const parity = {
      same: [],
      limits: [],
      pairwise: [{ id: 'vlan', conflicts: (a: number, b: number) => a % 2 !== b % 2 }],
    };
    const result = planPlacement(problem, { rules: parity });
    expect(validatePlacement(problem, result, parity)).toEqual([]);
    expect(result.hosts).toHaveLength(2);
  });
});

describe('planPlacement with soft rules', () => {
  it('lowers the soft penalty without adding a host', () => {
    // Eight items, two per host by capacity; first fit pairs 0-1, 2-3 …, which a soft
    // rule that dislikes pairs of different parity penalises.
    const items = Array.from({ length: 8 }, (_, i) => item(`vm${i}`, [() => 400]));
    const problem = problemOf(items, [1000], ['cpu']);
    const soft = [{ id: 'mix', penalty: 30, violated: (a: number, b: number) => a % 2 !== b % 2 }];
    const without = plan(problem);
    const withSoft = plan(problem, { soft });
    expect(withSoft.hosts).toHaveLength(without.hosts.length);
    const penalty = (hosts: readonly (readonly number[])[]) =>
      hosts.reduce((s, h) => s + (h.length === 2 && h[0]! % 2 !== h[1]! % 2 ? 30 : 0), 0);
    expect(penalty(without.hosts)).toBeGreaterThan(0);
    expect(penalty(withSoft.hosts)).toBe(0);
    expect(withSoft.penalties.reduce((a, b) => a + b, 0)).toBe(0);
    expect(without.penalties.every((p) => p === 0)).toBe(true);
  });
});
