import type {
  ClassPairScore,
  CompatibilityClass,
  CompatibilityReport,
  RuleHit,
} from '@vplan/rules';
import { formatNumber } from './format';
import { classHover, renderHeatGrid, scoreLookup, type ScoreLookup } from './heat-map-grid';
import { escapeHtml } from './html';

/** Groups drawn in the aggregate grid at most (the rest are listed below it). */
export const MAX_AGGREGATE_GROUPS = 60;
/** Classes drawn in one group's grid at most (every class is listed in its group). */
export const MAX_GROUP_GRID_CLASSES = 24;
/** Distinct rules kept in the hover of an aggregate cell. */
const MAX_GROUP_HITS = 6;

const singular = (key: string): string => key.replace(/_/g, ' ').replace(/s$/, '');

/**
 * What a class is, in its telling attributes' order: `prod · pci · vlan 20`. A value that
 * is a number (or a list of numbers) is named by its attribute; empty values are left out.
 */
export function classLabel(c: CompatibilityClass, attributes: readonly string[]): string {
  const keys = attributes.length > 0 ? attributes : Object.keys(c.signature).sort();
  const parts = keys.flatMap((key) => {
    const value = c.signature[key] ?? '';
    if (value === '') return [];
    return [/^[\d;., -]+$/.test(value) ? `${singular(key)} ${value.replace(/;/g, ',')}` : value];
  });
  return parts.length > 0 ? parts.join(' · ') : c.id;
}

interface Group {
  readonly value: string;
  readonly classes: CompatibilityClass[];
  size: number;
}

/** Classes by their value of `attribute`, largest group first; classes largest first. */
function groupsOf(report: CompatibilityReport, attribute: string | undefined): Group[] {
  const byValue = new Map<string, Group>();
  for (const c of report.classes) {
    const value = attribute === undefined ? 'all classes' : c.signature[attribute] || '(none)';
    const group = byValue.get(value) ?? { value, classes: [], size: 0 };
    group.classes.push(c);
    group.size += c.size;
    byValue.set(value, group);
  }
  const groups = [...byValue.values()];
  for (const g of groups) g.classes.sort((a, b) => b.size - a.size);
  return groups.sort((a, b) => b.size - a.size || (a.value < b.value ? -1 : 1));
}

/** Worst score of each pair of groups over their class pairs, with the rules that fire there. */
function aggregateLookup(report: CompatibilityReport, groups: readonly Group[]): ScoreLookup {
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.classes.forEach((c) => groupOf.set(c.id, i)));
  const worst = new Map<string, { score: number; hits: Map<string, RuleHit> }>();
  for (const s of report.scores) {
    const i = groupOf.get(s.a);
    const j = groupOf.get(s.b);
    if (i === undefined || j === undefined) continue;
    const key = i <= j ? `${i}:${j}` : `${j}:${i}`;
    const entry = worst.get(key) ?? { score: 100, hits: new Map<string, RuleHit>() };
    entry.score = Math.min(entry.score, s.score);
    for (const h of s.hits) {
      if (entry.hits.size < MAX_GROUP_HITS && !entry.hits.has(h.ruleId))
        entry.hits.set(h.ruleId, h);
    }
    worst.set(key, entry);
  }
  const index = new Map(groups.map((g, i) => [groupId(g), i] as const));
  return (a, b): ClassPairScore | undefined => {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) return undefined;
    const entry = worst.get(i <= j ? `${i}:${j}` : `${j}:${i}`);
    return entry && { a, b, score: entry.score, hits: [...entry.hits.values()] };
  };
}

const groupId = (g: Group): string => g.value;

/**
 * Every class, reachable: a grid of groups of classes (by the attribute that splits the
 * scores most), each cell the worst pair between two groups, then one collapsible part
 * per group with its own grid (largest classes) and the list of all its classes, each
 * labelled by what it is and with its signature on hover.
 */
export function renderClassGroups(
  report: CompatibilityReport,
  attributes: readonly string[],
  maxRulesPerCell: number,
): string {
  if (report.classes.length === 0) return '';
  const attribute = attributes[0];
  const groups = groupsOf(report, attribute);
  const label = (c: CompatibilityClass): string => classLabel(c, attributes);
  const by = attribute === undefined ? 'one group' : `by ${escapeHtml(attribute)}`;
  const drawn = groups.slice(0, MAX_AGGREGATE_GROUPS);
  const pseudo = drawn.map((g) => ({
    id: groupId(g),
    size: g.size,
    signature: attribute === undefined ? {} : { [attribute]: g.value },
    members: [],
  }));
  const parts = [
    `<p>All ${formatNumber(report.classes.length)} classes, grouped ${by} ` +
      `(${formatNumber(groups.length)} groups). A cell is the worst pair between two groups; ` +
      'open a group for its classes.</p>',
    `<figure>${renderHeatGrid(pseudo, aggregateLookup(report, drawn), { maxRulesPerCell })}</figure>`,
  ];
  if (groups.length > drawn.length) {
    parts.push(
      `<p class="muted">The grid draws the ${formatNumber(drawn.length)} largest groups; every group is listed below.</p>`,
    );
  }
  // One lookup for every class drawn in some group's grid: one pass over the scores.
  const lookup = scoreLookup(
    report.scores,
    groups.flatMap((g) => g.classes.slice(0, MAX_GROUP_GRID_CLASSES)),
  );
  for (const g of groups) {
    const shown = g.classes.slice(0, MAX_GROUP_GRID_CLASSES);
    const items = g.classes.map(
      (c) =>
        `<li title="${escapeHtml(classHover(c))}"><span class="asset">${escapeHtml(c.id)}</span> ` +
        `${escapeHtml(label(c))} · ${formatNumber(c.size)}</li>`,
    );
    parts.push(
      `<details class="class-group"><summary>${attribute === undefined ? '' : `${escapeHtml(attribute)} = `}` +
        `${escapeHtml(g.value)} · ${formatNumber(g.classes.length)} classes · ${formatNumber(g.size)} assets</summary>` +
        (shown.length > 1
          ? `<figure>${renderHeatGrid(shown, lookup, { maxRulesPerCell, label })}</figure>`
          : '') +
        `<ul class="class-list">${items.join('')}</ul></details>`,
    );
  }
  return parts.join('\n');
}
