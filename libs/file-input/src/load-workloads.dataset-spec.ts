// Acceptance on the real Bitbrains Rnd and PlanetLab data sets (npm run test:datasets).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Asset, MetricSeries } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { datasetPath } from '@vplan/testing';
import { loadWorkloads } from './load-workloads';

const BITBRAINS = datasetPath('bitbrains_rnd', '2013-7');
const PLANETLAB = datasetPath('planetlab', '20110303');
/** Reading a whole real data set is slow under jest's transform: give it room. */
jest.setTimeout(120_000);

function seriesOf(
  series: readonly MetricSeries[],
  asset: string,
  metric: string,
): MetricSeries | undefined {
  return series.find((s) => s.assetId === asset && s.metric === metric);
}

describe('loadWorkloads on the real data sets', () => {
  it('reads the 250 Bitbrains VMs of July 2013 in name order, reporting progress', async () => {
    const progress: number[] = [];
    const loaded = await loadWorkloads({
      path: BITBRAINS,
      format: 'bitbrains',
      onProgress: (done, total) => {
        expect(total).toBe(250);
        progress.push(done);
      },
    });
    expect(loaded).toMatchObject({ source: BITBRAINS, format: 'bitbrains', files: 250 });
    const ids = loaded.estate.assets.map((a) => a.id);
    expect(ids).toHaveLength(250);
    expect(ids.slice(0, 4)).toEqual(['1', '101', '103', '105']);
    expect(loaded.estate.series).toHaveLength(500);
    expect(progress).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(loaded.estate.assets[0]?.capacity).toEqual({
      cpuMhz: 5851.9989,
      cores: 2,
      memoryGiB: 8,
    });
    expect(seriesOf(loaded.estate.series, '1', 'cpu')?.start).toBe(Math.floor(1372629804 / 300));
  });

  it('sizes the 1052 PlanetLab VMs of 20110303 as CloudSim does, from midnight UTC', async () => {
    const loaded = await loadWorkloads({ path: PLANETLAB, format: 'planetlab' });
    const { assets, series } = loaded.estate;
    expect(assets).toHaveLength(1052);
    expect(series).toHaveLength(2104);
    const perMhz = new Map<number, number>();
    for (const asset of assets) {
      const mhz = asset.capacity.cpuMhz as number;
      perMhz.set(mhz, (perMhz.get(mhz) ?? 0) + 1);
    }
    expect(Object.fromEntries(perMhz)).toEqual({ 2500: 263, 2000: 263, 1000: 263, 500: 263 });
    const cpu = seriesOf(series, '146-179_surfsnel_dsl_internl_net_colostate_557', 'cpu');
    expect(cpu?.start).toBe(Date.UTC(2011, 2, 3) / 1000 / 300);
    expect(cpu?.values).toHaveLength(288);
    expect(Array.from(cpu?.values.slice(0, 3) ?? [])).toEqual([600, 850, 725]); // 24, 34, 29 % of 2500
    expect(assets.some((a) => a.id.includes(' '))).toBe(true);
  });

  it('sizes a PlanetLab VM from the inventory and keeps inventory-only assets first', async () => {
    const name = '146-179_surfsnel_dsl_internl_net_colostate_557';
    const inventory: Asset[] = [
      makeAsset('not-traced', { business: { owner: 'bob' } }),
      makeAsset(name, {
        capacity: { cpuMhz: 1000, memoryGiB: 4 },
        business: { environment: 'prod' },
      }),
    ];
    const { estate } = await loadWorkloads({ path: PLANETLAB, format: 'planetlab', inventory });
    expect(estate.assets).toHaveLength(1053);
    expect(estate.assets[0]).toBe(inventory[0]);
    expect(estate.assets[1]).toMatchObject({
      id: name,
      capacity: { cpuMhz: 1000, memoryGiB: 4 },
      business: { environment: 'prod' },
    });
    expect(estate.assets[1]?.capacity.cores).toBeUndefined();
    expect(Array.from(seriesOf(estate.series, name, 'cpu')?.values.slice(0, 2) ?? [])).toEqual([
      240, 340,
    ]);
    expect(seriesOf(estate.series, name, 'memory')?.values[0]).toBe(4);
    expect(estate.series.some((s) => s.assetId === 'not-traced')).toBe(false);
    // The other VMs keep the CloudSim split over all 1052 files.
    const other = estate.assets.find((a) => a.id === 'vn5_cse_wustl_edu_uw_oneswarm');
    expect(other?.capacity).toEqual({ cpuMhz: 500, cores: 1, memoryGiB: 613 / 1024 });
  });

  it('reads a real gzip trace given as a single file', async () => {
    const file = join(BITBRAINS, '3.csv.gz');
    expect(readFileSync(file).length).toBeGreaterThan(0);
    const loaded = await loadWorkloads({ path: file, format: 'bitbrains' });
    expect(loaded.estate.assets.map((a) => a.id)).toEqual(['3']);
    expect(loaded.files).toBe(1);
  });
});
