import type { PlanDocument } from '@vplan/formats';
import { formatNumber } from './format';
import { escapeHtml, htmlTable } from './html';

/** Most common reasons listed when reasons repeat across servers. */
const TOP_REASONS = 10;

/** Servers the plan could not place, with their reasons, or a line saying all were placed. */
export function renderUnplacedSection(plan: PlanDocument): string {
  const { unplaced } = plan;
  if (unplaced.length === 0) {
    return `<p class="ok">All ${formatNumber(plan.summary.assets)} servers were placed.</p>`;
  }
  const counts = new Map<string, number>();
  for (const u of unplaced) {
    for (const reason of new Set(u.reasons)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const common = [...counts.entries()]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_REASONS);
  const parts = [
    `<p>${formatNumber(unplaced.length)} of ${formatNumber(plan.summary.assets)} servers could not be ` +
      'placed. They need remediation, another target model or an exception before they can move.</p>',
  ];
  if (common.length > 0) {
    parts.push(
      '<h3>Most common reasons</h3>',
      htmlTable(
        ['Reason', 'Servers'],
        common.map(([reason, n]) => [escapeHtml(reason), formatNumber(n)]),
        { numericColumns: [1] },
      ),
      '<h3>Every unplaced server</h3>',
    );
  }
  const rows = unplaced.map((u) => [
    `<span class="asset">${escapeHtml(u.asset)}</span>`,
    u.reasons.length === 1
      ? escapeHtml(u.reasons[0] ?? '')
      : `<ul>${u.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`,
  ]);
  parts.push(htmlTable(['Server', 'Why it was not placed'], rows, { className: 'unplaced' }));
  return parts.join('\n');
}
