import type { ClassPairScore, CompatibilityClass, RuleHit } from '@vplan/rules';
import { formatNumber } from './format';
import { escapeHtml } from './html';
import { scoreBand, scoreColor } from './heat-map-scale';

/** Label text is cut to this many characters (the full text is in the hover). */
const MAX_LABEL_CHARS = 16;
/** Signature attributes listed in a class label's hover. */
const MAX_SIGNATURE_LINES = 24;
const FONT_SIZE = 11;
/** Rough advance of one character at FONT_SIZE, px (labels are short; a guess is enough). */
const CHAR_WIDTH = 6.4;
/** The grid aims at this width, px, and keeps cells within [MIN_CELL, MAX_CELL]. */
const GRID_WIDTH = 860;
const MIN_CELL = 12;
const MAX_CELL = 36;

/** Score of an unordered class pair, looked up in either order. */
export type ScoreLookup = (a: string, b: string) => ClassPairScore | undefined;

/** Indexes the report's scores by unordered class pair, for the pairs of `classes` only. */
export function scoreLookup(
  scores: readonly ClassPairScore[],
  classes: readonly CompatibilityClass[],
): ScoreLookup {
  const wanted = new Set(classes.map((c) => c.id));
  const byPair = new Map<string, ClassPairScore>();
  for (const s of scores) {
    if (!wanted.has(s.a) || !wanted.has(s.b)) continue;
    byPair.set(`${s.a}\u0000${s.b}`, s);
    byPair.set(`${s.b}\u0000${s.a}`, s);
  }
  return (a, b) => byPair.get(`${a}\u0000${b}`);
}

const cut = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** `C1: 1,234 assets` then one `attribute = value` line per signature attribute. */
export function classHover(c: CompatibilityClass): string {
  const keys = Object.keys(c.signature).sort();
  const lines = [`${c.id}: ${formatNumber(c.size)} ${c.size === 1 ? 'asset' : 'assets'}`];
  for (const key of keys.slice(0, MAX_SIGNATURE_LINES)) {
    const value = c.signature[key] ?? '';
    lines.push(`${key} = ${value === '' ? '(none)' : value}`);
  }
  if (keys.length > MAX_SIGNATURE_LINES) {
    lines.push(`… and ${formatNumber(keys.length - MAX_SIGNATURE_LINES)} more attributes`);
  }
  return lines.join('\n');
}

/** `rule (hard): detail` or `rule (soft, −30): detail`. */
export function hitLine(hit: RuleHit): string {
  const weight = hit.severity === 'hard' ? 'hard' : `soft, −${formatNumber(hit.penalty)}`;
  return `${hit.ruleId} (${weight}): ${hit.detail}`;
}

/** The hover of one cell: the pair, its score and the rules that fire. */
export function cellHover(
  a: CompatibilityClass,
  b: CompatibilityClass,
  score: ClassPairScore | undefined,
  maxRules: number,
): string {
  const sizes = (c: CompatibilityClass): string => `${c.id}: ${formatNumber(c.size)}`;
  const pair = a.id === b.id ? `${a.id} with itself` : `${a.id} × ${b.id}`;
  if (score === undefined) return `${pair}: not scored`;
  const lines = [
    `${pair}: ${formatNumber(score.score)}, ${scoreBand(score.score)}`,
    a.id === b.id ? `${sizes(a)} assets` : `${sizes(a)} assets · ${sizes(b)} assets`,
  ];
  if (score.hits.length === 0) lines.push('no rule fires');
  for (const hit of score.hits.slice(0, maxRules)) lines.push(hitLine(hit));
  if (score.hits.length > maxRules) {
    lines.push(`… and ${formatNumber(score.hits.length - maxRules)} more`);
  }
  return lines.join('\n');
}

export interface HeatGridOptions {
  /** Rules listed in a cell's hover at most. */
  readonly maxRulesPerCell: number;
  /** Axis label of a class (cut to 28 characters), default its id. */
  readonly label?: (c: CompatibilityClass) => string;
}

/**
 * The classes × classes grid as SVG: one cell per ordered pair (the matrix is symmetric,
 * so a row reads "who may share hosts with this class"), labels with sizes, hovers with
 * signatures and firing rules. Presentation attributes only, so it renders the same
 * inside any page.
 */
export function renderHeatGrid(
  classes: readonly CompatibilityClass[],
  lookup: ScoreLookup,
  options: HeatGridOptions,
): string {
  const n = classes.length;
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(GRID_WIDTH / Math.max(1, n))));
  const named = options.label;
  const name = (c: CompatibilityClass): string =>
    named ? cut(named(c), 2 * MAX_LABEL_CHARS - 4) : cut(c.id, MAX_LABEL_CHARS);
  const rowLabel = (c: CompatibilityClass): string => `${name(c)} · ${formatNumber(c.size)}`;
  const longestRow = Math.max(0, ...classes.map((c) => rowLabel(c).length));
  const longestColumn = Math.max(0, ...classes.map((c) => name(c).length));
  const left = Math.ceil(longestRow * CHAR_WIDTH) + 10;
  const top = Math.ceil(longestColumn * CHAR_WIDTH) + 10;
  const width = left + n * cell + 2;
  const height = top + n * cell + 2;
  const mid = (i: number): number => i * cell + cell / 2;
  const parts: string[] = [];

  classes.forEach((c, i) => {
    const hover = `<title>${escapeHtml(classHover(c))}</title>`;
    const x = left + mid(i);
    parts.push(
      `<text x="${left - 6}" y="${top + mid(i)}" text-anchor="end" dominant-baseline="central">` +
        `${hover}${escapeHtml(rowLabel(c))}</text>`,
      `<text transform="translate(${x} ${top - 6}) rotate(-90)" dominant-baseline="central">` +
        `${hover}${escapeHtml(name(c))}</text>`,
    );
  });
  const inner = cell - 1;
  classes.forEach((a, i) => {
    classes.forEach((b, j) => {
      const score = lookup(a.id, b.id);
      const fill = scoreColor(score?.score ?? Number.NaN);
      const hover = escapeHtml(cellHover(a, b, score, options.maxRulesPerCell));
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${inner}" height="${inner}" ` +
          `fill="${fill}"><title>${hover}</title></rect>`,
      );
    });
  });
  parts.push(
    `<rect x="${left - 1}" y="${top - 1}" width="${n * cell + 1}" height="${n * cell + 1}" ` +
      'fill="none" stroke="#8C8C8C" stroke-width="1"/>',
  );
  return (
    `<svg class="heat" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `font-family="system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif" font-size="${FONT_SIZE}" fill="#333" ` +
    `role="img" aria-label="Compatibility of ${formatNumber(n)} classes: one cell per pair, coloured by score">` +
    `${parts.join('')}</svg>`
  );
}
