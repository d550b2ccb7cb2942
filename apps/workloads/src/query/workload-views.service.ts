import { Injectable } from '@nestjs/common';
import {
  demandGrid,
  encodeFloat32,
  instantMs,
  prefixed,
  type Coverage,
  type CoverageQuery,
  type DemandPage,
  type DemandPageQuery,
  type InlineDemandPage,
  type Profile,
  type ProfileQuery,
  type Series,
  type SeriesQuery,
} from '@vplan/contracts';
import type { MetricSeries, ResourceName } from '@vplan/domain';
import { JetStreamService, PlatformContext, AppError } from '@vplan/platform';
import { alignSeries, profileOf, sliceSeries, windowSlots, type TraceAsset } from '@vplan/workload';
import { nanos } from 'nats';
import { STEP_SECONDS } from '../storage/buckets';
import { WorkloadReader } from './workload-reader.service';

/** Object Store bucket of demand pages delivered by reference. */
export const DEMAND_BUCKET = 'vplan_workloads_demand';
/** How long a demand page stays in the bucket: the caller reads it right away. */
const DEMAND_TTL_MS = 3600 * 1000;

/** Series, profiles, coverage and aligned demand, from the stored traces. */
@Injectable()
export class WorkloadViews {
  constructor(
    private readonly reader: WorkloadReader,
    private readonly jetstream: JetStreamService,
    private readonly ctx: PlatformContext,
  ) {}

  async series(q: SeriesQuery): Promise<Series> {
    const series = seriesOf(await this.reader.trace(q.assetId), q.resource);
    const grid = demandGrid(q.window, q.stepSeconds);
    const values = series
      ? alignSeries(series, grid, q.aggregate)
      : new Float32Array(grid.slots).fill(Number.NaN);
    return {
      assetId: q.assetId,
      resource: q.resource,
      stepSeconds: q.stepSeconds,
      start: new Date(grid.origin * grid.stepSeconds * 1000).toISOString(),
      values: nullable(values),
    };
  }

  async profile(q: ProfileQuery): Promise<Profile> {
    const whole = seriesOf(await this.reader.trace(q.assetId), q.resource);
    if (!whole)
      throw new AppError('NOT_FOUND', `asset ${q.assetId}: no ${q.resource} samples stored`);
    const from = q.window ? instantMs(q.window.from) / 1000 : whole.start * whole.stepSeconds;
    const to = q.window
      ? instantMs(q.window.to) / 1000
      : (whole.start + whole.values.length) * whole.stepSeconds;
    const series = sliceSeries(whole, from, to);
    const p = profileOf(series, q.percentile, windowSlots(from, to));
    return {
      assetId: q.assetId,
      resource: q.resource,
      from: new Date(from * 1000).toISOString(),
      to: new Date(to * 1000).toISOString(),
      percentile: q.percentile,
      ...p,
    };
  }

  async coverage(q: CoverageQuery): Promise<Coverage> {
    const entries = q.assetIds ? await this.reader.list(q.assetIds) : await this.reader.listAll();
    let assets = 0;
    let samples = 0;
    let first = Infinity;
    let end = -Infinity;
    const resources = new Set<ResourceName>();
    for (let i = 0; i < entries.length; i += 64) {
      for (const trace of await this.reader.traces(entries.slice(i, i + 64))) {
        let any = false;
        for (const s of trace.series) {
          const n = s.values.reduce((c, v) => (Number.isNaN(v) ? c : c + 1), 0);
          if (n === 0) continue;
          any = true;
          samples += n;
          resources.add(s.metric);
          first = Math.min(first, s.start * s.stepSeconds);
          end = Math.max(end, (s.start + s.values.length) * s.stepSeconds);
        }
        if (any) assets++;
      }
    }
    return {
      assets,
      resources: [...resources],
      ...(assets > 0
        ? { from: new Date(first * 1000).toISOString(), to: new Date(end * 1000).toISOString() }
        : {}),
      stepSeconds: STEP_SECONDS,
      samples,
    };
  }

  async demandPage(q: DemandPageQuery): Promise<DemandPage> {
    const grid = demandGrid(q.window, q.stepSeconds);
    const known = new Map((await this.reader.list(q.assetIds)).map((e) => [e.id, e]));
    const entries = q.assetIds.flatMap((id) => (known.has(id) ? [known.get(id)!] : []));
    const traces = new Map((await this.reader.traces(entries)).map((t) => [t.id, t]));
    const page: InlineDemandPage = {
      delivery: 'inline',
      grid,
      resources: [...q.resources],
      assets: q.assetIds.map((assetId) => {
        const trace = traces.get(assetId);
        const series: Partial<Record<ResourceName, string>> = {};
        for (const resource of q.resources) {
          const s = trace ? seriesOf(trace, resource) : undefined;
          if (!s) continue;
          const aligned = alignSeries(s, grid, 'max');
          if (aligned.some((v) => !Number.isNaN(v))) series[resource] = encodeFloat32(aligned);
        }
        return { assetId, series };
      }),
    };
    if (q.delivery === 'inline') return page;
    const bucket = prefixed(this.ctx.config.prefix, DEMAND_BUCKET).replace(/\./g, '_');
    const store = await this.jetstream.js.views.os(bucket, { ttl: nanos(DEMAND_TTL_MS) });
    const bytes = Buffer.from(JSON.stringify(page));
    const name = `demand-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.json`;
    await store.putBlob({ name }, bytes);
    return {
      delivery: 'object-store',
      grid,
      resources: page.resources,
      object: { bucket, name, bytes: bytes.length },
    };
  }
}

/** A trace's series of one resource. */
export function seriesOf(trace: TraceAsset, resource: ResourceName): MetricSeries | undefined {
  return trace.series.find((s) => s.metric === resource);
}

/** JSON values of an aligned series: null where no sample. */
function nullable(values: Float32Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}
