import { planTimeAxis } from './plan-axis';
import { reasonGroups, renderUnplacedSection, withLocalTimes } from './unplaced-section';
import { buildReportFixture } from './report.fixture';

const FAX = 'rule periph (hard): has peripherals fax — remediation: Keep it physical';

describe('renderUnplacedSection', () => {
  const { plan } = buildReportFixture({
    hosts: 1,
    vmsPerHost: 2,
    slots: 288,
    start: '2024-06-03T00:00:00Z',
    unplaced: [
      ...Array.from({ length: 65 }, (_, i) => ({ asset: `fax-${i}`, reasons: [FAX] })),
      {
        asset: 'big-1',
        reasons: ["cpu peak of 900 MHz (slot 12) exceeds a host's usable 500 MHz"],
      },
      {
        asset: 'big-2',
        reasons: ["cpu peak of 700 MHz (slot 24) exceeds a host's usable 500 MHz", FAX],
      },
    ],
  });
  const axis = planTimeAxis(plan);
  const html = renderUnplacedSection(plan, axis);

  it('groups servers by rule, largest group first, with counts', () => {
    const groups = reasonGroups(plan, axis);
    expect(groups.map((g) => [g.title, g.servers.length])).toEqual([
      ['rule periph (hard)', 66],
      ["cpu peak of … MHz exceeds a host's usable … MHz", 2],
    ]);
    expect(groups[0]?.remediation).toBe('Keep it physical');
  });

  it('states a shared sentence once and folds the server list', () => {
    expect(html.split('has peripherals fax').length - 1).toBe(1);
    expect(html.split('Keep it physical').length - 1).toBe(1);
    expect(html).toContain('<summary>rule periph (hard) · 66 servers</summary>');
    expect(html).toContain('<span class="asset">fax-64</span>');
  });

  it('shows the local time of a slot instead of its number', () => {
    expect(html).not.toMatch(/slot \d/);
    expect(html).toContain(`(${axis.slotLabel(12)})`);
    expect(withLocalTimes('peak (slot 24)', axis)).toBe(`peak (${axis.slotLabel(24)})`);
    expect(withLocalTimes('over it in 3 slots', axis)).toBe('over it in 3 slots');
  });
});
