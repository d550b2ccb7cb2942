import { slotsPerWeek } from '@vplan/domain';
import { SITES } from './catalog';
import { DEFAULT_ESTATE_OPTIONS, archetypeOf, generateEstate } from './estate';
import { seriesByAsset } from './estate.fixture';

describe('generateEstate', () => {
  const estate = generateEstate({ servers: 150, seed: 7, weeks: 2 });

  it('is identical for the same seed', () => {
    const again = generateEstate({ servers: 150, seed: 7, weeks: 2 });
    expect(JSON.stringify(again.assets)).toBe(JSON.stringify(estate.assets));
    expect(again.series.length).toBe(estate.series.length);
    again.series.forEach((s, i) => {
      const other = estate.series[i];
      expect({ ...s, values: undefined }).toEqual({ ...other, values: undefined });
      expect(bytes(s.values).equals(bytes(other?.values ?? new Float32Array()))).toBe(true);
    });
  });

  it('differs for another seed', () => {
    const other = generateEstate({ servers: 150, seed: 8, weeks: 2 });
    expect(JSON.stringify(other.assets)).not.toBe(JSON.stringify(estate.assets));
    expect(other.series[0]?.values).not.toEqual(estate.series[0]?.values);
  });

  it('has one cpu and one memory series per asset, covering the requested weeks', () => {
    expect(estate.assets).toHaveLength(150);
    expect(estate.series).toHaveLength(300);
    const byAsset = seriesByAsset(estate);
    expect(byAsset.size).toBe(150);
    for (const s of estate.series) {
      expect(s.stepSeconds).toBe(300);
      expect(s.values).toHaveLength(2 * slotsPerWeek(300));
      expect(s.start).toBe(DEFAULT_ESTATE_OPTIONS.startEpochSeconds / 300);
    }
  });

  it('starts by default on a fixed Monday at 00:00 UTC, never at the current time', () => {
    const start = new Date(DEFAULT_ESTATE_OPTIONS.startEpochSeconds * 1000);
    expect(start.toISOString()).toBe('2026-01-12T00:00:00.000Z');
    expect(start.getUTCDay()).toBe(1);
  });

  it('defaults to 500 servers and three weeks of 5-minute samples', () => {
    const defaults = generateEstate();
    expect(defaults.assets).toHaveLength(500);
    expect(defaults.series[0]?.values).toHaveLength(3 * 2016);
  });

  it('never produces NaN, negative values or demand above the capacity', () => {
    const byAsset = seriesByAsset(estate);
    for (const asset of estate.assets) {
      const { cpu, memory } = byAsset.get(asset.id) ?? {};
      const checks = [
        [cpu?.values, asset.capacity.cpuMhz],
        [memory?.values, asset.capacity.memoryGiB],
      ] as const;
      for (const [values, capacity] of checks) {
        let bad = 0;
        for (const v of values ?? []) if (!(v >= 0 && v <= (capacity ?? 0))) bad++;
        expect({ asset: asset.id, bad }).toEqual({ asset: asset.id, bad: 0 });
      }
    }
  });

  it('gives every asset hardware capacity and business attributes', () => {
    const sites = SITES.map((s) => s.code);
    for (const a of estate.assets) {
      expect(a.hostname).toBe(a.id);
      expect(a.id).toMatch(/^[a-z]+-[a-z]+-\d{3,}$/);
      expect(sites).toContain(a.site);
      expect(a.capacity.cores).toBeGreaterThan(0);
      expect(a.capacity.cpuMhz).toBeGreaterThan(0);
      expect(a.capacity.memoryGiB).toBeGreaterThan(0);
      expect(['prod', 'test', 'dev', 'dr']).toContain(a.business.environment);
      for (const field of ['owner', 'department', 'costCenter', 'application', 'role'] as const) {
        expect(a.business[field]).toEqual(expect.any(String));
      }
      expect(archetypeOf(a)).toBeDefined();
      expect(Object.keys(a.custom)).toEqual(
        expect.arrayContaining(['tier', 'criticality', 'service_hours', 'platform', 'archetype']),
      );
    }
    expect(new Set(estate.assets.map((a) => a.id)).size).toBe(estate.assets.length);
  });

  it('gives every asset its constraint attributes', () => {
    for (const a of estate.assets) {
      expect(a.business.availability).toMatch(/^99(\.9+|\.5)?$/);
      expect(a.business.maintenanceWindows?.length).toBeGreaterThan(0);
      expect(a.business.maintenanceTimezone).toMatch(/^[A-Z][a-z]+\/[A-Za-z_]+$/);
      expect(a.technical?.osFamily).toMatch(/^(windows|linux|solaris)$/);
      expect(a.technical?.osVersion).toEqual(expect.any(String));
      expect(a.technical?.vlans).toHaveLength(1);
      expect(a.technical?.subnet).toMatch(/^10\.\d+\.\d+\.0\/24$/);
      expect(['local', 'san', 'nas']).toContain(a.technical?.storage);
      expect(typeof a.technical?.upsRequired).toBe('boolean');
      expect(Object.keys(a.custom)).not.toEqual(expect.arrayContaining(['os']));
    }
  });

  it('honours another step and start', () => {
    const start = DEFAULT_ESTATE_OPTIONS.startEpochSeconds + 7 * 86_400;
    const coarse = generateEstate({
      servers: 5,
      weeks: 2,
      stepSeconds: 900,
      startEpochSeconds: start,
    });
    expect(coarse.series[0]?.values).toHaveLength(2 * 672);
    expect(coarse.series[0]?.start).toBe(start / 900);
    expect(coarse.series[0]?.stepSeconds).toBe(900);
  });

  it('generates an empty estate for zero servers', () => {
    expect(generateEstate({ servers: 0 })).toEqual({ assets: [], series: [] });
  });

  it.each([
    [{ weeks: 1 }, /weeks/],
    [{ weeks: 5 }, /weeks/],
    [{ servers: -1 }, /servers/],
    [{ servers: 2.5 }, /servers/],
    [{ seed: 0.5 }, /seed/],
    [{ stepSeconds: 7 }, /stepSeconds/],
    [{ startEpochSeconds: Number.NaN }, /startEpochSeconds/],
  ])('rejects %j', (options, message) => {
    expect(() => generateEstate(options)).toThrow(message);
  });
});

function bytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}
