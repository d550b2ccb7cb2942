import { Injectable } from '@nestjs/common';
import type {
  AssetIdentity,
  IdentityMatchRule,
  IdentityResolve,
  IdentityResolved,
} from '@vplan/contracts';
import { InjectLogger, type Logger } from '@vplan/platform';
import { AssetRepository, MAX_CANDIDATES } from './asset.repository';
import { identityKeys } from './identity';
import { lookupKeys, matchObservation, type MatchCandidate } from './identity-match';

/** The asset an identity is, the rule that says so and its key. */
export interface ResolvedIdentity {
  readonly asset: string;
  readonly rule: IdentityMatchRule;
  readonly key: string;
}

/** An identity's normalised keys and what it resolves to (undefined: no asset yet). */
export interface Resolution {
  readonly keys: readonly string[];
  readonly match: ResolvedIdentity | undefined;
}

/**
 * The one place that decides which stored asset an identity is: its `assetId` when that
 * asset exists (no veto), else the identity rule chain (`matchObservation`) over the
 * assets carrying any of its keys. The observations consumer reconciles with it one
 * identity at a time; `resolveIdentities` asks it for up to 500 at once, read-only. A
 * batch costs two queries whatever its size: one `$in` on the asset ids, one `carriersOf`
 * over every identity's lookup keys together; each identity then weighs only the
 * carriers of its own keys, oldest first and at most MAX_CANDIDATES of them, as a query
 * of its own would.
 */
@Injectable()
export class IdentityResolver {
  constructor(
    private readonly repo: AssetRepository,
    @InjectLogger() private readonly log: Logger,
  ) {}

  /** Each identity (in order) with its keys; names and addresses belong to `site`. */
  async resolveMany(
    identities: readonly AssetIdentity[],
    site: string | undefined,
  ): Promise<Resolution[]> {
    const keysOf = identities.map((i) => identityKeys(i, site).flatMap((g) => g.keys));
    const ids = identities.map((i) => i.assetId).filter((id): id is string => id !== undefined);
    const existing = await this.repo.byIds([...new Set(ids)]);
    const lookups = keysOf.map((keys, n) =>
      existing.has(identities[n]?.assetId ?? '') ? [] : lookupKeys(keys),
    );
    const all = [...new Set(lookups.flat())];
    const carriers = (
      await this.repo.carriersOf(all, MAX_CANDIDATES * Math.max(1, identities.length))
    ).map((d): MatchCandidate => ({
      id: d._id,
      seq: d.seq,
      keys: d.keys ?? [],
      live: d.stale !== true,
    }));
    return identities.map((identity, n) => {
      const keys = keysOf[n] ?? [];
      if (identity.assetId && existing.has(identity.assetId))
        return {
          keys,
          match: { asset: identity.assetId, rule: 'asset-id', key: identity.assetId },
        };
      const wanted = new Set(lookups[n]);
      const own = carriers
        .filter((c) => c.keys.some((k) => wanted.has(k)))
        .slice(0, MAX_CANDIDATES);
      const outcome = matchObservation(keys, own);
      if (outcome.refusals.length > 0)
        this.log.info(
          { refusals: outcome.refusals.slice(0, 5), matched: outcome.matched },
          'identity links refused (different stronger keys or a shared MAC)',
        );
      return {
        keys,
        match: outcome.matched
          ? { asset: outcome.asset, rule: outcome.rule, key: outcome.key }
          : undefined,
      };
    });
  }

  /** The `resolveIdentities` answer: per identity, in order, its asset or null. Read-only. */
  async resolve(req: IdentityResolve): Promise<IdentityResolved> {
    const resolved = await this.resolveMany(req.identities, req.site);
    return {
      matches: resolved.map(({ match }) =>
        match ? { assetId: match.asset, rule: match.rule, key: match.key } : null,
      ),
    };
  }
}
