import { Injectable } from '@nestjs/common';
import { countSamples, bucketsOfSeries } from '../storage/buckets';
import { AssetStore } from '../storage/asset.store';
import { SeriesStore } from '../storage/series.store';
import { mapInOrder } from '@vplan/file-input';
import { parseUpload, type UploadFormat } from './trace-upload';

/** Response of an upload. */
export interface UploadResult {
  /** Assets of the file, in the order the parser gives them. */
  readonly assets: string[];
  /** 5-minute slots with a sample stored, all resources (PlanetLab: cpu and memory per line). */
  readonly samples: number;
}

/** Assets written at once (a long CSV may hold many). */
const WRITES_IN_FLIGHT = 4;

/**
 * Stores one trace file: parsed whole first (a bad file writes nothing), then per asset
 * its day buckets (replacing what an earlier upload of the same file stored) and its
 * entry in `assets` (capacity, file name for the estate order).
 */
@Injectable()
export class UploadService {
  constructor(
    private readonly assets: AssetStore,
    private readonly series: SeriesStore,
  ) {}

  async upload(
    format: UploadFormat,
    name: string,
    folder: string | undefined,
    text: string,
  ): Promise<UploadResult> {
    const parsed = await parseUpload(format, name, text);
    let samples = 0;
    if (parsed.format === 'planetlab') {
      const dating = folder ?? '';
      for (const asset of parsed.assets) {
        await this.series.replacePlanetLab(asset.id, name, dating, asset.percent);
        await this.assets.recordUpload(asset.id, {
          file: name,
          origin: 'planetlab',
          folder: dating,
        });
        samples += asset.percent.length * 2;
      }
    } else {
      await mapInOrder(parsed.assets, WRITES_IN_FLIGHT, async (asset) => {
        const buckets = asset.series.flatMap((s) => bucketsOfSeries(s));
        await this.series.replaceUploaded(asset.id, name, buckets);
        await this.assets.recordUpload(asset.id, {
          file: name,
          origin: parsed.format,
          ...(asset.capacity ? { capacity: asset.capacity } : {}),
        });
        samples += buckets.reduce((n, b) => n + countSamples(b.values), 0);
      });
    }
    return { assets: parsed.assets.map((a) => a.id), samples };
  }
}
