import type { CompatibilityClass, CompatibilityReport } from '@vplan/rules';
import { formatNumber, formatPercent } from './format';
import { renderHeatGrid, scoreLookup } from './heat-map-grid';
import { classLabel, renderClassGroups } from './heat-map-groups';
import { orderClasses } from './heat-map-order';
import { countClassPairs, scoreScaleLegend } from './heat-map-scale';
import {
  renderBlockers,
  renderClassesTable,
  renderGroupRules,
  renderWarnings,
} from './heat-map-tables';
import { escapeHtml } from './html';
import { renderPage, type PageSection } from './page';

/** Classes drawn in the heat map by default: the largest ones. */
export const MAX_HEAT_MAP_CLASSES = 60;
/** Blocked assets listed by default (the rest are counted). */
export const MAX_LISTED_BLOCKERS = 200;
/** Rules listed in one cell's hover by default. */
export const MAX_RULES_PER_CELL = 8;
/** Title of the standalone page. */
export const COMPATIBILITY_PAGE_TITLE = 'vplan compatibility analysis';

/** Options of {@link renderCompatibilitySection}; every field is optional. */
export interface CompatibilitySectionOptions {
  /** Largest classes drawn in the heat map and listed. Default MAX_HEAT_MAP_CLASSES (60). */
  readonly maxClasses?: number;
  /** Blocked assets listed, in report order. Default MAX_LISTED_BLOCKERS (200). */
  readonly maxBlockers?: number;
  /** Firing rules listed in a cell's hover. Default MAX_RULES_PER_CELL (8). */
  readonly maxRulesPerCell?: number;
  /** Section id. Default `compatibility`. */
  readonly id?: string;
  /** Section title (plain text). Default `Compatibility`. */
  readonly title?: string;
}

/** A section ready for `renderReport`'s `extraSections`: `html` is rendered and escaped. */
export interface RenderedSection {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

interface Parts {
  readonly overview: string;
  readonly heatMap: string;
  readonly groups: string;
  readonly classes: string;
  readonly blockers: string;
  readonly groupRules: string;
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

/** The `max` largest classes; ties keep report order. Deterministic. */
export function largestClasses(
  classes: readonly CompatibilityClass[],
  max: number,
): CompatibilityClass[] {
  return classes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => y.c.size - x.c.size || x.i - y.i)
    .slice(0, Math.max(0, max))
    .map(({ c }) => c);
}

function renderParts(report: CompatibilityReport, options: CompatibilitySectionOptions): Parts {
  const maxClasses = options.maxClasses ?? MAX_HEAT_MAP_CLASSES;
  const shown = largestClasses(report.classes, maxClasses);
  const counts = countClassPairs(report);
  // Long figures (a million pairs) get a smaller font so they stay inside their card.
  const card = (label: string, value: string, note = ''): string =>
    `<div class="card"><div class="label">${label}</div>` +
    `<div class="value"${value.length > 7 ? ' style="font-size:22px"' : ''}>${value}</div>` +
    `<div class="note">${note}</div></div>`;
  const pairs = report.scores.length;
  const share = (n: number): string => (pairs > 0 ? `${formatPercent(n / pairs)} of pairs` : '');
  const overview = [
    `<p class="lead">${plural(report.assets, 'asset')} fall into ` +
      `<strong>${plural(report.classes.length, 'compatibility class', 'compatibility classes')}</strong> ` +
      `under the rule set <strong>${escapeHtml(report.ruleSet)}</strong>; ` +
      `${plural(report.blockers.length, 'asset')} ${report.blockers.length === 1 ? 'is' : 'are'} blocked.</p>`,
    '<div class="cards">',
    card('Assets', formatNumber(report.assets)),
    card('Classes', formatNumber(report.classes.length), 'assets every rule treats alike'),
    card('Forbidden pairs', formatNumber(counts.forbidden), share(counts.forbidden)),
    card('Penalised pairs', formatNumber(counts.penalised), share(counts.penalised)),
    card('Free pairs', formatNumber(counts.free), share(counts.free)),
    card('Blocked assets', formatNumber(report.blockers.length), 'not virtualizable or no target'),
    '</div>',
  ].join('');

  let heatMap: string;
  let attributes: readonly string[] = [];
  if (shown.length === 0) {
    heatMap = '<p>No classes to draw: the inventory has no assets.</p>';
  } else {
    const left = report.classes.length - shown.length;
    const covered = shown.reduce((sum, c) => sum + c.size, 0);
    const note =
      left > 0
        ? `<p>Showing the ${formatNumber(shown.length)} largest of ${formatNumber(report.classes.length)} classes ` +
          `(${formatNumber(covered)} of ${plural(report.assets, 'asset')}); ` +
          `<strong>${plural(left, 'smaller class', 'smaller classes')}</strong> with ` +
          `${plural(report.assets - covered, 'asset')} ${left === 1 ? 'is' : 'are'} left out.</p>`
        : '';
    const lookup = scoreLookup(report.scores, shown);
    const order = orderClasses(shown, lookup);
    attributes = order.attributes;
    const grouped =
      order.attributes.length === 0
        ? 'largest first'
        : `grouped by ${order.attributes.map(escapeHtml).join(', then ')}, then largest first`;
    heatMap = [
      '<p>Each cell is a pair of classes, coloured by how freely their members may share a host: ' +
        '100 = no rule fires, 0 = a hard rule forbids it, in between = soft rules cost that many ' +
        `points. Rows and columns are the same classes, ${grouped} (label: class · assets). ` +
        'Hover a label for its attribute values and a cell for the rules that fire.</p>',
      note,
      scoreScaleLegend(),
      `<figure>${renderHeatGrid(order.classes, lookup, {
        maxRulesPerCell: options.maxRulesPerCell ?? MAX_RULES_PER_CELL,
        label: (c) => classLabel(c, order.attributes),
      })}</figure>`,
    ]
      .filter((p) => p !== '')
      .join('\n');
  }
  return {
    overview,
    heatMap,
    groups: renderClassGroups(report, attributes, options.maxRulesPerCell ?? MAX_RULES_PER_CELL),
    classes: renderClassesTable(shown, report),
    blockers: [
      renderBlockers(report, options.maxBlockers ?? MAX_LISTED_BLOCKERS),
      renderWarnings(report, options.maxBlockers ?? MAX_LISTED_BLOCKERS),
    ]
      .filter((part) => part !== '')
      .join('\n'),
    groupRules: renderGroupRules(report),
  };
}

/**
 * The compatibility analysis as one report section (for `renderReport`'s
 * `extraSections`): key figures, the classes × classes heat map of the largest classes
 * (with colour legend and hovers), their signatures, the blocked assets and the group
 * rules. Every text from the report is escaped; the output depends only on the input.
 */
export function renderCompatibilitySection(
  report: CompatibilityReport,
  options: CompatibilitySectionOptions = {},
): RenderedSection {
  const p = renderParts(report, options);
  const html = [
    p.overview,
    '<h3>Heat map of class pairs</h3>',
    p.heatMap,
    ...(p.groups === '' ? [] : ['<h3>Every class, by group</h3>', p.groups]),
    '<details><summary>Classes drawn and their signatures</summary>',
    p.classes,
    '</details>',
    '<h3>Blocked assets</h3>',
    p.blockers,
    '<h3>Group rules</h3>',
    p.groupRules,
  ].join('\n');
  return { id: options.id ?? 'compatibility', title: options.title ?? 'Compatibility', html };
}

/**
 * A standalone, self-contained HTML page of the compatibility analysis (inline CSS and
 * SVG, no network): overview, heat map, classes, blocked assets and group rules, each a
 * section of the table of contents.
 */
export function renderCompatibilityPage(
  report: CompatibilityReport,
  options: Omit<CompatibilitySectionOptions, 'id' | 'title'> = {},
): string {
  const p = renderParts(report, options);
  const sections: PageSection[] = [
    { id: 'overview', title: 'Overview', html: p.overview },
    { id: 'heat-map', title: 'Heat map of class pairs', html: p.heatMap },
    ...(p.groups === ''
      ? []
      : [{ id: 'class-groups', title: 'Every class, by group', html: p.groups }]),
    { id: 'classes', title: 'Classes', html: p.classes },
    { id: 'blockers', title: 'Blocked assets', html: p.blockers },
    { id: 'group-rules', title: 'Group rules', html: p.groupRules },
  ];
  const subtitle =
    `${plural(report.assets, 'asset')} · rule set ${escapeHtml(report.ruleSet)} · ` +
    `${plural(report.classes.length, 'class', 'classes')}`;
  return renderPage({ title: COMPATIBILITY_PAGE_TITLE, subtitle, sections });
}
