import { renderReport } from './render-report';
import { buildReportFixture, buildReportFixtureV2 } from './report.fixture';

const count = (html: string, pattern: RegExp): number => (html.match(pattern) ?? []).length;
/** The HTML of one top-level section. */
const section = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start));
};

describe('renderReport on a schema-v2 plan', () => {
  const fixture = buildReportFixtureV2({
    hosts: 4,
    vmsPerHost: 10,
    slots: 2016,
    percentile: 99,
    allowedExceedanceSlots: 20,
    warnings: [
      'no failover reserve: the loss of a host leaves its VMs nowhere to go',
      '7 asset(s) were measured for less than 50 % of the planned period',
    ],
  });
  const html = renderReport(fixture);

  it('renders complete figures and lists the new sections in the contents', () => {
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    for (const id of ['sizing', 'failover', 'coverage']) {
      expect(html).toContain(`<a href="#${id}">`);
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('<h2>Sizing policy</h2>');
    expect(html).toContain('<h2>Sizing basis and data coverage</h2>');
  });

  it('lists the warnings under "Before you sign" before the key figures', () => {
    const summary = section(html, 'summary');
    const box = summary.indexOf('<h3>Before you sign</h3>');
    expect(box).toBeGreaterThan(0);
    expect(box).toBeLessThan(summary.indexOf('<div class="cards">'));
    expect(summary).toContain(
      '<li>No failover reserve: the loss of a host leaves its VMs nowhere to go</li>' +
        '<li>7 asset(s) were measured for less than 50 % of the planned period</li>',
    );
  });

  it('states confidence, failover, assumed sizes, low coverage and the percentile risk', () => {
    const summary = section(html, 'summary');
    expect(summary).toContain('Confidence in the demand data: <strong>medium</strong> (62%).');
    expect(summary).toContain(
      '<div class="label">Failover reserve</div><div class="value">1 host</div>',
    );
    expect(summary).toContain('The plan survives the loss of any <strong>1 host</strong>');
    expect(summary).toContain('<strong>5 servers</strong> were sized by allocation × 60%');
    expect(summary).toContain(
      '<strong>7 servers</strong> were measured for less than 50% of the period',
    );
    expect(summary).toContain(
      'hosts may exceed usable capacity in up to <strong>20 slots</strong> (0.99%) of 2,016.',
    );
    expect(summary).toContain(
      '1 host does, in 3 slots at most, peaking at 104.0% of usable capacity',
    );
  });

  it('says in plain words and units which policy the plan was sized under', () => {
    const sizing = section(html, 'sizing');
    expect(sizing).toContain(
      'at the 99th percentile: a host may exceed its usable capacity in up to 20 slots (0.99%)',
    );
    expect(sizing).toContain('filled with the last measured value (gaps: hold)');
    expect(sizing).toContain('less than 50% of the period are flagged as low coverage');
    expect(sizing).toContain('allocation × 60%');
    expect(sizing).toContain('CPU 20% · Memory 10% of each host kept free');
    expect(sizing).toContain(
      'vCPUs ≤ 96 (24 cores × 4) · configured memory ≤ 1,024 GiB (× 1.0) · VMs ≤ 40',
    );
    expect(sizing).toContain('+10% a year over 12 months: demand × 1.100');
    expect(sizing).toContain('the plan survives the loss of any 1 host');
  });

  it('names the CPU ratings: target, top source models with counts, unrated, table', () => {
    const sizing = section(html, 'sizing');
    expect(sizing).toContain(
      '<strong>Intel Xeon Gold 6338</strong>: 10.2 SPECrate2017_int_base per core, 5.10 per GHz',
    );
    expect(sizing).toContain(
      '<strong>35 servers</strong> normalized; <strong>5 servers</strong> with no rated CPU model',
    );
    expect(sizing).toContain('Rating table spec2017-2024.2 (SPEC CPU2017 published results).');
    expect(sizing).toContain(
      '<td>Xeon E5-2600</td><td class="num">4.0</td><td class="num">2.00</td>',
    );
    expect(sizing).not.toContain('Xeon E5-2610');
    expect(sizing).toContain('and 2 more CPU models (19 servers).');
  });

  it('shows each host\u2019s allocation against the limits, its exceedance and spare hosts', () => {
    const hosts = section(html, 'hosts');
    expect(hosts).toContain('Allocation (of limit)');
    expect(hosts).toContain('46 / 96 vCPUs<br>152 / 1,024 GiB<br>10 / 40 VMs');
    expect(hosts).toContain('3 slots (0.15%)<br>worst 104.0%');
    expect(hosts).toContain(
      'host-004</a> <span class="tag">spare</span><div class="muted note">added so that the plan survives 1 host failure(s)</div>',
    );
    expect(hosts).toContain('1 spare host (added for failover) is marked');
  });

  it('tabulates where the VMs of each failed host go', () => {
    const failover = section(html, 'failover');
    expect(failover).toContain('Method: redistribute');
    expect(failover).toContain('<strong>1 host</strong> was added for it');
    expect(count(failover, /<tr>/g)).toBe(5);
    expect(failover).toContain('host-002 (4), host-003 (3), host-004 (3)');
  });

  it('counts servers by sizing basis and lists the assumed and low-coverage ones', () => {
    const coverage = section(html, 'coverage');
    expect(coverage).toContain(
      '<td>measured</td><td>measured usage series</td><td class="num">35</td>',
    );
    expect(coverage).toContain('<td>assumed</td>');
    expect(coverage).toContain('<strong>4 servers</strong> had no vCPU count or configured memory');
    expect(coverage).toContain('<td>80%–100%</td><td class="num">28</td>');
    const low = coverage.slice(coverage.indexOf('Servers with low coverage'));
    expect(low.indexOf('vm-1-4')).toBeLessThan(low.indexOf('vm-1-9'));
    expect(low).toContain(
      '<td class="num">30%</td><td class="num">30%</td><td class="num">15%</td>',
    );
  });

  it('shades the data gaps on the demand chart, stronger where less was measured', () => {
    const demand = section(html, 'demand');
    expect(demand).toContain('data gap (filled by the last measured value)');
    expect(demand).toContain('15 slots, 0.74% of the time axis');
    const opacities = [...demand.matchAll(/fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    // Two bands (half measured, nothing measured) on each of the two charts.
    expect(opacities).toEqual([0.26, 0.5, 0.26, 0.5]);
    expect(demand).toContain('up to 100% of the measured series had no sample');
    expect(section(html, 'host-workloads')).toContain('data gap in the estate');
  });

  it('draws no gap without the measured shares, and says so when nothing was measured', () => {
    const { measured: _unused, ...withoutGaps } = fixture;
    const plain = renderReport(withoutGaps);
    expect(plain).not.toContain('fill-opacity');
    expect(plain).not.toContain('data gap');
    const none = renderReport({ ...fixture, measured: new Float32Array(2016) });
    expect(none).toContain('No usage was measured in the planned period');
    expect(none).not.toContain('fill-opacity');
  });

  it('dates the axis of a measured series sized below the 100th percentile, in the plan\u2019s zone', () => {
    expect(html).toContain('>Time (Europe/Amsterdam)</text>');
    expect(html).not.toContain('Hour of the week');
    const { timeZone: _zone, ...utc } = fixture.plan.input;
    expect(renderReport({ ...fixture, plan: { ...fixture.plan, input: utc } })).toContain(
      '>Time (UTC)</text>',
    );
  });

  it('labels a weekly-profile plan by weekday even at the 100th percentile', () => {
    const base = buildReportFixtureV2({ hosts: 1, vmsPerHost: 2, slots: 168, stepSeconds: 3600 });
    const sizing = base.plan.sizing && { ...base.plan.sizing, profile: 'weekly' as const };
    const weekly = renderReport({ ...base, plan: { ...base.plan, sizing } });
    expect(weekly).toMatch(/>Hour of the week \(Europe\/Amsterdam[^<]*<\/text>/);
    expect(weekly).toContain('weekly profile: each server');
  });

  it('says there is no failover reserve when the plan has none', () => {
    const bare = renderReport(
      buildReportFixtureV2({ hosts: 2, vmsPerHost: 3, slots: 48, failover: 0 }),
    );
    expect(bare).not.toContain('<section id="failover">');
    expect(bare).toContain('<strong>No failover reserve</strong>: if a host fails');
    expect(bare).toContain(
      '<div class="value">none</div><div class="note">no failover reserve</div>',
    );
    expect(bare).toContain('no failover reserve: a failed host’s VMs have nowhere to go');
  });

  it('escapes warnings, CPU models, host notes and the scenario', () => {
    const evil = '<script>alert(1)</script>';
    const base = buildReportFixtureV2({ hosts: 2, vmsPerHost: 2, slots: 48, warnings: [evil] });
    const plan = {
      ...base.plan,
      input: { ...base.plan.input, scenario: evil },
      hosts: base.plan.hosts.map((h) => ({ ...h, note: evil })),
      sizing: base.plan.sizing && {
        ...base.plan.sizing,
        cpu: { ...base.plan.sizing.cpu, table: { version: evil, source: evil } },
      },
    };
    const out = renderReport({ ...base, plan });
    expect(out).not.toContain('<script>alert');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('produces the same bytes for the same input', () => {
    expect(renderReport(fixture)).toBe(html);
  });
});

describe('renderReport on a plan upgraded from schema v1', () => {
  const html = renderReport(buildReportFixture({ hosts: 2, vmsPerHost: 3, slots: 288 }));

  it('renders without the v2 figures and says what it lacks', () => {
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(html).not.toContain('Before you sign');
    expect(html).not.toContain('<section id="failover">');
    expect(html).not.toContain('Allocation (of limit)');
    expect(html).toContain('it records no sizing policy');
    expect(section(html, 'sizing')).toContain('does not record its sizing policy');
    expect(section(html, 'coverage')).toContain('does not record what each server was sized from');
  });
});

describe('renderReport on 10,000 servers', () => {
  const fixture = buildReportFixtureV2({
    hosts: 100,
    vmsPerHost: 100,
    slots: 48,
    patterns: 30,
    assumedEvery: 3,
    lowCoverageEvery: 2,
  });
  const html = renderReport(fixture);

  it('caps the asset and failover tables and counts the rest', () => {
    const coverage = section(html, 'coverage');
    expect(count(coverage, /<span class="asset">/g)).toBe(100);
    expect(coverage).toContain('The first 50 of 3,334 are listed; 3,284 more are in plan.json.');
    const failover = section(html, 'failover');
    expect(count(failover, /<tr>/g)).toBe(51);
    expect(failover).toContain('The first 50 of 100 failure scenarios are listed');
    expect(failover).toContain('+93 more hosts');
  });

  it('stays small', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(3 * 1024 * 1024);
  });
});
