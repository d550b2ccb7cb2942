// What a write keeps up to date besides the fields, even when none changes (no revision):
// identity keys, the identity merges, conflicting values, sightings and lastSeen.
import type { IdentityMatch } from '@vplan/contracts';
import { sameValue } from './asset-fields';
import type { AssetDoc } from './inventory.schema';
import type { StoredConflict } from './source-priority';
import { withSighting, type Sighting } from './staleness';

/** Identity merges kept per asset (`matchedBy`). */
export const MATCHES_KEPT = 20;

/** Bookkeeping a write keeps up to date even when no field changes (no new revision). */
export type Bookkeeping = Required<
  Pick<AssetDoc, 'keys' | 'observedKeys' | 'matchedBy' | 'conflicts' | 'seenBy' | 'lastSeen'>
>;

/** The bookkeeping of an asset after `item` (keys without the asset's own: added by the caller). */
export function bookkeeping(
  cur: AssetDoc | undefined,
  item: {
    readonly observedKeys?: readonly string[];
    readonly match?: IdentityMatch;
    readonly sighting?: Sighting;
  },
  observedAt: string,
  conflicts: StoredConflict[],
): Bookkeeping {
  return {
    keys: [],
    observedKeys: [...new Set([...(cur?.observedKeys ?? []), ...(item.observedKeys ?? [])])],
    // A redelivered observation (same rule, key, source and time) is one merge.
    matchedBy:
      item.match && !(cur?.matchedBy ?? []).some((m) => sameValue(m, item.match))
        ? [...(cur?.matchedBy ?? []), item.match].slice(-MATCHES_KEPT)
        : (cur?.matchedBy ?? []),
    conflicts,
    seenBy: item.sighting ? withSighting(cur?.seenBy, item.sighting) : (cur?.seenBy ?? []),
    lastSeen: maxIso(cur?.lastSeen, observedAt),
  };
}

/** The bookkeeping an asset holds. */
export function bookkeepingOf(doc: AssetDoc): Bookkeeping {
  return {
    keys: doc.keys ?? [],
    observedKeys: doc.observedKeys ?? [],
    matchedBy: doc.matchedBy ?? [],
    conflicts: doc.conflicts ?? [],
    seenBy: doc.seenBy ?? [],
    lastSeen: doc.lastSeen,
  };
}

function maxIso(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}
