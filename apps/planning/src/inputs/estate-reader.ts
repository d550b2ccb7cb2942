import { Injectable } from '@nestjs/common';
import {
  INVENTORY,
  WORKLOADS,
  decodeFloat32,
  type AssetFilters,
  type EstateAssetPayload,
} from '@vplan/contracts';
import type { Asset, Estate, MetricSeries } from '@vplan/domain';
import { ServiceClient } from '@vplan/platform';
import { joinEstate, type TraceAsset } from '@vplan/workload';

/** Assets per estate page asked for (the responder also stops a page at its byte budget). */
const ESTATE_PAGE_LIMIT = 128;
/** Most ids one estate request may name. */
const IDS_PER_REQUEST = 2000;
/** Estate pages are built from stored buckets: allow them more time than a lookup. */
const ESTATE_PAGE_TIMEOUT_MS = 60_000;

/**
 * Gathers a scenario's estate over NATS, page by page (no message near the 1 MB limit):
 * the inventory assets (INVENTORY.queryAssets, in inventory order; the scenario's asset
 * filter applies here) and the workload traces (assets with capacity and series, in trace
 * order), joined with `joinEstate` of @vplan/workload — the join `vplan plan` uses for
 * files. With a filter, only the traces of the matching inventory assets are read.
 */
@Injectable()
export class EstateReader {
  constructor(private readonly client: ServiceClient) {}

  async read(
    filter: AssetFilters | undefined,
    onProgress: (phase: string) => void,
  ): Promise<Estate> {
    onProgress('gathering inventory assets');
    const inventory = await this.inventory(filter ?? {});
    onProgress(`gathering workloads (${inventory.length} inventory assets)`);
    const traces: TraceAsset[] = [];
    const add = (items: readonly EstateAssetPayload[]): void => {
      for (const item of items) traces.push(traceOf(item));
      onProgress(`gathering workloads (${traces.length} assets with series)`);
    };
    if (filter && Object.keys(filter).length > 0) {
      const ids = inventory.map((a) => a.id);
      for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
        await this.pages(ids.slice(i, i + IDS_PER_REQUEST), add);
      }
    } else {
      await this.pages(undefined, add);
    }
    return joinEstate(traces, inventory);
  }

  private async inventory(filters: AssetFilters): Promise<Asset[]> {
    const assets: Asset[] = [];
    let after: string | undefined;
    do {
      const page = await this.client.request(INVENTORY.queryAssets, {
        filters,
        limit: 1000,
        ...(after ? { after } : {}),
      });
      for (const record of page.items) assets.push(record.asset);
      after = page.next;
    } while (after);
    return assets;
  }

  private async pages(
    assetIds: readonly string[] | undefined,
    add: (items: readonly EstateAssetPayload[]) => void,
  ): Promise<void> {
    if (assetIds?.length === 0) return;
    let after: string | undefined;
    do {
      const page = await this.client.request(
        WORKLOADS.getEstatePage,
        {
          limit: ESTATE_PAGE_LIMIT,
          ...(assetIds ? { assetIds: [...assetIds] } : {}),
          ...(after ? { after } : {}),
        },
        { timeoutMs: ESTATE_PAGE_TIMEOUT_MS },
      );
      add(page.items);
      after = page.next;
    } while (after);
  }
}

/** An estate page's asset as the trace the join takes. */
export function traceOf(item: EstateAssetPayload): TraceAsset {
  const series: MetricSeries[] = item.series.map((s) => ({
    assetId: item.id,
    metric: s.metric,
    stepSeconds: s.stepSeconds,
    start: s.start,
    values: decodeFloat32(s.values),
  }));
  return { id: item.id, capacity: item.capacity, series };
}
