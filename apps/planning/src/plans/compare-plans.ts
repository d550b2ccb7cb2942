import { COMPARE_LIST_MAX, type PlanComparison, type PlanMeta } from '@vplan/contracts';
import type { PlanDocument } from '@vplan/formats';

/**
 * Plan `b` against plan `a` (deltas `b − a`): host count, bound, placed and unplaced
 * counts, consolidation ratio; assets that moved to a host of another label, that only
 * one plan placed, and unplaced assets that came or went. Lists hold the first
 * COMPARE_LIST_MAX ids in id order; counts are complete.
 */
export function comparePlans(
  a: { meta: PlanMeta; plan: PlanDocument },
  b: { meta: PlanMeta; plan: PlanDocument },
): PlanComparison {
  const hostOfA = hostOf(a.plan);
  const hostOfB = hostOf(b.plan);
  const moved: { asset: string; from: string; to: string }[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  let both = 0;
  for (const [asset, from] of hostOfA) {
    const to = hostOfB.get(asset);
    if (to === undefined) onlyA.push(asset);
    else {
      both++;
      if (to !== from) moved.push({ asset, from, to });
    }
  }
  for (const asset of hostOfB.keys()) if (!hostOfA.has(asset)) onlyB.push(asset);
  const unplacedA = new Set(a.plan.unplaced.map((u) => u.asset));
  const unplacedB = new Set(b.plan.unplaced.map((u) => u.asset));
  const added = [...unplacedB].filter((x) => !unplacedA.has(x));
  const removed = [...unplacedA].filter((x) => !unplacedB.has(x));
  const sa = a.plan.summary;
  const sb = b.plan.summary;
  return {
    a: a.meta,
    b: b.meta,
    delta: {
      hosts: sb.hosts - sa.hosts,
      lowerBound: sb.lowerBound - sa.lowerBound,
      placed: sb.placed - sa.placed,
      unplaced: b.plan.unplaced.length - a.plan.unplaced.length,
      consolidationRatio: sb.consolidationRatio - sa.consolidationRatio,
      ...(sa.peakBasedHosts !== undefined && sb.peakBasedHosts !== undefined
        ? { peakBasedHosts: sb.peakBasedHosts - sa.peakBasedHosts }
        : {}),
    },
    assets: {
      placedInBoth: both,
      moved: moved.length,
      movedSample: moved.sort((x, y) => byId(x.asset, y.asset)).slice(0, COMPARE_LIST_MAX),
      onlyPlacedInA: onlyA.length,
      onlyPlacedInB: onlyB.length,
      onlyPlacedInAIds: first(onlyA),
      onlyPlacedInBIds: first(onlyB),
    },
    unplaced: {
      added: added.length,
      removed: removed.length,
      addedIds: first(added),
      removedIds: first(removed),
    },
  };
}

function hostOf(plan: PlanDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const host of plan.hosts) for (const asset of host.assets) out.set(asset, host.id);
  return out;
}

const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const first = (ids: string[]): string[] => ids.sort(byId).slice(0, COMPARE_LIST_MAX);
