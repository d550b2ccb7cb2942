import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ASSET_ID_MAX, DISCOVERY, type Observation } from '@vplan/contracts';
import { JetStreamService, PlatformContext } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetRepository } from './asset.repository';
import { AssetWriter, type WriteResult } from './asset-writer.service';
import { newAssetId } from './identity';
import { IdentityResolver, type Resolution } from './identity-resolver.service';
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
 * delivers them: the asset `IdentityResolver` finds (the observation's `assetId` if that
 * asset exists, else the identity rule chain of @vplan/identity against the assets
 * carrying any of its keys: first match wins, with the lib's veto; the same decision
 * `resolveIdentities` answers), else a new asset. The
 * observed attributes merge as `discovery` writes (the weakest precedence; between probes
 * the source priority decides), the merge's rule, key and source are recorded in
 * `matchedBy`, the source's sighting in `seenBy` (a stale asset seen again is live again:
 * the writer unsets `stale` with a revision of its own). Idempotent: the durable consumer skips
 * handled events, and a redone merge of the same values changes nothing.
 */
@Injectable()
export class ObservationsConsumer implements OnApplicationBootstrap {
  private readonly priority: readonly string[];

  constructor(
    private readonly jetstream: JetStreamService,
    private readonly repo: AssetRepository,
    private readonly writer: AssetWriter,
    private readonly resolver: IdentityResolver,
    ctx: PlatformContext,
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
    const [resolved] = await this.resolver.resolveMany([obs.identity], obs.attributes.site);
    const { keys, match } = resolved as Resolution;
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
}
