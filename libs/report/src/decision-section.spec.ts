import { modelDecisions, renderDecisionSection } from './decision-section';
import { AT_LIMIT_COLOR, OVER_CAPACITY_COLOR, utilizationColor } from './palette';
import { renderReport } from './render-report';
import { buildReportFixture } from './report.fixture';
import { withV3Fields } from './report-v3.fixture';

describe('renderDecisionSection', () => {
  const fixture = buildReportFixture({ hosts: 4, vmsPerHost: 5, slots: 288, peakBasedHosts: 6 });
  const plan = withV3Fields(fixture.plan);

  it('counts hosts to keep and to buy per model', () => {
    expect(modelDecisions(plan)).toEqual([
      { model: 'today-r640', keep: 1, buy: 0, costPerMonth: 140 },
      { model: plan.hostModel.name, keep: 0, buy: 3, costPerMonth: 1920 },
    ]);
  });

  it('states cost, energy, licensed cores and savings of a v3 plan', () => {
    const html = renderDecisionSection(plan);
    expect(html).toContain(
      'buy <strong>3 hosts</strong> and keep <strong>1 existing host</strong>',
    );
    expect(html).toContain('2,560 EUR');
    expect(html).toContain('30,720 EUR per year');
    expect(html).toContain('800 kWh');
    expect(html).toContain('>48<');
    expect(html).toContain('saves 4,321 EUR');
    expect(html).toContain('saves 1,280 EUR');
    expect(html).toContain('(12 today)');
  });

  it('leaves cost boxes out of a plan without economics', () => {
    const html = renderDecisionSection(fixture.plan);
    expect(html).toContain('buy <strong>4 hosts</strong>');
    expect(html).not.toContain('Cost per month');
    expect(html).not.toContain('Energy');
    expect(html).toContain('saves 2 hosts');
  });

  it('comes first in the report', () => {
    const html = renderReport({ plan, demand: fixture.demand });
    expect(html.indexOf('<section id="decision">')).toBeLessThan(
      html.indexOf('<section id="summary">'),
    );
    expect(html.match(/<section id="[^"]+">\n<h2>[^<]*<\/h2>/)?.[0]).toBe(
      '<section id="decision">\n<h2>Decision</h2>',
    );
  });

  it('labels each host with its model, kept host and class', () => {
    const html = renderReport({ plan, demand: fixture.demand });
    const table = html.slice(html.indexOf('<table class="hosts">'));
    expect(table).toContain('keeps esx-01');
    expect(table).toContain('prod · pci · vlan 20');
  });
});

describe('utilizationColor', () => {
  it('tells the usable limit from overload', () => {
    expect(utilizationColor(1)).toBe(AT_LIMIT_COLOR);
    expect(utilizationColor(0.996)).toBe(AT_LIMIT_COLOR);
    expect(utilizationColor(1.05)).toBe(OVER_CAPACITY_COLOR);
    expect(utilizationColor(0.9)).not.toBe(AT_LIMIT_COLOR);
    expect(utilizationColor(0.9)).not.toBe(OVER_CAPACITY_COLOR);
  });

  it('draws a host at the limit in the at-limit colour, with a legend', () => {
    const fixture = buildReportFixture({ hosts: 2, vmsPerHost: 2, slots: 24 });
    const html = renderReport({ ...fixture, plan: withV3Fields(fixture.plan) });
    expect(html).toContain(`fill="${AT_LIMIT_COLOR}"`);
    expect(html).toContain('100% at usable limit');
    expect(html).toContain('over usable (exceedance)');
  });
});
