import type { CompatibilityReport } from '@vplan/rules';
import {
  COMPATIBILITY_PAGE_TITLE,
  largestClasses,
  renderCompatibilityPage,
  renderCompatibilitySection,
} from './heat-map-section';
import {
  countClassPairs,
  FORBIDDEN_COLOR,
  FREE_COLOR,
  scoreBand,
  scoreColor,
} from './heat-map-scale';
import { buildCompatibilityFixture } from './heat-map.fixture';
import { scoreLookup } from './heat-map-grid';
import { orderClasses } from './heat-map-order';
import { renderReport } from './render-report';
import { buildReportFixture } from './report.fixture';

const count = (html: string, pattern: RegExp): number => (html.match(pattern) ?? []).length;
const externalUrls = (html: string): string[] =>
  html.replace(/xmlns(:\w+)?="[^"]*"/g, '').match(/https?:\/\/[^\s"'<>]*/g) ?? [];
/** The main heat map: what comes before the groups of every class. */
const mainMap = (html: string): string =>
  html.slice(0, html.indexOf('<h3>Every class, by group</h3>'));
/** Cells of the main heat map: rects with a hover, i.e. every rect but the frame. */
const cells = (html: string): number =>
  count(mainMap(html), /<rect [^>]*fill="#[0-9A-F]{6}"><title>/g);

describe('scoreColor', () => {
  it('gives forbidden, free and penalised scores distinct colours, darker as the score falls', () => {
    expect(scoreColor(0)).toBe(FORBIDDEN_COLOR);
    expect(scoreColor(100)).toBe(FREE_COLOR);
    const lightness = (hex: string): number =>
      [1, 3, 5].reduce((sum, i) => sum + parseInt(hex.slice(i, i + 2), 16), 0);
    const ramp = [99, 80, 60, 40, 20, 1].map((s) => lightness(scoreColor(s)));
    for (let i = 1; i < ramp.length; i++) expect(ramp[i]).toBeLessThan(ramp[i - 1] as number);
    expect(lightness(FORBIDDEN_COLOR)).toBeLessThan(ramp[ramp.length - 1] as number);
    expect(scoreColor(Number.NaN)).toBe('#FFFFFF');
  });

  it('names the bands at their edges', () => {
    expect([0, 1, 99, 100].map(scoreBand)).toEqual(['forbidden', 'penalised', 'penalised', 'free']);
  });
});

describe('renderCompatibilitySection', () => {
  const report = buildCompatibilityFixture({ classes: 8, blockers: 5 });
  const section = renderCompatibilitySection(report);

  it('is ready for renderReport: id, title and rendered HTML', () => {
    expect(section.id).toBe('compatibility');
    expect(section.title).toBe('Compatibility');
    const fixture = buildReportFixture({ hosts: 2, vmsPerHost: 3, slots: 288 });
    const html = renderReport({ ...fixture, extraSections: [section] });
    expect(html).toContain('<section id="x-compatibility">');
    expect(html).toContain('<a href="#x-compatibility">Compatibility</a>');
    expect(html).toContain('Heat map of class pairs');
  });

  it('draws one cell per ordered class pair with the rules that fire in its hover', () => {
    expect(cells(section.html)).toBe(64);
    expect(section.html).toContain(
      '<title>C1 × C2: 0, forbidden\nC1: 2,000 assets · C2: 1,000 assets\n' +
        'env-separation (hard): environment prod ≠ test\n' +
        'os-affinity (soft, −20): os_family linux ≠ windows</title>',
    );
    expect(section.html).toContain(
      '<title>C1 with itself: 100, free\nC1: 2,000 assets\nno rule fires</title>',
    );
    expect(section.html).toContain(`fill="${FORBIDDEN_COLOR}"`);
    expect(section.html).toContain(`fill="${FREE_COLOR}"`);
  });

  it('labels classes with their size and their signature on hover', () => {
    expect(mainMap(section.html)).toContain('>prod · vlan 10,20 · 2,000<');
    expect(section.html).toContain(
      '<title>C1: 2,000 assets\nenvironment = prod\nos_family = linux\nvlans = 10;20</title>',
    );
  });

  it('counts the class pairs by band and states them', () => {
    const counts = countClassPairs(report);
    expect(counts.forbidden + counts.penalised + counts.free).toBe(report.scores.length);
    expect(report.scores.length).toBe(36);
    expect(section.html).toContain(`<div class="value">${counts.forbidden}</div>`);
    expect(section.html).toContain('<strong>8 compatibility classes</strong>');
  });

  it('lists blocked assets with rules and remediation, and the group rules', () => {
    expect(section.html).toContain(
      '<span class="asset" style="white-space:nowrap">legacy-1</span>',
    );
    expect(section.html).toContain('<code>no-fax</code>');
    expect(section.html).toContain('replace the fax board by a fax server');
    expect(section.html).toMatch(
      /<code>anti-affinity<\/code><\/td><td class="num">12<\/td><td class="num">30</,
    );
  });
});

describe('renderCompatibilitySection caps', () => {
  const report = buildCompatibilityFixture({ classes: 150, blockers: 420 });
  const section = renderCompatibilitySection(report);

  it('draws the 60 largest classes and says how many were left out', () => {
    expect(cells(section.html)).toBe(60 * 60);
    expect(mainMap(section.html)).toContain('<title>C60: 33 assets');
    expect(mainMap(section.html)).not.toContain('<title>C61: ');
    expect(section.html).toContain('<strong>90 smaller classes</strong>');
  });

  it('groups every class by the attribute that splits them, each reachable', () => {
    const groups = section.html.slice(section.html.indexOf('<h3>Every class, by group</h3>'));
    expect(count(groups, /<details class="class-group">/g)).toBeGreaterThan(1);
    for (const c of report.classes) {
      expect(groups).toContain(`<li title="${c.id}: `);
    }
    expect(groups).toMatch(/<summary>environment = prod · \d+ classes · [\d,]+ assets<\/summary>/);
  });

  it('lists 200 blocked assets and counts the rest', () => {
    expect(count(section.html, /<span class="asset" style="white-space:nowrap">legacy-/g)).toBe(
      200,
    );
    expect(section.html).toContain('220 more blocked assets not listed');
    expect(section.html).toMatch(
      /<code>no-os-support<\/code><\/td><td>hard<\/td><td class="num">280</,
    );
  });

  it('honours smaller caps and lists at most maxRulesPerCell rules per cell', () => {
    const small = renderCompatibilitySection(report, {
      maxClasses: 10,
      maxBlockers: 3,
      maxRulesPerCell: 1,
    });
    expect(cells(small.html)).toBe(100);
    expect(small.html).toContain('417 more blocked assets');
    expect(small.html).toContain('… and 1 more</title>');
  });

  it('picks the largest classes whatever their order in the report, ties in report order', () => {
    const shuffled = [...report.classes].reverse();
    expect(largestClasses(shuffled, 3).map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
    const tied = [
      { id: 'B', size: 2, signature: {}, members: [] },
      { id: 'A', size: 2, signature: {}, members: [] },
    ];
    expect(largestClasses(tied, 2).map((c) => c.id)).toEqual(['B', 'A']);
  });
});

describe('orderClasses', () => {
  it('groups classes by the attribute that decides most, so the map shows blocks', () => {
    const report = buildCompatibilityFixture({ classes: 12 });
    const order = orderClasses(report.classes, scoreLookup(report.scores, report.classes));
    expect(order.attributes[0]).toBe('environment');
    const environments = order.classes.map((c) => c.signature['environment']);
    expect(environments).toEqual([...environments].sort());
    expect(order.classes.slice(0, 3).map((c) => c.id)).toEqual(['C3', 'C7', 'C11']);
  });

  it('keeps size order when no attribute raises the score', () => {
    const report = buildCompatibilityFixture({ classes: 4 });
    const free = { ...report, scores: report.scores.map((s) => ({ ...s, score: 100, hits: [] })) };
    const order = orderClasses(free.classes, scoreLookup(free.scores, free.classes));
    expect(order.attributes).toEqual([]);
    expect(order.classes.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4']);
  });
});

describe('renderCompatibilitySection warnings', () => {
  it('lists assets with soft candidate or fit hits apart from the blocked ones', () => {
    const report = {
      ...buildCompatibilityFixture({ classes: 2 }),
      warnings: [
        {
          asset: 'old-os-1',
          hits: [
            {
              ruleId: 'os-end-of-life',
              severity: 'soft' as const,
              penalty: 10,
              detail: 'os_version 2008 is out of support',
              remediation: 'upgrade during the move',
            },
          ],
        },
      ],
    };
    const html = renderCompatibilitySection(report).html;
    expect(html).toContain('No rule blocks any');
    expect(html).toContain('Assets with warnings');
    expect(html).toContain('<span class="asset" style="white-space:nowrap">old-os-1</span>');
    expect(html).toContain('upgrade during the move');
  });
});

describe('renderCompatibilityPage', () => {
  const hostile: CompatibilityReport = {
    ruleSet: '<script>alert(1)</script>.yaml',
    assets: 2,
    classes: [
      { id: 'C1', size: 1, signature: { 'env"<x>': '<b>prod</b> & "test"' }, members: ['a<1>'] },
      { id: 'C2', size: 1, signature: {}, members: ['b'] },
    ],
    scores: [
      { a: 'C1', b: 'C1', score: 100, hits: [] },
      {
        a: 'C1',
        b: 'C2',
        score: 40,
        hits: [
          {
            ruleId: "r'<img src=x onerror=alert(1)>",
            severity: 'soft',
            penalty: 60,
            detail: '</title><script>x</script>',
          },
        ],
      },
      { a: 'C2', b: 'C2', score: 100, hits: [] },
    ],
    blockers: [
      {
        asset: '<iframe>',
        hits: [
          {
            ruleId: 'r&1',
            severity: 'hard',
            penalty: 100,
            detail: 'd"q',
            remediation: '<u>fix</u>',
          },
        ],
      },
    ],
    groupRules: [{ ruleId: '<g>', groups: 1, assets: 2 }],
  };
  const html = renderCompatibilityPage(hostile);

  it('is one self-contained document with no network resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`<title>${COMPATIBILITY_PAGE_TITLE}</title>`);
    expect(externalUrls(html)).toEqual([]);
    expect(html).not.toMatch(/<link|<img|<iframe/);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('escapes every text that comes from the report', () => {
    expect(count(html, /<script>/g)).toBe(1); // the page's own print script
    expect(html).not.toContain('<b>prod</b>');
    expect(html).not.toContain('<u>fix</u>');
    expect(html).not.toContain('<g>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.yaml');
    expect(html).toContain('env&quot;&lt;x&gt; = &lt;b&gt;prod&lt;/b&gt; &amp; &quot;test&quot;');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('r&#39;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('has a section per part, listed in the contents', () => {
    for (const id of ['overview', 'heat-map', 'classes', 'blockers', 'group-rules']) {
      expect(html).toContain(`<section id="${id}">`);
      expect(html).toContain(`<a href="#${id}">`);
    }
  });

  it('gives the same bytes for the same report', () => {
    const report = buildCompatibilityFixture({ classes: 70, blockers: 30 });
    expect(renderCompatibilityPage(report)).toBe(renderCompatibilityPage(report));
    expect(renderCompatibilityPage(hostile)).toBe(html);
  });

  it('says so when the inventory is empty or nothing is blocked', () => {
    const empty = renderCompatibilityPage({
      ruleSet: 'r.yaml',
      assets: 0,
      classes: [],
      scores: [],
      blockers: [],
      groupRules: [],
    });
    expect(empty).toContain('No classes to draw');
    expect(empty).toContain('No rule blocks any of the 0 assets');
    expect(empty).toContain('no group rules');
    expect(empty).not.toMatch(/NaN|undefined|Infinity/);
  });
});
