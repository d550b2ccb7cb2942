import { Injectable } from '@nestjs/common';
import {
  MAX_ESTATE_ITEM_BYTES,
  PAGE_BYTE_BUDGET,
  encodeFloat32,
  jsonBytes,
  type EstateAssetPayload,
  type EstatePage,
  type EstatePageQuery,
} from '@vplan/contracts';
import { mapInOrder } from '@vplan/file-input';
import { planetLabVmTypes, type PlanetLabVmType } from '@vplan/formats';
import { AppError } from '@vplan/platform';
import type { TraceAsset } from '@vplan/workload';
import { AssetStore, compareEntries, type AssetEntry } from '../storage/asset.store';
import { SeriesStore } from '../storage/series.store';
import { storedTrace } from '../storage/stored-trace';

/** Assets read at once while filling a page. */
const READS_IN_FLIGHT = 4;

/**
 * Reads stored assets back as traces (capacity + series, as `loadWorkloads` builds them),
 * one asset or a page of the estate at a time.
 */
@Injectable()
export class WorkloadReader {
  constructor(
    private readonly assets: AssetStore,
    private readonly series: SeriesStore,
  ) {}

  /** One asset's trace; NOT_FOUND when workloads holds nothing of it. */
  async trace(assetId: string): Promise<TraceAsset> {
    const entry = await this.assets.get(assetId);
    if (!entry) throw new AppError('NOT_FOUND', `asset ${assetId}: no workload series stored`);
    const types = entry.origin === 'planetlab' ? await this.planetLabTypes() : undefined;
    return this.traceOf(entry, types);
  }

  /** Traces of many assets (in the order given), `concurrency` reads at once. */
  async traces(entries: readonly AssetEntry[]): Promise<TraceAsset[]> {
    const types = entries.some((e) => e.origin === 'planetlab')
      ? await this.planetLabTypes()
      : undefined;
    return mapInOrder(entries, READS_IN_FLIGHT, (e) => this.traceOf(e, types));
  }

  /** Every asset, in estate order. */
  listAll(): Promise<AssetEntry[]> {
    return this.assets.listAll();
  }

  list(ids: readonly string[]): Promise<AssetEntry[]> {
    return this.assets.list(ids);
  }

  /**
   * A page of the estate in trace order after the cursor: at most `limit` assets, and
   * after the first only while the page stays within PAGE_BYTE_BUDGET bytes of JSON.
   */
  async estatePage(query: EstatePageQuery): Promise<EstatePage> {
    const all = query.assetIds
      ? await this.assets.list(query.assetIds)
      : await this.assets.listAll();
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    const rest = after ? all.filter((e) => compareEntries(e, after) > 0) : all;
    const types = rest.some((e) => e.origin === 'planetlab')
      ? await this.planetLabTypes()
      : undefined;
    const items: EstateAssetPayload[] = [];
    let used = 0;
    let taken = 0;
    let full = false;
    while (!full && taken < rest.length && items.length < query.limit) {
      const group = rest.slice(
        taken,
        taken + Math.min(READS_IN_FLIGHT, query.limit - items.length),
      );
      const payloads = await mapInOrder(group, READS_IN_FLIGHT, async (e) =>
        estateItem(await this.traceOf(e, types)),
      );
      for (const item of payloads) {
        const bytes = jsonBytes(item) + 1;
        if (bytes > MAX_ESTATE_ITEM_BYTES) {
          throw new AppError(
            'BAD_REQUEST',
            `asset ${item.id}: its series weigh ${bytes} bytes, more than one estate page may carry (${MAX_ESTATE_ITEM_BYTES})`,
          );
        }
        if (items.length > 0 && used + bytes > PAGE_BYTE_BUDGET) {
          full = true;
          break;
        }
        items.push(item);
        used += bytes;
        taken++;
      }
    }
    const last = rest[taken - 1];
    return taken < rest.length && last ? { items, next: encodeCursor(last) } : { items };
  }

  private async traceOf(
    entry: AssetEntry,
    types?: Map<string, PlanetLabVmType>,
  ): Promise<TraceAsset> {
    const stored = await this.series.read(entry.id);
    return storedTrace(entry, stored, types?.get(entry.id));
  }

  /** CloudSim sizes of the PlanetLab assets: over every PlanetLab asset stored, as the CLI sizes a folder. */
  private async planetLabTypes(): Promise<Map<string, PlanetLabVmType>> {
    const all = await this.assets.listAll();
    return planetLabVmTypes(all.filter((e) => e.origin === 'planetlab').map((e) => e.id));
  }
}

/** A trace as an estate page item (values base64 Float32, NaN kept). */
export function estateItem(trace: TraceAsset): EstateAssetPayload {
  return {
    id: trace.id,
    capacity: { ...trace.capacity },
    series: trace.series.map((s) => ({
      metric: s.metric,
      stepSeconds: s.stepSeconds,
      start: s.start,
      values: encodeFloat32(s.values),
    })),
  };
}

function encodeCursor(entry: { file: string; id: string }): string {
  return Buffer.from(JSON.stringify([entry.file, entry.id])).toString('base64url');
}

function decodeCursor(text: string): { file: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { file: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BAD_REQUEST', 'after: not a cursor this service gave', [
    { path: 'after', message: 'must be the next cursor of the previous page' },
  ]);
}
