import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DISCOVERY, type AssetIdentity, type Observation } from '@vplan/contracts';
import { InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetRepository } from './asset.repository';
import { AssetWriter, type WriteResult } from './asset-writer.service';
import { identityKeys, newAssetId } from './identity';

/** The inventory's durable consumer of discovery observations. */
export const OBSERVATIONS_DURABLE = 'inventory-observations';

/** The provenance source of an observation: `discovery:<name>[:<file>]`. */
export function observationSource(obs: Observation): string {
  const file = obs.source.file ? `:${obs.source.file}` : '';
  return `discovery:${obs.source.name}${file}`.slice(0, 200);
}

/**
 * Reconciles discovery observations into assets: matches the observation to an asset
 * (its id, then BIOS/VM UUID, serial, MAC, host name, IP — the first kind of key that
 * names exactly one asset), else creates one, and merges the observed attributes as
 * `discovery` writes (the weakest precedence: fields an import or an operator set stay).
 * Idempotent: the durable consumer skips handled events, and a redone merge of the same
 * values changes nothing.
 */
@Injectable()
export class ObservationsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly jetstream: JetStreamService,
    private readonly repo: AssetRepository,
    private readonly writer: AssetWriter,
    @InjectLogger() private readonly log: Logger,
  ) {}

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
    const id = (await this.match(obs.identity)) ?? newAssetId(obs.identity);
    const [result] = await this.writer.writeMany(
      [
        {
          id,
          fields: fieldsOf(obs.attributes),
          observedKeys: identityKeys(obs.identity).flatMap((g) => g.keys),
        },
      ],
      {
        kind: 'discovery',
        mode: 'merge',
        source: observationSource(obs),
        observedAt: new Date(obs.observedAt).toISOString(),
        ...(obs.source.importId ? { importId: obs.source.importId } : {}),
      },
    );
    return result as WriteResult;
  }

  /** The id of the one asset the identity names, if any. */
  private async match(identity: AssetIdentity): Promise<string | undefined> {
    if (identity.assetId && (await this.repo.byId(identity.assetId))) return identity.assetId;
    for (const group of identityKeys(identity)) {
      const ids = new Set<string>();
      for (const key of group.keys) for (const id of await this.repo.idsByKey(key)) ids.add(id);
      if (ids.size === 1) return [...ids][0];
      if (ids.size > 1) {
        this.log.warn(
          { kind: group.kind, assets: [...ids].slice(0, 5) },
          'observation identity matches several assets; trying weaker keys',
        );
      }
    }
    return undefined;
  }
}
