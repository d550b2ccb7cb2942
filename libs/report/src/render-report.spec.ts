import { renderReport } from './render-report';
import { buildReportFixture } from './report.fixture';

const count = (html: string, pattern: RegExp): number => (html.match(pattern) ?? []).length;

/** URLs anywhere but in SVG namespace declarations (which load nothing). */
const externalUrls = (html: string): string[] =>
  html.replace(/xmlns(:\w+)?="[^"]*"/g, '').match(/https?:\/\/[^\s"'<>]*/g) ?? [];

describe('renderReport', () => {
  const fixture = buildReportFixture({
    hosts: 4,
    vmsPerHost: 10,
    slots: 2016,
    peakBasedHosts: 7,
    unplaced: [
      { asset: 'fax-01', reasons: ['has a fax board that cannot be virtualized'] },
      { asset: 'big-db', reasons: ['needs more memory than one host offers', 'has a USB dongle'] },
    ],
  });
  const html = renderReport(fixture);

  it('renders one complete HTML document with the default title', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>vplan consolidation plan</title>');
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('states the summary figures in plain words', () => {
    expect(html).toContain(
      '<strong>4 hosts</strong> for <strong>40</strong> of <strong>42 servers</strong> (2 could not be placed); ' +
        'sizing each server at its own peak would need <strong>7</strong>.',
    );
    expect(html).toContain('this plan saves <strong>3 hosts</strong> (43% of 7)');
    expect(html).toContain('<strong>3 hosts</strong> (the lower bound, set by CPU)');
    expect(html).toContain('CPU is the limiting resource');
    expect(html).toContain('10.0 : 1');
    expect(html).toContain('std-2s-1t');
    expect(html).toContain('80,000 MHz');
    expect(html).toContain('921.6 GiB');
    expect(html).toContain('every slot must fit (100th percentile)');
  });

  it('omits the peak-based comparison when the plan has none', () => {
    const plain = renderReport(buildReportFixture({ hosts: 2, vmsPerHost: 3, slots: 288 }));
    expect(plain).toContain('<strong>2 hosts</strong> instead of <strong>6 servers</strong>.');
    expect(plain).not.toContain('Peak-based sizing');
    expect(plain).not.toContain('own peak');
  });

  it('names large servers that coincide as the basis of the lower bound', () => {
    const base = buildReportFixture({ hosts: 2, vmsPerHost: 3, slots: 288 });
    const plan = {
      ...base.plan,
      summary: { ...base.plan.summary, lowerBoundBasis: 'large-items' as const },
    };
    expect(renderReport({ ...base, plan })).toContain(
      'set by servers larger than half a host at the same moment (CPU)',
    );
  });

  it('states what the constraint rules cost', () => {
    const base = buildReportFixture({ hosts: 2, vmsPerHost: 3, slots: 288 });
    const rules = {
      ruleSet: 'rules/default.yaml',
      hostsWithoutRules: 1,
      extraHosts: 1,
      softPenalty: 40,
      blocked: 2,
    };
    const plan = { ...base.plan, summary: { ...base.plan.summary, rules } };
    const html = renderReport({ ...base, plan });
    expect(html).toContain(
      'The constraint rules (rules/default.yaml) cost <strong>1 extra host</strong>',
    );
    expect(html).toContain('keep <strong>2 servers</strong> from being virtualized');
    expect(html).toContain('a penalty of 40');
    expect(html).not.toContain('Soft penalty');
    const withPenalty = {
      ...plan,
      hosts: plan.hosts.map((h, i) => ({ ...h, penalty: i === 0 ? 40 : 0 })),
    };
    expect(renderReport({ ...base, plan: withPenalty })).toContain('Soft penalty');
  });

  it('draws the estate demand chart once per planned resource', () => {
    const demand = html.slice(
      html.indexOf('<section id="demand">'),
      html.indexOf('<section id="unplaced">'),
    );
    expect(count(demand, /<svg class="chart"/g)).toBe(2);
    expect(demand).toContain('4 hosts (plan)');
  });

  it('draws one chart card per host with a chart per resource', () => {
    expect(count(html, /<article class="host-card"/g)).toBe(4);
    const cards = html.slice(html.indexOf('<section id="host-workloads">'));
    expect(count(cards, /<svg class="chart"/g)).toBe(8);
    for (const host of fixture.plan.hosts) expect(cards).toContain(`<h3>${host.id} `);
  });

  it('lists unplaced servers with every reason', () => {
    expect(html).toContain('2 of 42 servers could not be placed');
    const unplaced = html.slice(
      html.indexOf('<section id="unplaced">'),
      html.indexOf('<section id="hosts">'),
    );
    for (const reason of [
      'has a fax board that cannot be virtualized',
      'needs more memory than one host offers',
      'has a USB dongle',
    ]) {
      expect(unplaced).toContain(`<summary>${reason} · 1 server</summary>`);
    }
    expect(count(unplaced, /<details class="reason-group">/g)).toBe(3);
  });

  it('says so when every server was placed', () => {
    const all = renderReport(buildReportFixture({ hosts: 1, vmsPerHost: 2, slots: 24 }));
    expect(all).toContain('All 2 servers were placed.');
  });

  it('loads nothing from the network', () => {
    expect(externalUrls(html)).toEqual([]);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it('escapes asset ids, reasons and titles', () => {
    const evil = `<script>alert("x")</script> & 'co'`;
    const { plan, demand } = buildReportFixture({
      hosts: 1,
      vmsPerHost: 2,
      slots: 48,
      assetId: (_, v) => (v === 0 ? evil : 'web 01'),
      unplaced: [{ asset: `<img src=x>`, reasons: [`needs <b>"more"</b>`] }],
    });
    const out = renderReport({ plan, demand, title: 'Plan <A&B>' });
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>"more"');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(out).toContain('&lt;img src=x&gt;');
    expect(out).toContain('needs &lt;b&gt;&quot;more&quot;&lt;/b&gt;');
    expect(out).toContain('<title>Plan &lt;A&amp;B&gt;</title>');
  });

  it('appends extra sections and links every section from the table of contents', () => {
    const out = renderReport({
      ...fixture,
      extraSections: [
        { id: 'compat', title: 'Compatibility <heat map>', html: '<p id="heat">cells</p>' },
        { id: 'summary', title: 'Another summary', html: '<p>again</p>' },
      ],
    });
    for (const id of [
      'summary',
      'demand',
      'unplaced',
      'hosts',
      'host-workloads',
      'x-compat',
      'x-summary',
    ]) {
      expect(out).toContain(`<a href="#${id}">`);
      expect(out).toContain(`<section id="${id}">`);
    }
    expect(out).toContain('<h2>Compatibility &lt;heat map&gt;</h2>\n<p id="heat">cells</p>');
    expect(out.indexOf('id="x-compat"')).toBeGreaterThan(out.indexOf('id="host-workloads"'));
  });

  it('labels an hour-of-week plan by weekday', () => {
    const weekly = renderReport(
      buildReportFixture({
        hosts: 1,
        vmsPerHost: 3,
        slots: 168,
        stepSeconds: 3600,
        percentile: 95,
      }),
    );
    expect(weekly).toContain('Hour of the week (UTC)');
    expect(weekly).toContain('>Wed</text>');
    expect(weekly).toContain('95th percentile of each hour of the week');
  });

  it('produces the same bytes for the same input', () => {
    expect(renderReport(fixture)).toBe(html);
  });

  it('charts servers with no demand data as zero and says so', () => {
    const { plan, demand } = buildReportFixture({ hosts: 1, vmsPerHost: 3, slots: 24 });
    demand.delete('vm-0-1');
    const out = renderReport({ plan, demand });
    expect(out).toContain('1 placed server had no demand data');
  });

  it('renders a plan that places nothing', () => {
    const { plan } = buildReportFixture({
      hosts: 0,
      vmsPerHost: 0,
      slots: 1,
      unplaced: [{ asset: 'only', reasons: ['too big for any host'] }],
    });
    const out = renderReport({ plan, demand: new Map() });
    expect(out).toContain(
      '<strong>0 hosts</strong> for <strong>0</strong> of <strong>1 server</strong>',
    );
    expect(out).toContain('The plan uses no hosts.');
    expect(out).toContain('too big for any host');
  });
});
