import type { Asset } from '@vplan/domain';
import { generateEstate } from './estate';
import { seriesByAsset } from './estate.fixture';
import { daylightShiftSlots } from './zone-clock';

const MARCH_2026 = Date.UTC(2026, 2, 23) / 1000; // the week of Sunday 29 March (01:00 UTC switch)
const JULY_2026 = Date.UTC(2026, 6, 6) / 1000; // a Monday in summer time

describe('daylightShiftSlots', () => {
  it('adds an hour of slots from the switch on, none in January or without DST', () => {
    const grid = { stepSeconds: 300, origin: MARCH_2026 / 300, slots: 7 * 288 };
    const shift = daylightShiftSlots('Europe/Amsterdam', 60, grid);
    const switchSlot = (Date.UTC(2026, 2, 29, 1) / 1000 - MARCH_2026) / 300;
    expect([
      shift?.[0],
      shift?.[switchSlot - 1],
      shift?.[switchSlot],
      shift?.[grid.slots - 1],
    ]).toEqual([0, 0, 12, 12]);
    expect(daylightShiftSlots('Asia/Singapore', 480, grid)).toBeNull();
    const january = { ...grid, origin: Date.UTC(2026, 0, 12) / 1000 / 300 };
    expect(daylightShiftSlots('America/New_York', -300, january)).toBeNull();
  });
});

describe('generated daily cycles in summer', () => {
  /** UTC hour (0–23) at which the mean weekday load of office servers first passes half its range. */
  function rampHour(startEpochSeconds: number, site: string): number {
    const estate = generateEstate({ servers: 120, seed: 5, weeks: 2, startEpochSeconds });
    const series = seriesByAsset(estate);
    const office = estate.assets.filter(
      (a: Asset) =>
        a.site === site &&
        a.custom['service_hours'] === 'business-hours' &&
        a.custom['archetype'] === 'interactive',
    );
    expect(office.length).toBeGreaterThan(5);
    const byHour = new Float64Array(24);
    for (const a of office) {
      const cpu = series.get(a.id)?.cpu;
      if (cpu === undefined) throw new Error(a.id);
      cpu.values.forEach((v, i) => {
        const utc = (cpu.start + i) * cpu.stepSeconds;
        const weekday = (Math.floor(utc / 86400) + 3) % 7;
        const hour = Math.floor(utc / 3600) % 24;
        if (weekday < 5) byHour[hour] = (byHour[hour] ?? 0) + v / (a.capacity.cpuMhz ?? 1);
      });
    }
    const low = Math.min(...byHour);
    const high = Math.max(...byHour);
    return byHour.findIndex((v) => v >= (low + high) / 2);
  }

  it('starts the working day an hour earlier in UTC where the users keep summer time', () => {
    const january = Date.UTC(2026, 0, 12) / 1000;
    expect(rampHour(january, 'ams1') - rampHour(JULY_2026, 'ams1')).toBe(1);
  });
});
