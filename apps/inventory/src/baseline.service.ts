import { Injectable } from '@nestjs/common';
import {
  PAGE_BYTE_BUDGET,
  jsonBytes,
  prefixed,
  type BaselineLatest,
  type EstateBaselinePayload,
} from '@vplan/contracts';
import { PlatformContext } from '@vplan/platform';
import { BaselineRepository } from './baseline.repository';

/** Object Store bucket of baselines too large for one NATS reply (object = import id). */
export const BASELINES_BUCKET = 'VPLAN_INVENTORY_BASELINES';

/** Room left in a reply for its envelope next to an inline baseline (bytes). */
const ENVELOPE_BYTES = 2048;

/** Today's estate as the RVTools imports stored it: writes, and the NATS and HTTP answers. */
@Injectable()
export class BaselineService {
  constructor(
    private readonly repository: BaselineRepository,
    private readonly ctx: PlatformContext,
  ) {}

  /** Stores `baseline` as import `importId`'s, replacing the one `source` stored before. */
  store(
    source: string,
    importId: string,
    storedAt: string,
    baseline: EstateBaselinePayload,
  ): Promise<void> {
    return this.repository.replace({ _id: source, importId, storedAt, baseline });
  }

  /**
   * The baseline of `source` (or the latest stored), `latest: null` when there is none.
   * Over NATS (`delivery: 'nats'`) it is inline while its JSON stays within
   * PAGE_BYTE_BUDGET, else the same JSON in the Object Store (bucket
   * VPLAN_INVENTORY_BASELINES, object = import id, written once); over HTTP always inline.
   */
  async latest(source: string | undefined, delivery: 'nats' | 'http'): Promise<BaselineLatest> {
    const doc = await this.repository.latest(source);
    if (!doc) return { latest: null };
    const stored = { source: doc._id, importId: doc.importId, storedAt: doc.storedAt };
    if (delivery === 'http' || jsonBytes(doc.baseline) + ENVELOPE_BYTES <= PAGE_BYTE_BUDGET)
      return { latest: { ...stored, delivery: 'inline', baseline: doc.baseline } };
    const bucket = prefixed(this.ctx.config.prefix, BASELINES_BUCKET);
    const os = await this.ctx.link.connection.jetstream().views.os(bucket);
    const info =
      (await os.info(doc.importId)) ??
      (await os.putBlob({ name: doc.importId }, Buffer.from(JSON.stringify(doc.baseline))));
    return {
      latest: {
        ...stored,
        delivery: 'object-store',
        object: { bucket, name: doc.importId, bytes: info.size },
      },
    };
  }
}
