import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateEstate } from '@vplan/simulation';
import {
  BITBRAINS_HEADER,
  bitbrainsText,
  pickAssets,
  planetLabText,
  writeBitbrainsTraces,
  writePlanetLabTraces,
} from './trace-files';

const estate = generateEstate({ servers: 8, seed: 5, weeks: 2 });

/** The rows of a Bitbrains text as numbers (the reader's own tests are in @vplan/file-input). */
function rowsOf(text: string): number[][] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';\t').map(Number));
}

describe('bitbrainsText', () => {
  it('writes a row per slot with the capacity, MHz and KiB that round-trip to the series', () => {
    const asset = estate.assets[1]!;
    const rows = rowsOf(bitbrainsText(asset, estate));
    const cpu = estate.series.find((s) => s.assetId === asset.id && s.metric === 'cpu')!;
    const memory = estate.series.find((s) => s.assetId === asset.id && s.metric === 'memory')!;
    expect(rows).toHaveLength(cpu.values.length);
    rows.forEach((row, i) => {
      expect(row).toHaveLength(11);
      expect(Math.floor(row[0]! / 300)).toBe(cpu.start + i);
      expect(row.slice(1, 3)).toEqual([asset.capacity.cores, asset.capacity.cpuMhz]);
      expect(Math.fround(row[3]!)).toBe(cpu.values[i]);
      expect(row[5]).toBe(asset.capacity.memoryGiB! * 1024 * 1024);
      expect(Math.fround(row[6]! / (1024 * 1024))).toBe(memory.values[i]);
    });
  });

  it('writes only the first slots when asked', () => {
    const lines = bitbrainsText(estate.assets[0]!, estate, { slots: 12 }).trim().split('\n');
    expect(lines[0]).toBe(BITBRAINS_HEADER);
    expect(lines).toHaveLength(13);
  });
});

describe('planetLabText', () => {
  it('writes one integer percentage of the CPU capacity per slot, a day by default', () => {
    const asset = estate.assets[2]!;
    const lines = planetLabText(asset, estate).trimEnd().split('\n');
    expect(lines).toHaveLength(288);
    const cpu = estate.series.find((s) => s.assetId === asset.id && s.metric === 'cpu')!;
    lines.forEach((line, i) => {
      expect(line).toMatch(/^(100|[1-9]?[0-9])$/);
      expect(Number(line)).toBe(Math.round((cpu.values[i]! / asset.capacity.cpuMhz!) * 100));
    });
  });
});

describe('writeBitbrainsTraces and writePlanetLabTraces', () => {
  it('write one file per asset named after its id, gzip for Bitbrains by default', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vplan-trace-files-'));
    try {
      const small = pickAssets(estate, 3);
      const gz = writeBitbrainsTraces(path.join(dir, 'bb'), small, { slots: 5 });
      expect(gz.map((f) => path.basename(f))).toEqual(small.assets.map((a) => `${a.id}.csv.gz`));
      expect(gunzipSync(readFileSync(gz[0]!)).toString('utf8')).toBe(
        bitbrainsText(small.assets[0]!, small, { slots: 5 }),
      );
      writeBitbrainsTraces(path.join(dir, 'plain'), small, { gzip: false, slots: 5 });
      expect(readdirSync(path.join(dir, 'plain')).every((f) => f.endsWith('.csv'))).toBe(true);
      const pl = writePlanetLabTraces(path.join(dir, '20260112'), small);
      expect(readFileSync(pl[1]!, 'utf8')).toBe(planetLabText(small.assets[1]!, small));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pickAssets', () => {
  it('keeps the first accepted assets and only their series', () => {
    const big = pickAssets(estate, 2, (a) => (a.capacity.memoryGiB ?? 0) > 16);
    expect(big.assets.length).toBeLessThanOrEqual(2);
    expect(big.assets.every((a) => (a.capacity.memoryGiB ?? 0) > 16)).toBe(true);
    expect(big.series.map((s) => s.assetId)).toEqual(big.assets.flatMap((a) => [a.id, a.id]));
  });
});
