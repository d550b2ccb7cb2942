import type { Asset } from '@vplan/domain';
import { archetypeOf, generateEstate } from './estate';
import { localTime, mean, meanWhere, median, seriesByAsset } from './estate.fixture';
import { ARCHETYPES, type Archetype } from './roles';

describe('generated workloads', () => {
  // Three weeks from Monday 2026-01-12: the span includes the January month end.
  const estate = generateEstate({ servers: 400, seed: 11 });
  const series = seriesByAsset(estate);
  const cpuOf = (a: Asset) => series.get(a.id)?.cpu ?? fail(a.id);
  const memoryOf = (a: Asset) => series.get(a.id)?.memory ?? fail(a.id);
  const withArchetype = (archetype: Archetype) =>
    estate.assets.filter((a) => archetypeOf(a) === archetype);
  const officeInteractive = withArchetype('interactive').filter(
    (a) => a.custom['service_hours'] === 'business-hours',
  );

  it('has servers of every archetype', () => {
    for (const archetype of ARCHETYPES) expect(withArchetype(archetype).length).toBeGreaterThan(3);
  });

  it('keeps most servers lightly loaded: the median mean CPU is a few percent', () => {
    const means = estate.assets.map((a) => mean(cpuOf(a).values) / (a.capacity.cpuMhz ?? 1));
    expect(median(means)).toBeGreaterThan(0.01);
    expect(median(means)).toBeLessThan(0.08);
    expect(means.reduce((s, m) => s + m, 0) / means.length).toBeLessThan(0.1);
  });

  it('runs batch servers at night: their 01:00–04:00 mean exceeds their daytime mean', () => {
    const batch = withArchetype('batch');
    for (const a of batch) {
      const cpu = cpuOf(a);
      const hour = (i: number) => localTime(a, cpu, i).hour;
      const night = meanWhere(cpu, (i) => hour(i) >= 1 && hour(i) < 4);
      const day = meanWhere(cpu, (i) => hour(i) >= 9 && hour(i) < 17);
      expect({ id: a.id, nightOverDay: night > 2 * day }).toEqual({ id: a.id, nightOverDay: true });
    }
  });

  it('runs month-end batch heavier than ordinary business nights', () => {
    let monthEnd = 0;
    let ordinary = 0;
    for (const a of withArchetype('batch').filter((b) => b.business.role === 'batch')) {
      const cpu = cpuOf(a);
      const night = (i: number) => localTime(a, cpu, i).hour < 6;
      const date = (i: number) => new Date((cpu.start + i) * cpu.stepSeconds * 1000).getUTCDate();
      const weekday = (i: number) => [1, 2, 3, 4, 5].includes(localTime(a, cpu, i).dayOfWeek);
      monthEnd += meanWhere(cpu, (i) => night(i) && date(i) >= 30);
      ordinary += meanWhere(cpu, (i) => night(i) && weekday(i) && date(i) > 2 && date(i) < 29);
    }
    expect(monthEnd).toBeGreaterThan(1.2 * ordinary);
  });

  it('quiets business-hours interactive servers at weekends', () => {
    expect(officeInteractive.length).toBeGreaterThan(20);
    for (const a of officeInteractive) {
      const cpu = cpuOf(a);
      const weekend = (i: number) => localTime(a, cpu, i).dayOfWeek >= 5;
      const ratio = meanWhere(cpu, (i) => !weekend(i)) / meanWhere(cpu, weekend);
      expect({ id: a.id, quieterWeekend: ratio > 1.1 }).toEqual({ id: a.id, quieterWeekend: true });
    }
  });

  it('peaks interactive servers in office hours, with a lunch dip', () => {
    const profile = new Array<number>(24).fill(0);
    for (const a of officeInteractive) {
      const cpu = cpuOf(a);
      const level = mean(cpu.values);
      cpu.values.forEach((v, i) => {
        const t = localTime(a, cpu, i);
        if (t.dayOfWeek < 5) profile[t.hour] = (profile[t.hour] ?? 0) + v / level;
      });
    }
    const peakHour = profile.indexOf(Math.max(...profile));
    expect(peakHour).toBeGreaterThanOrEqual(9);
    expect(peakHour).toBeLessThanOrEqual(16);
    const at = (h: number) => profile[h] ?? 0;
    expect(at(12)).toBeLessThan(at(10));
    expect(at(12)).toBeLessThan(at(14));
    expect(at(3)).toBeLessThan(at(10) / 3);
  });

  it('shifts peaks by time zone: a New York peak comes hours after an Amsterdam one', () => {
    const peakUtcHour = (site: string) => {
      const profile = new Array<number>(24).fill(0);
      for (const a of officeInteractive.filter((x) => x.site === site)) {
        const cpu = cpuOf(a);
        const level = mean(cpu.values);
        cpu.values.forEach((v, i) => {
          const hour = Math.floor(((cpu.start + i) * cpu.stepSeconds) / 3600) % 24;
          profile[hour] = (profile[hour] ?? 0) + v / level;
        });
      }
      return profile.indexOf(Math.max(...profile));
    };
    expect(peakUtcHour('nyc1') - peakUtcHour('ams1')).toBeGreaterThanOrEqual(4);
  });

  it('keeps zombies near 1 % CPU with flat memory', () => {
    for (const a of withArchetype('idle')) {
      expect(mean(cpuOf(a).values) / (a.capacity.cpuMhz ?? 1)).toBeLessThan(0.025);
      const memory = memoryOf(a).values;
      const range = Math.max(...memory) - Math.min(...memory);
      expect(range / (a.capacity.memoryGiB ?? 1)).toBeLessThan(0.04);
    }
  });

  it('makes bursty servers spiky: their peak is several times their mean', () => {
    for (const a of withArchetype('bursty')) {
      const cpu = cpuOf(a).values;
      expect(Math.max(...cpu)).toBeGreaterThan(4 * mean(cpu));
    }
  });

  it('lets each DR standby follow its production database', () => {
    for (const standby of withArchetype('standby')) {
      const peers = estate.assets.filter(
        (a) => a.business.drGroup === standby.business.drGroup && a.business.environment === 'prod',
      );
      const best = Math.max(
        ...peers.map((p) => correlation(cpuOf(p).values, cpuOf(standby).values)),
      );
      expect(best).toBeGreaterThan(0.5);
    }
  });

  it('keeps memory mostly flat: for nine servers in ten it varies by less than a fifth', () => {
    const flat = estate.assets.filter((a) => {
      const memory = memoryOf(a).values;
      const m = mean(memory);
      const sd = Math.sqrt(mean(memory.map((v) => (v - m) ** 2)));
      return sd / m < 0.2;
    });
    expect(flat.length).toBeGreaterThan(0.9 * estate.assets.length);
  });
});

function correlation(x: Float32Array, y: Float32Array): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function fail(id: string): never {
  throw new Error(`no series for ${id}`);
}
