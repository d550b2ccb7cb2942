import { readFile } from 'node:fs/promises';
import {
  INVENTORY,
  WORKLOADS,
  decodeFloat32,
  errorBodySchema,
  prefixed,
  type AssetPage,
} from '@vplan/contracts';
import { hourOfWeek, type MetricSeries } from '@vplan/domain';
import { parseBitbrains } from '@vplan/formats';
import { readLines } from '@vplan/file-input';
import { encodeJson } from '@vplan/platform';
import { simulatedBitbrainsFile, startWorkloads, type WorkloadsHarness } from './workloads.fixture';

jest.setTimeout(60_000);

/** A simulated server as the Bitbrains file 1.csv.gz: asset 1. */
const FILE = simulatedBitbrainsFile('1', 2);
const STEP_MS = 300_000;

/** The type-7 percentile, written out independently of @vplan/workload. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

describe('workloads series, profiles, coverage, demand and utilization', () => {
  let h: WorkloadsHarness;
  let cpu: MetricSeries;
  let memory: MetricSeries;
  const csv = [
    'timestamp,asset,metric,value',
    '2013-07-01T00:00:00Z,db-1,cpu_ghz,1.5',
    '2013-07-01T00:05:00Z,db-1,cpu_ghz,2.5',
    '2013-07-01T00:00:00Z,db-1,memory_mb,2048',
    '2013-07-01T00:05:00Z,db-1,memory_mb,1024',
  ].join('\n');

  beforeAll(async () => {
    h = await startWorkloads('wlviews');
    const trace = await parseBitbrains(FILE, readLines(FILE));
    if (!trace.ok) throw trace.error;
    [cpu, memory] = trace.value.series as [MetricSeries, MetricSeries];
    const up = await h.http('/api/v1/uploads?format=bitbrains&name=1.csv.gz', {
      method: 'POST',
      token: 'operator',
      body: await readFile(FILE),
      contentType: 'application/gzip',
    });
    expect(up.status).toBe(201);
    const up2 = await h.http('/api/v1/uploads?format=csv&name=db.csv', {
      method: 'POST',
      token: 'operator',
      body: csv,
      contentType: 'text/plain',
    });
    expect(await up2.json()).toEqual({ assets: ['db-1'], samples: 4 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const json = async <T>(path: string): Promise<T> => {
    const res = await h.http(path, { token: 'viewer' });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('serves a series at its own step with the stored values, null where no sample', async () => {
    const body = await json<{ start: string; stepSeconds: number; values: (number | null)[] }>(
      '/api/v1/series/1?resource=cpu',
    );
    expect(body.stepSeconds).toBe(300);
    expect(Date.parse(body.start)).toBe(cpu.start * STEP_MS);
    expect(body.values).toEqual(Array.from(cpu.values, (v) => (Number.isNaN(v) ? null : v)));
  });

  it('downsamples to hours by max and by mean', async () => {
    const from = cpu.start * STEP_MS;
    const to = from + 24 * 3600_000;
    const q = `from=${from}&to=${to}&stepSeconds=3600`;
    const max = await json<{ values: (number | null)[] }>(`/api/v1/series/1?resource=cpu&${q}`);
    const mean = await json<{ values: (number | null)[] }>(
      `/api/v1/series/1?resource=cpu&${q}&aggregate=mean`,
    );
    const firstHourSlot = Math.floor(from / 3600_000) * 12;
    const hour = Array.from(
      cpu.values.slice(firstHourSlot - cpu.start, firstHourSlot - cpu.start + 12),
    ).filter((v) => !Number.isNaN(v));
    expect(max.values).toHaveLength(24);
    expect(max.values[0]).toBe(Math.max(...hour));
    expect(mean.values[0]).toBeCloseTo(hour.reduce((a, b) => a + b, 0) / hour.length, 3);
  });

  it('answers 400 naming stepSeconds when the window holds too many points, 404 for an unknown asset', async () => {
    const res = await h.http('/api/v1/series/1?resource=cpu&from=0&to=86400000000&stepSeconds=60', {
      token: 'viewer',
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(await res.json()).error.details?.map((d) => d.path)).toContain(
      'stepSeconds',
    );
    expect((await h.http('/api/v1/series/nope', { token: 'viewer' })).status).toBe(404);
    expect((await h.http('/api/v1/series/1')).status).toBe(401);
  });

  it('profiles memory: percentiles and hour of week over the stored samples', async () => {
    const body = await json<{
      p50: number;
      p95: number;
      p99: number;
      max: number;
      samples: number;
      hourOfWeek: (number | null)[];
    }>('/api/v1/profiles/1?resource=memory&percentile=90');
    const values = Array.from(memory.values).filter((v) => !Number.isNaN(v));
    expect(body.samples).toBe(values.length);
    expect(body.p95).toBeCloseTo(percentile(values, 95), 6);
    expect(body.p50).toBeCloseTo(percentile(values, 50), 6);
    expect(body.max).toBe(Math.max(...values));
    const monday0 = Array.from(memory.values).filter(
      (v, i) => !Number.isNaN(v) && hourOfWeek((memory.start + i) * 300) === 0,
    );
    expect(body.hourOfWeek).toHaveLength(168);
    expect(body.hourOfWeek[0]).toBeCloseTo(percentile(monday0, 90), 6);
  });

  it('answers the NATS subjects: series, profile, coverage, demand page', async () => {
    const window = { from: '2013-07-01T00:00:00Z', to: '2013-07-01T01:00:00Z' };
    const series = await h.client.request(WORKLOADS.getSeries, {
      assetId: 'db-1',
      resource: 'cpu',
      window,
    });
    expect(series.values.slice(0, 2)).toEqual([1500, 2500]);
    const profile = await h.client.request(WORKLOADS.getProfile, {
      assetId: 'db-1',
      resource: 'memory',
    });
    expect(profile).toMatchObject({ samples: 2, max: 2, p50: 1.5 });
    const coverage = await h.client.request(WORKLOADS.getCoverage, {});
    const cpuSamples = Array.from(cpu.values).filter((v) => !Number.isNaN(v)).length;
    const memSamples = Array.from(memory.values).filter((v) => !Number.isNaN(v)).length;
    expect(coverage).toMatchObject({ assets: 2, samples: cpuSamples + memSamples + 4 });
    const page = await h.client.request(WORKLOADS.getDemandPage, {
      assetIds: ['db-1', 'nope'],
      resources: ['cpu', 'memory'],
      window,
      stepSeconds: 300,
    });
    if (page.delivery !== 'inline') throw new Error('expected an inline page');
    expect(page.grid.slots).toBe(12);
    expect(Array.from(decodeFloat32(page.assets[0]!.series.memory!)).slice(0, 3)).toEqual([
      2,
      1,
      Number.NaN,
    ]);
    expect(page.assets[1]).toEqual({ assetId: 'nope', series: {} });
  });

  it('charges back per owner with group attributes from the inventory service', async () => {
    // The inventory service's subject, answered here by a stand-in with two assets.
    const record = (id: string, owner: string) => ({
      asset: { id, capacity: {}, business: { owner }, custom: {} },
      revision: 1,
      provenance: {},
      firstSeen: '2024-01-01T00:00:00Z',
      lastSeen: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    });
    const page: AssetPage = { items: [record('1', 'web-team'), record('db-1', 'dba')] };
    const sub = h.nc.subscribe(prefixed(h.prefix, INVENTORY.queryAssets.subject), {
      callback: (_err, msg) => msg.respond(encodeJson({ ok: true, data: page })),
    });
    try {
      const body = await json<{
        total: number;
        groups: {
          group: string;
          assets: number;
          chargeback: number;
          cpu: { demandHours: number; utilization: number | null; share: number };
        }[];
      }>('/api/v1/utilization?groupBy=owner');
      const dba = body.groups.find((g) => g.group === 'dba')!;
      // db-1: cpu 1.5 and 2.5 GHz for 5 minutes each = 1/3 GHz·h; memory 2 + 1 GiB → 0.25 GiB·h.
      expect(dba.cpu.demandHours).toBeCloseTo(4 / 12, 9);
      expect(dba.chargeback).toBeCloseTo((4 / 12) * 0.01 + (3 / 12) * 0.005, 9);
      expect(dba.cpu.utilization).toBeNull();
      const web = body.groups.find((g) => g.group === 'web-team')!;
      expect(web.cpu.utilization).toBeGreaterThan(0);
      expect(web.cpu.utilization).toBeLessThan(1);
      expect(web.cpu.share + dba.cpu.share).toBeCloseTo(1, 9);
      expect(body.total).toBeCloseTo(web.chargeback + dba.chargeback, 9);
      const bad = await h.http('/api/v1/utilization?groupBy=site', { token: 'viewer' });
      expect(bad.status).toBe(400);
    } finally {
      sub.unsubscribe();
    }
  });
});
