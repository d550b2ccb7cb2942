import {
  COMPARE_LIST_MAX,
  planFiguresSchema,
  type PlanComparison,
  type PlanFiguresPayload,
  type PlanMeta,
} from '@vplan/contracts';
import {
  comparePlanDocuments,
  differenceLines,
  type AssetDifferences,
  type PlanFigures,
} from '@vplan/engine';
import type { PlanDocument } from '@vplan/formats';
import { z } from 'zod';

/**
 * Plan `b` against plan `a` (deltas `b − a`): `comparePlanDocuments` of @vplan/engine (what
 * `vplan compare` prints: figures, hosts per model, model changes, co-location), plus the
 * older summary deltas, assets only one plan placed, unplaced assets that came or went,
 * and the deprecated host-label moves. Lists hold the first COMPARE_LIST_MAX ids in id
 * order; counts are complete.
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
    ...engineComparison(a, b),
  };
}

/** The fields that come from the engine's comparison (the CLI's `vplan compare`). */
function engineComparison(
  a: { meta: PlanMeta; plan: PlanDocument },
  b: { meta: PlanMeta; plan: PlanDocument },
): Pick<
  PlanComparison,
  'figures' | 'byModel' | 'assetsByModel' | 'pairs' | 'identical' | 'differences'
> {
  const cmp = comparePlanDocuments([
    { name: a.meta.id, plan: a.plan },
    { name: b.meta.id, plan: b.plan },
  ]);
  const [fa, fb] = cmp.plans as [PlanFigures, PlanFigures];
  const d = cmp.differences[0] as AssetDifferences;
  const models = [...new Set([...Object.keys(fa.hostsPerModel), ...Object.keys(fb.hostsPerModel)])]
    .sort(byId)
    .slice(0, COMPARE_LIST_MAX);
  return {
    figures: { a: figuresOf(fa), b: figuresOf(fb) },
    byModel: models.map((model) => ({
      model,
      a: fa.hostsPerModel[model] ?? 0,
      b: fb.hostsPerModel[model] ?? 0,
    })),
    assetsByModel: { changed: d.modelChanged, changedSample: d.modelChangedSample },
    pairs: {
      kept: d.pairsKept,
      split: d.pairsSplit,
      joined: d.pairsJoined,
      splitSample: d.pairsSplitSample,
      joinedSample: d.pairsJoinedSample,
    },
    identical: cmp.identical,
    differences: differenceLines(d, a.meta.id),
  };
}

/** Only the contract's figures: a figure the engine adds later stays out of the reply. */
const figuresShape = z.object(planFiguresSchema.shape);
function figuresOf(figures: PlanFigures): PlanFiguresPayload {
  return figuresShape.parse(figures);
}

function hostOf(plan: PlanDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const host of plan.hosts) for (const asset of host.assets) out.set(asset, host.id);
  return out;
}

const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const first = (ids: string[]): string[] => ids.sort(byId).slice(0, COMPARE_LIST_MAX);
