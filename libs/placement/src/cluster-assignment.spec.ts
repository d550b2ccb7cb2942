import { assignClusters, validateClusters } from './cluster-assignment';
import type { HardRules } from './rules';

const keys = (...k: number[]) => Int32Array.from(k);

describe('assignClusters', () => {
  // Six hosts of one item each; items 0–5.
  const hosts = [[0], [1], [2], [3], [4], [5]];

  it('fills clusters of the given size in host order when no rule applies', () => {
    const { clusters, problems } = assignClusters(hosts, 4, { same: [], limits: [] });
    expect(clusters).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps the members of a DR group in different clusters', () => {
    // Items 0 and 1 are a DR pair (at most one per cluster), as are 2 and 3.
    const rules: HardRules = {
      same: [],
      limits: [{ id: 'dr', keys: keys(0, 0, 1, 1, -1, -1), names: ['a', 'b'], max: 1 }],
    };
    const { clusters } = assignClusters(hosts, 3, rules);
    expect(validateClusters(hosts, clusters, 3, rules)).toEqual([]);
    expect(clusters).toHaveLength(2);
    for (const c of clusters) {
      expect(c.includes(0) && c.includes(1)).toBe(false);
      expect(c.includes(2) && c.includes(3)).toBe(false);
    }
  });

  it('opens extra clusters rather than mix environments', () => {
    const rules: HardRules = {
      same: [{ id: 'env', keys: keys(0, 1, 0, 1, 0, -1), names: ['prod', 'test'] }],
      limits: [],
    };
    const { clusters } = assignClusters(hosts, 4, rules);
    expect(validateClusters(hosts, clusters, 4, rules)).toEqual([]);
    expect(clusters).toEqual([
      [0, 2, 4, 5],
      [1, 3],
    ]);
  });

  it('honours pairwise rules between items of different hosts', () => {
    const rules: HardRules = {
      same: [],
      limits: [],
      pairwise: [{ id: 'vlan', conflicts: (a, b) => a + b === 1 }],
    };
    const { clusters } = assignClusters(hosts, 6, rules);
    expect(validateClusters(hosts, clusters, 6, rules)).toEqual([]);
    expect(clusters).toHaveLength(2);
  });

  it('puts the hosts of a together group in one cluster, and reports a group too big for one', () => {
    const rules: HardRules = { same: [], limits: [] };
    const { clusters, problems } = assignClusters(hosts, 2, rules, [[1, 4]]);
    expect(clusters).toContainEqual([1, 4]);
    expect(problems).toEqual([]);
    const split = assignClusters(hosts, 2, rules, [[0, 2, 4]]);
    expect(split.problems).toEqual([
      'hosts 1, 3, 5 must share a cluster but a cluster holds 2: split',
    ]);
    expect(split.split).toEqual([[0, 2, 4]]);
    expect(validateClusters(hosts, split.clusters, 2, rules)).toEqual([]);
  });

  it('the validator catches a broken assignment', () => {
    const rules: HardRules = {
      same: [],
      limits: [{ id: 'dr', keys: keys(0, 0, -1, -1, -1, -1), names: ['a'], max: 1 }],
    };
    expect(validateClusters(hosts, [[0, 1, 2], [3, 4], [5]], 3, rules)).toEqual([
      'cluster 1 holds 2 × a (rule dr allows 1)',
    ]);
    expect(validateClusters(hosts, [[0, 1, 2, 3], [4]], 3, { same: [], limits: [] })).toEqual([
      'cluster 1 has 4 hosts > 3',
      'host 6 is in no cluster',
    ]);
  });

  it('rejects a cluster size below 1', () => {
    expect(() => assignClusters(hosts, 0, { same: [], limits: [] })).toThrow(/cluster size/);
  });
});
