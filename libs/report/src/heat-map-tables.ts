import type { AssetBlockers, CompatibilityClass, CompatibilityReport } from '@vplan/rules';
import { formatNumber } from './format';
import { escapeHtml, htmlTable } from './html';

/** Most common blocking rules listed above the per-asset table. */
const TOP_BLOCKING_RULES = 15;

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;
const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The classes drawn in the heat map with their size and signature. */
export function renderClassesTable(
  shown: readonly CompatibilityClass[],
  report: CompatibilityReport,
): string {
  if (shown.length === 0) return '<p>The inventory has no assets, so there are no classes.</p>';
  const rows = shown.map((c) => {
    const keys = Object.keys(c.signature).sort();
    const signature =
      keys.length === 0
        ? '<span class="muted">no attribute that a rule reads</span>'
        : keys
            .map((k) => {
              const v = c.signature[k] ?? '';
              return `${escapeHtml(k)} = ${v === '' ? '<span class="muted">(none)</span>' : escapeHtml(v)}`;
            })
            .join('<br>');
    return [`<span class="asset">${escapeHtml(c.id)}</span>`, formatNumber(c.size), signature];
  });
  const more = report.classes.length - shown.length;
  const note =
    more > 0
      ? `<p class="muted">The ${plural(more, 'smaller class', 'smaller classes')} are not listed.</p>`
      : '';
  return htmlTable(['Class', 'Assets', 'Signature'], rows, { numericColumns: [1] }) + note;
}

/** Remediations of an asset's hits, deduplicated, in hit order. */
function remediations(blockers: AssetBlockers): string[] {
  const seen = new Set<string>();
  for (const hit of blockers.hits) if (hit.remediation) seen.add(hit.remediation);
  return [...seen];
}

const list = (items: readonly string[]): string =>
  items.length === 0
    ? '–'
    : items.length === 1
      ? escapeHtml(items[0] ?? '')
      : `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;

/**
 * Assets that cannot be virtualized or fit no target: the most common blocking rules,
 * then one row per asset (inventory order) up to `maxRows`, with a count of the rest.
 */
export function renderBlockers(report: CompatibilityReport, maxRows: number): string {
  const { blockers } = report;
  if (blockers.length === 0) {
    return `<p class="ok">No rule blocks any of the ${plural(report.assets, 'asset')}: each can be virtualized and fits a target.</p>`;
  }
  const byRule = new Map<
    string,
    { assets: number; severity: string; remediation: string | undefined }
  >();
  for (const b of blockers) {
    for (const id of new Set(b.hits.map((h) => h.ruleId))) {
      const hit = b.hits.find((h) => h.ruleId === id);
      const entry = byRule.get(id) ?? {
        assets: 0,
        severity: hit?.severity ?? 'hard',
        remediation: hit?.remediation,
      };
      entry.assets++;
      entry.remediation ??= hit?.remediation;
      byRule.set(id, entry);
    }
  }
  const common = [...byRule.entries()]
    .sort((x, y) => y[1].assets - x[1].assets || compare(x[0], y[0]))
    .slice(0, TOP_BLOCKING_RULES);
  return [
    `<p>${plural(blockers.length, 'asset')} of ${formatNumber(report.assets)} cannot be virtualized ` +
      'or fit no target model. They need remediation, another target or an exception.</p>',
    '<h4>Blocking rules</h4>',
    htmlTable(
      ['Rule', 'Severity', 'Assets', 'Remediation'],
      common.map(([id, e]) => [
        code(id),
        escapeHtml(e.severity),
        formatNumber(e.assets),
        e.remediation ? escapeHtml(e.remediation) : '–',
      ]),
      { numericColumns: [2] },
    ),
    byRule.size > common.length
      ? `<p class="muted">${plural(byRule.size - common.length, 'less common rule')} not listed.</p>`
      : '',
    '<h4>Blocked assets</h4>',
    assetTable(blockers, maxRows, ['more blocked asset', 'more blocked assets']),
  ]
    .filter((p) => p !== '')
    .join('\n');
}

/** One row per asset (report order) up to `maxRows`, with a count of the rest. */
function assetTable(
  entries: readonly AssetBlockers[],
  maxRows: number,
  more: readonly [string, string],
): string {
  const listed = entries.slice(0, Math.max(0, maxRows));
  const rows = listed.map((b) => [
    `<span class="asset" style="white-space:nowrap">${escapeHtml(b.asset)}</span>`,
    [...new Set(b.hits.map((h) => h.ruleId))].map(code).join(', '),
    list(b.hits.map((h) => h.detail)),
    list(remediations(b)),
  ]);
  const rest = entries.length - listed.length;
  const table = htmlTable(['Asset', 'Rules', 'Why', 'Remediation'], rows, {
    className: 'blockers',
  });
  return rest > 0
    ? `${table}\n<p class="muted">${plural(rest, more[0], more[1])} not listed (the first ${formatNumber(listed.length)} are, in inventory order).</p>`
    : table;
}

/** Assets with soft candidate or fit hits only: they can move, at a cost. */
export function renderWarnings(report: CompatibilityReport, maxRows: number): string {
  const warnings = report.warnings ?? [];
  if (warnings.length === 0) return '';
  return [
    `<p>${plural(warnings.length, 'asset')} can be virtualized but break soft candidate or fit rules ` +
      '(a cost, not a blocker).</p>',
    '<h4>Assets with warnings</h4>',
    assetTable(warnings, maxRows, ['more asset with warnings', 'more assets with warnings']),
  ].join('\n');
}

/** Rules that relate individual assets (anti-affinity, DR, limits): groups and members. */
export function renderGroupRules(report: CompatibilityReport): string {
  if (report.groupRules.length === 0) {
    return '<p>The rule set has no group rules (rules that keep members of a group apart or limit them per host).</p>';
  }
  const rows = [...report.groupRules]
    .sort((a, b) => b.assets - a.assets || compare(a.ruleId, b.ruleId))
    .map((g) => [code(g.ruleId), formatNumber(g.groups), formatNumber(g.assets)]);
  return [
    '<p>These rules relate individual assets, not classes (members of one group may not share a ' +
      'host, or only so many may): they do not colour the heat map; the planner applies them per asset.</p>',
    htmlTable(['Rule', 'Groups', 'Assets in them'], rows, { numericColumns: [1, 2] }),
  ].join('\n');
}
