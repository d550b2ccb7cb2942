import { MAX_CHARTED_HOSTS, renderReport } from './render-report';
import { buildReportFixture } from './report.fixture';
import { withV3Fields } from './report-v3.fixture';

describe('renderReport on a large estate', () => {
  // 500 hosts × 20 VMs × 8,640 five-minute slots; VMs share 60 demand patterns so that
  // building the input stays cheap.
  const { plan, demand } = buildReportFixture({
    hosts: 500,
    vmsPerHost: 20,
    slots: 8640,
    patterns: 60,
    peakBasedHosts: 640,
  });
  const html = renderReport({ plan, demand });

  it('stays under 15 MB', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(15 * 1024 * 1024);
  });

  it('charts the first 60 hosts and tabulates all of them', () => {
    expect(MAX_CHARTED_HOSTS).toBe(60);
    expect((html.match(/<article class="host-card"/g) ?? []).length).toBe(60);
    expect(html).toContain('id="host-card-60"');
    expect(html).not.toContain('id="host-card-61"');
    const table = html.slice(html.indexOf('<table class="hosts">'));
    expect((table.slice(0, table.indexOf('</table>')).match(/<tr>/g) ?? []).length).toBe(501);
    expect(html).toContain('Charts cover the first 60 of 500 hosts');
  });

  it('draws at most 400 points per chart line', () => {
    const paths = html.match(/<path [^>]*d="[^"]*"/g) ?? [];
    expect(paths.length).toBeGreaterThan(0);
    // Each path: baseline start, left edge, the points, right edge, baseline end.
    const points = paths.map((p) => p.split(' ').length - 2 - 4);
    expect(Math.max(...points)).toBeLessThanOrEqual(400);
  });
});

describe('renderReport of a 10,000-VM plan', () => {
  // 250 hosts × 40 VMs × 8,640 slots with the v3 fields (models, economics, today).
  const { plan, demand } = buildReportFixture({
    hosts: 250,
    vmsPerHost: 40,
    slots: 8640,
    patterns: 60,
    peakBasedHosts: 320,
  });
  const html = renderReport({ plan: withV3Fields(plan), demand });

  it('stays under 5 MB', () => {
    expect(plan.summary.assets).toBe(10_000);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(5 * 1024 * 1024);
  });
});
