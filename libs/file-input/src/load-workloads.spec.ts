import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset, MetricSeries } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { FormatError, compareBytes } from '@vplan/formats';
import { generateEstate } from '@vplan/simulation';
import { pickAssets, writeBitbrainsTraces, writePlanetLabTraces } from '@vplan/testing';
import { InputError } from './input-error';
import { loadWorkloads } from './load-workloads';

/** Twelve simulated servers and their series: the estate the trace files below are written from. */
const SIMULATED = pickAssets(generateEstate({ servers: 20, seed: 9, weeks: 2 }), 12);
/** The first day of the simulation (2026-01-12), as a PlanetLab folder name dates it. */
const DAY = '20260112';
const HEADER =
  'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tMemory capacity provisioned [KB];\tMemory usage [KB]';

function bitbrainsFile(rows: readonly (readonly number[])[]): string {
  return `${[HEADER, ...rows.map((r) => r.join(';\t'))].join('\n')}\n`;
}

function seriesOf(
  series: readonly MetricSeries[],
  asset: string,
  metric: string,
): MetricSeries | undefined {
  return series.find((s) => s.assetId === asset && s.metric === metric);
}

describe('loadWorkloads', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'vplan-workloads-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function dir(name: string, files: Record<string, string | Buffer>): string {
    const path = join(tmp, name);
    mkdirSync(path, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
    return path;
  }

  it('reads Bitbrains files of simulated servers in name order, reporting progress', async () => {
    const path = join(tmp, 'bb-simulated');
    writeBitbrainsTraces(path, SIMULATED, { slots: 600 });
    const progress: number[] = [];
    const loaded = await loadWorkloads({
      path,
      format: 'bitbrains',
      onProgress: (done, total) => {
        expect(total).toBe(12);
        progress.push(done);
      },
    });
    expect(loaded).toMatchObject({ source: path, format: 'bitbrains', files: 12 });
    const ids = loaded.estate.assets.map((a) => a.id);
    expect(ids).toEqual(SIMULATED.assets.map((a) => a.id).sort(compareBytes));
    expect(loaded.estate.series).toHaveLength(24);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const first = SIMULATED.assets.find((a) => a.id === ids[0])!;
    const { cpuMhz, cores, memoryGiB } = first.capacity;
    expect(loaded.estate.assets[0]?.capacity).toEqual({ cpuMhz, cores, memoryGiB });
    const want = SIMULATED.series.find((s) => s.assetId === first.id && s.metric === 'cpu')!;
    const cpu = seriesOf(loaded.estate.series, first.id, 'cpu');
    expect(cpu?.start).toBe(want.start);
    expect(Array.from(cpu?.values ?? [])).toEqual(Array.from(want.values.slice(0, 600)));
  });

  it('sizes PlanetLab VMs as CloudSim does, from midnight UTC of the folder day', async () => {
    const path = join(tmp, 'planet-dated', DAY);
    writePlanetLabTraces(path, SIMULATED);
    const loaded = await loadWorkloads({ path, format: 'planetlab' });
    const { assets, series } = loaded.estate;
    expect(assets).toHaveLength(12);
    expect(series).toHaveLength(24);
    const perMhz = new Map<number, number>();
    for (const asset of assets) {
      const mhz = asset.capacity.cpuMhz as number;
      perMhz.set(mhz, (perMhz.get(mhz) ?? 0) + 1);
    }
    expect(Object.fromEntries(perMhz)).toEqual({ 2500: 3, 2000: 3, 1000: 3, 500: 3 });
    const first = assets[0]!;
    const cpu = seriesOf(series, first.id, 'cpu');
    expect(cpu?.start).toBe(Date.UTC(2026, 0, 12) / 1000 / 300);
    expect(cpu?.values).toHaveLength(288);
    const percent = readFileSync(join(path, first.id), 'utf8').split('\n').slice(0, 3);
    expect(Array.from(cpu?.values.slice(0, 3) ?? [])).toEqual(
      percent.map((p) => (Number(p) * 2500) / 100),
    );
  });

  it('sizes a PlanetLab VM from the inventory and keeps inventory-only assets first', async () => {
    const path = join(tmp, 'planet-inventory', DAY);
    writePlanetLabTraces(path, SIMULATED);
    const names = SIMULATED.assets.map((a) => a.id).sort(compareBytes);
    const name = names[0]!;
    const inventory: Asset[] = [
      makeAsset('not-traced', { business: { owner: 'bob' } }),
      makeAsset(name, {
        capacity: { cpuMhz: 1000, memoryGiB: 4 },
        business: { environment: 'prod' },
      }),
    ];
    const { estate } = await loadWorkloads({ path, format: 'planetlab', inventory });
    expect(estate.assets).toHaveLength(13);
    expect(estate.assets[0]).toBe(inventory[0]);
    expect(estate.assets[1]).toMatchObject({
      id: name,
      capacity: { cpuMhz: 1000, memoryGiB: 4 },
      business: { environment: 'prod' },
    });
    expect(estate.assets[1]?.capacity.cores).toBeUndefined();
    const percent = readFileSync(join(path, name), 'utf8').split('\n').slice(0, 2);
    expect(Array.from(seriesOf(estate.series, name, 'cpu')?.values.slice(0, 2) ?? [])).toEqual(
      percent.map((p) => Number(p) * 10),
    );
    expect(seriesOf(estate.series, name, 'memory')?.values[0]).toBe(4);
    expect(estate.series.some((s) => s.assetId === 'not-traced')).toBe(false);
    // The other VMs keep the CloudSim split over all 12 files: the last name is type 3.
    const last = estate.assets.find((a) => a.id === names[11]);
    expect(last?.capacity).toEqual({ cpuMhz: 500, cores: 1, memoryGiB: 613 / 1024 });
  });

  it('starts an undated PlanetLab folder at the epoch, and reads a single file', async () => {
    const path = dir('planet-undated', {
      vm_a: '10\n20\n',
      'vm b': '5\n',
      'README.md': '# notes\n',
    });
    const loaded = await loadWorkloads({ path, format: 'planetlab' });
    expect(loaded.estate.assets.map((a) => a.id)).toEqual(['vm b', 'vm_a']);
    expect(seriesOf(loaded.estate.series, 'vm_a', 'cpu')?.start).toBe(0);
    const single = await loadWorkloads({ path: join(path, 'vm_a'), format: 'planetlab' });
    expect(single.files).toBe(1);
    expect(Array.from(single.estate.series[0]?.values ?? [])).toEqual([250, 500]);
  });

  it('skips hidden files and READMEs, sorts by bytes and joins the inventory by id', async () => {
    const path = dir('bb-join', {
      '2.csv': bitbrainsFile([[600, 2, 4000, 100, 1048576, 524288]]),
      '10.csv': bitbrainsFile([[600, 1, 2000, 50, 2097152, 1048576]]),
      '.DS_Store': 'junk',
      'README.md': 'about',
      'notes.txt': 'not a trace',
    });
    const inventory = [
      makeAsset('2', { capacity: { memoryGiB: 16 }, business: { owner: 'ann' } }),
      makeAsset('99'),
    ];
    const { estate } = await loadWorkloads({ path, format: 'bitbrains', inventory });
    expect(estate.assets.map((a) => a.id)).toEqual(['2', '99', '10']);
    expect(estate.assets[0]).toMatchObject({
      capacity: { cpuMhz: 4000, cores: 2, memoryGiB: 16 },
      business: { owner: 'ann' },
    });
    expect(estate.assets[2]?.capacity).toEqual({ cpuMhz: 2000, cores: 1, memoryGiB: 2 });
    expect(estate.series.map((s) => `${s.assetId}:${s.metric}`)).toEqual([
      '10:cpu',
      '10:memory',
      '2:cpu',
      '2:memory',
    ]);
  });

  it('reads long workload CSVs, scaling percentages by the inventory and merging files', async () => {
    const path = dir('long-csv', {
      'a.csv': 'timestamp,asset,metric,value\n600,web,cpu_pct,50\n600,db,memory_gb,3\n',
      'b.csv': 'timestamp,asset,metric,value\n900,web,cpu_pct,10\n600,web,cpu_mhz,1500\n',
    });
    const inventory = [makeAsset('web', { capacity: { cpuMhz: 2000 } })];
    const { estate } = await loadWorkloads({ path, format: 'csv', inventory });
    expect(estate.assets.map((a) => a.id)).toEqual(['web', 'db']);
    expect(estate.assets[1]?.capacity).toEqual({});
    const cpu = seriesOf(estate.series, 'web', 'cpu');
    expect(cpu?.start).toBe(2);
    expect(Array.from(cpu?.values ?? [])).toEqual([1500, 200]);
  });

  it('names the trace file, row and column when a percentage lacks a capacity', async () => {
    const path = dir('long-csv-bad', {
      'w.csv': 'timestamp,asset,metric,value\n600,web,cpu_pct,50\n',
    });
    await expect(loadWorkloads({ path, format: 'csv' })).rejects.toThrow(
      `${join(path, 'w.csv')}:2:3: cpu_pct needs the CPU capacity of asset "web"`,
    );
  });

  it('reports the first bad file in name order, whatever finishes first', async () => {
    const good = bitbrainsFile(
      Array.from({ length: 2000 }, (_, i) => [i * 300, 1, 1000, 1, 1024, 1]),
    );
    const path = dir('bb-bad', {
      '1.csv': good,
      '2.csv': `${good}oops\n`,
      '3.csv': `${HEADER}\nbad\n`,
    });
    const error = await loadWorkloads({ path, format: 'bitbrains', concurrency: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe(
      `${join(path, '2.csv')}:2002:1: "Timestamp [ms]" is not a non-negative number: "oops"`,
    );
  });

  it('refuses two files for one asset', async () => {
    const path = dir('bb-twice', { '1.csv': bitbrainsFile([]), '1.csv.gz': Buffer.from('') });
    await expect(loadWorkloads({ path, format: 'bitbrains' })).rejects.toThrow(
      new InputError(
        path,
        `two trace files for asset "1": ${join(path, '1.csv')}, ${join(path, '1.csv.gz')}`,
      ),
    );
  });

  it('says when the path is missing, not a directory, or holds no trace file', async () => {
    const missing = join(tmp, 'missing');
    await expect(loadWorkloads({ path: missing, format: 'bitbrains' })).rejects.toThrow(
      `${missing}: not found`,
    );
    const file = join(dir('plain', { 'x.csv': bitbrainsFile([]) }), 'x.csv');
    await expect(loadWorkloads({ path: join(file, 'sub'), format: 'bitbrains' })).rejects.toThrow(
      `${join(file, 'sub')}: not a directory`,
    );
    const empty = dir('only-docs', { 'README.md': 'x', '.hidden.csv': 'x' });
    await expect(loadWorkloads({ path: empty, format: 'bitbrains' })).rejects.toThrow(
      `${empty}: no trace files (expected *.csv or *.csv.gz files)`,
    );
  });

  it('reads a gzip trace given as a single file', async () => {
    const [file] = writeBitbrainsTraces(join(tmp, 'bb-single'), pickAssets(SIMULATED, 1), {
      slots: 20,
    });
    const loaded = await loadWorkloads({ path: file!, format: 'bitbrains' });
    expect(loaded.estate.assets.map((a) => a.id)).toEqual([SIMULATED.assets[0]!.id]);
    expect(loaded.files).toBe(1);
  });
});
