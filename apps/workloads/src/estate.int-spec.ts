import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  WORKLOADS,
  decodeFloat32,
  errorBodySchema,
  jsonBytes,
  type EstateAssetPayload,
} from '@vplan/contracts';
import type { Estate, MetricSeries } from '@vplan/domain';
import { compareBytes } from '@vplan/formats';
import { loadWorkloads } from '@vplan/file-input';
import { joinEstate, type TraceAsset } from '@vplan/workload';
import {
  simulatedBitbrainsFolder,
  simulatedPlanetLabFolder,
  startWorkloads,
  type WorkloadsHarness,
} from './workloads.fixture';

jest.setTimeout(120_000);

/** Trace files of simulated servers in the Bitbrains and PlanetLab formats. */
const BITBRAINS = simulatedBitbrainsFolder(40, 6);
const PLANETLAB = simulatedPlanetLabFolder(12, 7);
const NATS_MAX_PAYLOAD = 1024 * 1024;

/** Every `step`-th of the sorted names, `count` of them, in a shuffled (not sorted) order. */
function pick(names: string[], count: number): string[] {
  const sorted = [...names].sort(compareBytes);
  const step = Math.max(1, Math.floor(sorted.length / count));
  const chosen = sorted.filter((_, i) => i % step === 0).slice(0, count);
  return chosen
    .map((n, i) => ({ n, k: (i * 7919) % 101 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.n);
}

async function copyTo(dir: string, from: string, names: readonly string[]): Promise<void> {
  for (const name of names) await copyFile(join(from, name), join(dir, name));
}

/** Reads every estate page through NATS; returns the traces and the largest reply's size. */
async function readEstate(
  h: WorkloadsHarness,
  opts: { limit: number; assetIds?: string[] },
): Promise<{ traces: TraceAsset[]; pages: number; largest: number }> {
  const traces: TraceAsset[] = [];
  let after: string | undefined;
  let pages = 0;
  let largest = 0;
  do {
    const page = await h.client.request(WORKLOADS.getEstatePage, {
      limit: opts.limit,
      ...(opts.assetIds ? { assetIds: opts.assetIds } : {}),
      ...(after ? { after } : {}),
    });
    largest = Math.max(largest, jsonBytes({ ok: true, data: page }));
    pages++;
    traces.push(...page.items.map(traceOf));
    after = page.next;
  } while (after);
  return { traces, pages, largest };
}

function traceOf(item: EstateAssetPayload): TraceAsset {
  return {
    id: item.id,
    capacity: item.capacity,
    series: item.series.map((s) => ({ assetId: item.id, ...s, values: decodeFloat32(s.values) })),
  };
}

function bytesOf(s: MetricSeries): Buffer {
  return Buffer.from(s.values.buffer, s.values.byteOffset, s.values.byteLength);
}

/** The estates are equal, series values bit for bit (NaN gaps included). */
function expectSameEstate(actual: Estate, expected: Estate): void {
  expect(actual.assets).toEqual(expected.assets);
  expect(
    actual.series.map((s) => [s.assetId, s.metric, s.stepSeconds, s.start, s.values.length]),
  ).toEqual(
    expected.series.map((s) => [s.assetId, s.metric, s.stepSeconds, s.start, s.values.length]),
  );
  actual.series.forEach((s, i) => {
    expect(bytesOf(s).equals(bytesOf(expected.series[i]!))).toBe(true);
  });
}

describe('workloads estate (uploads read back as the CLI reads the files)', () => {
  let h: WorkloadsHarness;
  let dir: string;

  beforeAll(async () => {
    h = await startWorkloads('wlestate');
    dir = await mkdtemp(join(tmpdir(), 'vplan-wl-estate-'));
  });

  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = (file: string, format: string, folder?: string) =>
    readFile(file).then((body) =>
      h.http(
        `/api/v1/uploads?format=${format}&name=${encodeURIComponent(basename(file))}${folder ? `&folder=${folder}` : ''}`,
        {
          method: 'POST',
          token: 'operator',
          body,
          contentType: file.endsWith('.gz') ? 'application/gzip' : 'text/plain',
        },
      ),
    );

  it('rebuilds the estate of 20 Bitbrains files exactly as loadWorkloads builds it', async () => {
    const names = pick(
      (await readdir(BITBRAINS)).filter((n) => n.endsWith('.csv.gz')),
      20,
    );
    const bitbrains = join(dir, 'bitbrains');
    await mkdir(bitbrains);
    await copyTo(bitbrains, BITBRAINS, names);

    let samples = 0;
    for (const name of names) {
      const res = await upload(join(bitbrains, name), 'bitbrains');
      expect(res.status).toBe(201);
      const body = (await res.json()) as { assets: string[]; samples: number };
      expect(body.assets).toEqual([name.replace(/\.csv\.gz$/, '')]);
      samples += body.samples;
    }

    const cli = await loadWorkloads({ path: bitbrains, format: 'bitbrains' });
    const read = await readEstate(h, { limit: 7 });
    expectSameEstate(joinEstate(read.traces, []), cli.estate);
    expect(read.pages).toBeGreaterThanOrEqual(3);
    expect(read.largest).toBeLessThan(NATS_MAX_PAYLOAD);
    const cliSamples = cli.estate.series.reduce(
      (n, s) => n + s.values.filter((v) => !Number.isNaN(v)).length,
      0,
    );
    expect(samples).toBe(cliSamples);

    // A second upload of the same file replaces its series: the estate does not change.
    expect((await upload(join(bitbrains, names[0]!), 'bitbrains')).status).toBe(201);
    expectSameEstate(joinEstate((await readEstate(h, { limit: 100 })).traces, []), cli.estate);
  });

  it('sizes and replays PlanetLab traces as the CLI does', async () => {
    const names = pick(await readdir(PLANETLAB), 6);
    const planetlab = join(dir, '20110303');
    await mkdir(planetlab, { recursive: true });
    await copyTo(planetlab, PLANETLAB, names);
    for (const name of names) {
      expect((await upload(join(planetlab, name), 'planetlab', '20110303')).status).toBe(201);
    }
    const cli = await loadWorkloads({ path: planetlab, format: 'planetlab' });
    const read = await readEstate(h, { limit: 100, assetIds: [...names] });
    expectSameEstate(joinEstate(read.traces, []), cli.estate);
  });

  it('answers 401 without a token, 403 to a viewer, 400 naming file:row:column', async () => {
    const noToken = await h.http('/api/v1/uploads?format=csv&name=a.csv', {
      method: 'POST',
      body: 'x',
      contentType: 'text/plain',
    });
    expect(noToken.status).toBe(401);
    const viewer = await h.http('/api/v1/uploads?format=csv&name=a.csv', {
      method: 'POST',
      body: 'x',
      token: 'viewer',
      contentType: 'text/plain',
    });
    expect(viewer.status).toBe(403);
    const badFormat = await h.http('/api/v1/uploads?format=rvtools&name=a.csv', {
      method: 'POST',
      body: 'x',
      token: 'operator',
      contentType: 'text/plain',
    });
    expect(badFormat.status).toBe(400);
    expect(errorBodySchema.parse(await badFormat.json()).error.details?.[0]?.path).toBe('format');
    const badRow = await h.http('/api/v1/uploads?format=csv&name=bad.csv', {
      method: 'POST',
      body: 'timestamp,asset,metric,value\n1372636800,vm-1,cpu_mhz,12\n1372637100,vm-1,cpu_mhz,-3\n',
      token: 'operator',
      contentType: 'text/plain',
    });
    expect(badRow.status).toBe(400);
    const { error } = errorBodySchema.parse(await badRow.json());
    expect(error.message).toMatch(/^bad\.csv:3:4: value must be a non-negative number/);
    expect(error.details).toEqual([
      { path: 'bad.csv:3:4', message: expect.stringMatching(/non-negative/) },
    ]);
    // Nothing of the bad file was stored.
    const series = await h.http('/api/v1/series/vm-1', { token: 'viewer' });
    expect(series.status).toBe(404);
  });
});
