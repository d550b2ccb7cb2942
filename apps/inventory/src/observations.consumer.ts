import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ASSET_ID_MAX,
  DISCOVERY,
  type AssetIdentity,
  type IdentityMatchRule,
  type Observation,
} from '@vplan/contracts';
import { InjectLogger, JetStreamService, PlatformContext, type Logger } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetRepository } from './asset.repository';
import { AssetWriter, type WriteResult } from './asset-writer.service';
import { identityKeys, newAssetId } from './identity';
import { lookupKeys, matchObservation } from './identity-match';
import { settingsOf } from './inventory.config';

/** The inventory's durable consumer of discovery observations. */
export const OBSERVATIONS_DURABLE = 'inventory-observations';

/** The provenance source of an observation: `discovery:<name>[:<file>]`. */
export function observationSource(obs: Observation): string {
  const file = obs.source.file ? `:${obs.source.file}` : '';
  return `discovery:${obs.source.name}${file}`.slice(0, 200);
}

/**
 * Reconciles discovery observations into assets, one at a time as the durable consumer
 * delivers them: the observation's `assetId` if that asset exists, else the identity rule
 * chain of @vplan/identity against the assets carrying any of its keys
 * (`matchObservation`: first match wins, with the lib's veto), else a new asset. The
 * observed attributes merge as `discovery` writes (the weakest precedence; between probes
 * the source priority decides), the merge's rule, key and source are recorded in
 * `matchedBy`, the source's sighting in `seenBy`. Idempotent: the durable consumer skips
 * handled events, and a redone merge of the same values changes nothing.
 */
@Injectable()
export class ObservationsConsumer implements OnApplicationBootstrap {
  private readonly priority: readonly string[];

  constructor(
    private readonly jetstream: JetStreamService,
    private readonly repo: AssetRepository,
    private readonly writer: AssetWriter,
    ctx: PlatformContext,
    @InjectLogger() private readonly log: Logger,
  ) {
    this.priority = settingsOf(ctx).INVENTORY_SOURCE_PRIORITY;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jetstream.consume({
      contract: DISCOVERY.observationRecorded,
      durable: OBSERVATIONS_DURABLE,
      handler: async (event) => {
        await this.reconcile(event.data);
      },
    });
  }

  async reconcile(obs: Observation): Promise<WriteResult> {
    const source = observationSource(obs);
    const observedAt = new Date(obs.observedAt).toISOString();
    const keys = identityKeys(obs.identity, obs.attributes.site).flatMap((g) => g.keys);
    const match = await this.match(obs.identity, keys);
    const [result] = await this.writer.writeMany(
      [
        {
          id: match?.asset ?? (await this.freshId(obs)),
          fields: fieldsOf(obs.attributes),
          observedKeys: keys,
          ...(match ? { match: { rule: match.rule, key: match.key, source, at: observedAt } } : {}),
          sighting: {
            source: obs.source.name,
            at: observedAt,
            ...(obs.source.scanId ? { scanId: obs.source.scanId } : {}),
          },
        },
      ],
      {
        kind: 'discovery',
        mode: 'merge',
        source,
        observedAt,
        priority: this.priority,
        ...(obs.source.importId ? { importId: obs.source.importId } : {}),
      },
    );
    return result as WriteResult;
  }

  /**
   * The id of a new asset: the observation's best name, or that name with the observation
   * id when another asset (another machine: it did not match) already has it.
   */
  private async freshId(obs: Observation): Promise<string> {
    const id = newAssetId(obs.identity, obs.observationId);
    if (!(await this.repo.byId(id))) return id;
    return `${id.slice(0, ASSET_ID_MAX - obs.observationId.length - 1)}~${obs.observationId}`;
  }

  /** The asset the observation is, and the rule that says so; undefined for a new one. */
  private async match(
    identity: AssetIdentity,
    keys: readonly string[],
  ): Promise<{ asset: string; rule: IdentityMatchRule; key: string } | undefined> {
    if (identity.assetId && (await this.repo.byId(identity.assetId)))
      return { asset: identity.assetId, rule: 'asset-id', key: identity.assetId };
    const candidates = (await this.repo.carriersOf(lookupKeys(keys))).map((d) => ({
      id: d._id,
      seq: d.seq,
      keys: d.keys ?? [],
      live: d.stale !== true,
    }));
    const outcome = matchObservation(keys, candidates);
    if (outcome.refusals.length > 0)
      this.log.info(
        { refusals: outcome.refusals.slice(0, 5), matched: outcome.matched },
        'identity links refused (different stronger keys or a shared MAC)',
      );
    return outcome.matched ? outcome : undefined;
  }
}
