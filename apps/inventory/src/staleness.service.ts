import { Injectable } from '@nestjs/common';
import type { ScanJob } from '@vplan/contracts';
import { InjectLogger, PlatformContext, type Logger } from '@vplan/platform';
import { AssetRepository, WRITE_BATCH, type SightedAsset } from './asset.repository';
import { AssetWriter } from './asset-writer.service';
import { CompletedScansRepository } from './completed-scans.repository';
import { settingsOf } from './inventory.config';
import { isStale, type CompletedScan } from './staleness';

/** What re-weighing the assets after one completed scan did. */
export interface StalenessPass {
  readonly scanId: string;
  readonly weighed: number;
  readonly markedStale: number;
  readonly markedLive: number;
}

/**
 * Marks assets stale from completed scans (ARCHITECTURE.md §10: nothing disappears
 * without being marked stale first; nothing is deleted for it). A scan that ended
 * `succeeded` is recorded once (`completed_scans`, by scan id), then every asset a probe
 * of that scan ever saw is weighed with `isStale` against the latest completed scans of
 * each source and its flag set or unset where it changes, as a revision of its own
 * (history entry and `assetChanged`, through the writer's outbox).
 *
 * Ordering: a scan's observations are published before its `succeeded` event, but they
 * are reconciled by another durable consumer, so an asset this scan saw may not carry
 * that sighting yet. A scan counts against an asset only when it completed strictly
 * after the asset's last sighting by that source and is not the sighting's scan; if the
 * sighting is still in flight the asset may be marked, and its observation, when
 * reconciled, makes it live again (the writer unsets `stale` on any sighting). With
 * INVENTORY_STALE_AFTER_SCANS ≥ 2 this needs the asset to have been missed by earlier
 * scans already, so it is rare and short-lived; waiting for the other consumer instead
 * would couple the two consumers' progress.
 */
@Injectable()
export class StalenessService {
  private readonly missedScans: number;

  constructor(
    private readonly assets: AssetRepository,
    private readonly scans: CompletedScansRepository,
    private readonly writer: AssetWriter,
    ctx: PlatformContext,
    @InjectLogger() private readonly log: Logger,
  ) {
    this.missedScans = settingsOf(ctx).INVENTORY_STALE_AFTER_SCANS;
  }

  /** Records a succeeded scan and re-weighs the assets its probe sources saw. */
  async scanSucceeded(scan: ScanJob): Promise<StalenessPass> {
    const sources = [...new Set(scan.probes)];
    const completedAt = new Date(scan.finishedAt ?? scan.createdAt).toISOString();
    await this.scans.record({ _id: scan.id, sources, completedAt });
    const pass = await this.reweigh(sources, `discovery:scan:${scan.id}`);
    this.log.info({ ...pass, scanId: scan.id, sources }, 'staleness re-weighed after a scan');
    return { ...pass, scanId: scan.id };
  }

  /**
   * Weighs every asset `sources` saw, streamed; flips are written WRITE_BATCH at a time.
   * Only each source's latest `missedScans + 1` completed scans are needed: an asset is
   * missed by at least `missedScans` of all scans after its sighting (the sighting's own
   * excluded) exactly when it is by those.
   */
  private async reweigh(
    sources: readonly string[],
    source: string,
  ): Promise<Omit<StalenessPass, 'scanId'>> {
    let weighed = 0;
    let markedStale = 0;
    let markedLive = 0;
    let completed: Map<string, CompletedScan[]> | undefined;
    let flips: { doc: SightedAsset; stale: boolean }[] = [];
    const write = async () => {
      const written = new Set(await this.writer.setStale(flips, { source }));
      for (const f of flips.filter((x) => written.has(x.doc._id))) {
        if (f.stale) markedStale++;
        else markedLive++;
      }
      flips = [];
    };
    for await (const doc of this.assets.seenBySources(sources)) {
      weighed++;
      const seenSources = (doc.seenBy ?? []).map((s) => s.source);
      completed ??= new Map();
      const missing = seenSources.filter((s) => !completed?.has(s));
      if (missing.length > 0) {
        const more = await this.scans.latestBySource(missing, this.missedScans + 1);
        for (const s of missing) completed.set(s, more.get(s) ?? []);
      }
      const stale = isStale(doc.seenBy, completed, this.missedScans);
      if (stale !== (doc.stale === true)) flips.push({ doc, stale });
      if (flips.length >= WRITE_BATCH) await write();
    }
    if (flips.length > 0) await write();
    return { weighed, markedStale, markedLive };
  }
}
