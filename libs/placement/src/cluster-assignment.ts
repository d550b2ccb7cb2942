import type { HardRules } from './rules';

/** Hosts grouped into clusters: host indices (positions in the plan's host list). */
export interface ClusterAssignment {
  /** Host indices per cluster, clusters ordered by their first host. */
  readonly clusters: readonly (readonly number[])[];
  /**
   * What could not be honoured, in words: a `together` group spread over more hosts
   * than a cluster holds is split across clusters.
   */
  readonly problems: readonly string[];
  /** The host blocks tied by `together` groups that a cluster could not hold (host indices). */
  readonly split: readonly (readonly number[])[];
}

/**
 * Groups the hosts of a plan into clusters of at most `size` hosts so that the
 * cluster-scope rules hold between every two items of a cluster (not only of a host):
 * `same` keys agree across the cluster, a limit counts over the cluster, pairwise rules
 * hold between the items of different hosts, and the hosts carrying the items of each
 * `together` group (e.g. an affinity group with cluster scope) share one cluster.
 *
 * First fit over blocks of hosts (a block: hosts tied by `together` groups), largest
 * blocks first: a block joins the first cluster with room and no conflict, else opens
 * one. Every host is in exactly one cluster; separation never breaks (a block that fits
 * nowhere gets a cluster of its own), so the count can exceed ⌈hosts / size⌉.
 */
export function assignClusters(
  hosts: readonly (readonly number[])[],
  size: number,
  rules: HardRules,
  together: readonly (readonly number[])[] = [],
): ClusterAssignment {
  if (!Number.isInteger(size) || size < 1) throw new Error(`cluster size must be ≥ 1, got ${size}`);
  const problems: string[] = [];
  const split: number[][] = [];
  const blocks = hostBlocks(hosts, together).flatMap((block) => {
    if (block.length <= size) return [block];
    split.push(block);
    problems.push(
      `hosts ${block.map((h) => h + 1).join(', ')} must share a cluster but a cluster holds ${size}: split`,
    );
    const parts: number[][] = [];
    for (let k = 0; k < block.length; k += size) parts.push(block.slice(k, k + size));
    return parts;
  });
  blocks.sort((a, b) => b.length - a.length || a[0]! - b[0]!);

  const clusters: Content[] = [];
  for (const block of blocks) {
    const content = contentOf(block, hosts, rules);
    const home = clusters.find(
      (c) => c.hosts.length + block.length <= size && compatible(c, content, rules),
    );
    if (home) merge(home, content);
    else clusters.push(content);
  }
  return {
    clusters: clusters.map((c) => [...c.hosts].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!),
    problems,
    split,
  };
}

/** Hosts tied together by `together` groups (union-find), each block in host order. */
function hostBlocks(
  hosts: readonly (readonly number[])[],
  together: readonly (readonly number[])[],
): number[][] {
  const hostOf = new Map<number, number>();
  hosts.forEach((items, h) => items.forEach((item) => hostOf.set(item, h)));
  const parent = hosts.map((_, h) => h);
  const find = (h: number): number => {
    while (parent[h] !== h) h = parent[h] = parent[parent[h]!]!;
    return h;
  };
  for (const group of together) {
    const placed = group.flatMap((item) => {
      const h = hostOf.get(item);
      return h === undefined ? [] : [h];
    });
    for (const h of placed.slice(1)) parent[find(h)] = find(placed[0]!);
  }
  const byRoot = new Map<number, number[]>();
  hosts.forEach((_, h) => {
    const root = find(h);
    const block = byRoot.get(root) ?? [];
    block.push(h);
    byRoot.set(root, block);
  });
  return [...byRoot.values()];
}

/** What a cluster (or a block about to join one) holds, as the rules see it. */
interface Content {
  readonly hosts: number[];
  readonly items: number[];
  /** Per `same` rule: the keys present. */
  readonly same: Set<number>[];
  /** Per limit rule: key → items carrying it. */
  readonly counts: Map<number, number>[];
  /** Per keyed pairwise rule: the keys present. */
  readonly pairKeys: (Set<number> | undefined)[];
}

function contentOf(
  block: readonly number[],
  hosts: readonly (readonly number[])[],
  rules: HardRules,
): Content {
  const items = block.flatMap((h) => hosts[h]!);
  const pairwise = rules.pairwise ?? [];
  return {
    hosts: [...block],
    items,
    same: rules.same.map((rule) => new Set(items.map((i) => rule.keys[i]!).filter((k) => k >= 0))),
    counts: rules.limits.map((rule) => {
      const counts = new Map<number, number>();
      for (const i of items) {
        const key = rule.keys[i]!;
        if (key >= 0) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    }),
    pairKeys: pairwise.map((rule) =>
      rule.keyed
        ? new Set(items.map((i) => rule.keyed!.keys[i]!).filter((k) => k >= 0))
        : undefined,
    ),
  };
}

function compatible(cluster: Content, block: Content, rules: HardRules): boolean {
  for (let r = 0; r < rules.same.length; r++) {
    const keys = new Set([...cluster.same[r]!, ...block.same[r]!]);
    if (keys.size > 1) return false;
  }
  for (let r = 0; r < rules.limits.length; r++) {
    const max = rules.limits[r]!.max;
    for (const [key, n] of block.counts[r]!)
      if ((cluster.counts[r]!.get(key) ?? 0) + n > max) return false;
  }
  const pairwise = rules.pairwise ?? [];
  for (let r = 0; r < pairwise.length; r++) {
    const rule = pairwise[r]!;
    const clusterKeys = cluster.pairKeys[r];
    const blockKeys = block.pairKeys[r];
    if (rule.keyed && clusterKeys && blockKeys) {
      for (const a of clusterKeys)
        for (const b of blockKeys) if (rule.keyed.conflictsByKey(a, b)) return false;
    } else {
      for (const a of cluster.items)
        for (const b of block.items) if (rule.conflicts(a, b)) return false;
    }
  }
  return true;
}

function merge(cluster: Content, block: Content): void {
  cluster.hosts.push(...block.hosts);
  cluster.items.push(...block.items);
  block.same.forEach((keys, r) => keys.forEach((k) => cluster.same[r]!.add(k)));
  block.counts.forEach((counts, r) =>
    counts.forEach((n, k) => cluster.counts[r]!.set(k, (cluster.counts[r]!.get(k) ?? 0) + n)),
  );
  block.pairKeys.forEach((keys, r) => keys?.forEach((k) => cluster.pairKeys[r]!.add(k)));
}

/**
 * Cluster-scope violations of an assignment (empty when valid): the independent check
 * of `assignClusters`, pair by pair over the items of each cluster.
 */
export function validateClusters(
  hosts: readonly (readonly number[])[],
  clusters: readonly (readonly number[])[],
  size: number,
  rules: HardRules,
): string[] {
  const errors: string[] = [];
  const seen = new Set<number>();
  clusters.forEach((cluster, c) => {
    if (cluster.length > size)
      errors.push(`cluster ${c + 1} has ${cluster.length} hosts > ${size}`);
    cluster.forEach((h) => {
      if (seen.has(h)) errors.push(`host ${h + 1} is in two clusters`);
      seen.add(h);
    });
    const items = cluster.flatMap((h) => hosts[h] ?? []);
    for (const rule of rules.same) {
      const keys = new Set(items.map((i) => rule.keys[i]!).filter((k) => k >= 0));
      if (keys.size > 1)
        errors.push(
          `cluster ${c + 1} mixes ${[...keys].map((k) => rule.names[k]).join(', ')} (rule ${rule.id})`,
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
            `cluster ${c + 1} holds ${n} × ${rule.names[key]} (rule ${rule.id} allows ${rule.max})`,
          );
    }
    for (const rule of rules.pairwise ?? [])
      for (let x = 0; x < items.length; x++)
        for (let y = x + 1; y < items.length; y++)
          if (rule.conflicts(items[x]!, items[y]!))
            errors.push(`cluster ${c + 1}: items ${items[x]} and ${items[y]} (rule ${rule.id})`);
  });
  hosts.forEach((_, h) => {
    if (!seen.has(h)) errors.push(`host ${h + 1} is in no cluster`);
  });
  return errors;
}
