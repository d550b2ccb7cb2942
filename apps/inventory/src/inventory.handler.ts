import { Controller } from '@nestjs/common';
import {
  INVENTORY,
  type AssetConflicts,
  type AssetDelete,
  type AssetDeleteResult,
  type AssetGet,
  type AssetHistoryPage,
  type AssetHistoryQuery,
  type AssetPage,
  type AssetQuery,
  type AssetRecord,
  type AssetUpsert,
  type AssetUpsertResult,
  type BaselineGet,
  type BaselineLatest,
  type IdentityResolve,
  type IdentityResolved,
} from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import { fieldsOf } from './asset-fields';
import { AssetReader } from './asset-reader.service';
import { AssetWriter } from './asset-writer.service';
import { BaselineService } from './baseline.service';
import { IdentityResolver } from './identity-resolver.service';

/**
 * The inventory's NATS request/reply handlers (`INVENTORY` contracts). Upserts over NATS
 * are `manual` writes (the strongest precedence): the caller's `source` names them.
 */
@Controller()
export class InventoryHandler {
  constructor(
    private readonly reader: AssetReader,
    private readonly writer: AssetWriter,
    private readonly baselines: BaselineService,
    private readonly resolver: IdentityResolver,
  ) {}

  /** Read-only: the asset each identity is by the reconciliation's rule chain, or null. */
  @HandleRequest(INVENTORY.resolveIdentities)
  resolve(
    @ZodPayload(INVENTORY.resolveIdentities.request) req: IdentityResolve,
  ): Promise<IdentityResolved> {
    return this.resolver.resolve(req);
  }

  @HandleRequest(INVENTORY.getBaseline)
  baseline(@ZodPayload(INVENTORY.getBaseline.request) req: BaselineGet): Promise<BaselineLatest> {
    return this.baselines.latest(req.source, 'nats');
  }

  @HandleRequest(INVENTORY.queryAssets)
  query(@ZodPayload(INVENTORY.queryAssets.request) req: AssetQuery): Promise<AssetPage> {
    return this.reader.query(req);
  }

  @HandleRequest(INVENTORY.getAsset)
  get(@ZodPayload(INVENTORY.getAsset.request) req: AssetGet): Promise<AssetRecord> {
    return this.reader.get(req.id);
  }

  @HandleRequest(INVENTORY.assetConflicts)
  conflicts(@ZodPayload(INVENTORY.assetConflicts.request) req: AssetGet): Promise<AssetConflicts> {
    return this.reader.conflicts(req.id);
  }

  @HandleRequest(INVENTORY.assetHistory)
  history(
    @ZodPayload(INVENTORY.assetHistory.request) req: AssetHistoryQuery,
  ): Promise<AssetHistoryPage> {
    return this.reader.history(req);
  }

  @HandleRequest(INVENTORY.upsertAsset, { mutating: true })
  async upsert(
    @ZodPayload(INVENTORY.upsertAsset.request) req: AssetUpsert,
  ): Promise<AssetUpsertResult> {
    const [result] = await this.writer.writeMany(
      [
        {
          id: req.asset.id,
          fields: fieldsOf(req.asset),
          ...(req.expectedRevision === undefined ? {} : { expectedRevision: req.expectedRevision }),
        },
      ],
      {
        kind: 'manual',
        mode: 'replace',
        source: req.source,
        observedAt: new Date(req.observedAt ?? Date.now()).toISOString(),
      },
    );
    const r = result as NonNullable<typeof result>;
    return { record: r.record, outcome: r.outcome, changed: r.changed };
  }

  @HandleRequest(INVENTORY.deleteAsset, { mutating: true })
  async remove(
    @ZodPayload(INVENTORY.deleteAsset.request) req: AssetDelete,
  ): Promise<AssetDeleteResult> {
    const deleted = await this.writer.delete(
      req.id,
      { kind: 'manual', source: req.source, observedAt: new Date().toISOString() },
      req.expectedRevision,
    );
    return deleted
      ? { id: req.id, deleted: true, revision: deleted.revision }
      : { id: req.id, deleted: false };
  }
}
