import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { renderReport } from './render-report';
import { buildReportFixture } from './report.fixture';
import { withV3Fields } from './report-v3.fixture';

// Loads reports in the system's headless Chromium (CI installs it with apt).
jest.setTimeout(120_000);

describe('the report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
  });
  afterAll(async () => {
    await browser.close();
  });

  /** Opens `html` with every network request blocked; returns the page and the URLs tried. */
  async function open(html: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    await page.route('**/*', async (route) => {
      requested.push(route.request().url());
      await route.abort();
    });
    await page.setContent(html, { waitUntil: 'domcontentloaded' });
    return { page, requested };
  }

  it('puts the decision first and asks nothing of the network', async () => {
    const fixture = buildReportFixture({ hosts: 6, vmsPerHost: 8, slots: 2016, peakBasedHosts: 8 });
    const { page, requested } = await open(
      renderReport({ plan: withV3Fields(fixture.plan), demand: fixture.demand }),
    );
    expect(await page.locator('section h2').first().textContent()).toBe('Decision');
    expect(await page.locator('#decision .lead').textContent()).toContain('keep 1 existing host');
    const shot = join(mkdtempSync(join(tmpdir(), 'vplan-report-')), 'report.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(shot).length).toBeGreaterThan(10_000);
    expect(requested).toEqual([]);
    await page.close();
  });

  it('loads a 10,000-VM report', async () => {
    const fixture = buildReportFixture({
      hosts: 250,
      vmsPerHost: 40,
      slots: 8640,
      patterns: 60,
      peakBasedHosts: 320,
    });
    const html = renderReport({ plan: withV3Fields(fixture.plan), demand: fixture.demand });
    const { page, requested } = await open(html);
    expect(await page.locator('table.hosts tbody tr').count()).toBe(250);
    expect(await page.locator('article.host-card').count()).toBe(60);
    expect(requested).toEqual([]);
    await page.close();
  });
});
