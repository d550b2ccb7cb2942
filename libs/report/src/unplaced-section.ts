import type { PlanDocument } from '@vplan/formats';
import { formatNumber } from './format';
import { escapeHtml, htmlTable } from './html';
import { plural } from './summary-risks';
import type { TimeAxis } from './time-axis';

/** What an unplaced reason is about: a rule, or a kind of reason (numbers left out). */
export interface ReasonGroup {
  /** `rule <id> (hard)`, or the reason without its brackets and with its figures as `…`. */
  readonly title: string;
  readonly remediation?: string;
  /** Servers in this group, each with what is wrong for it (local times for slots). */
  readonly servers: readonly { readonly asset: string; readonly detail: string }[];
}

/** `rule <id> (<severity>): <detail> — remediation: <text>`, as libs/engine writes rule hits. */
const RULE_REASON = /^rule (\S+) \((hard|soft)\): (.*?)(?: — remediation: (.*))?$/s;

/** "slot 295" in a reason, read as the local date and time of the plan's axis. */
export function withLocalTimes(reason: string, axis: TimeAxis | undefined): string {
  if (!axis) return reason;
  return reason.replace(/\bslot (\d+)\b/g, (whole, n: string) => {
    const slot = Number(n);
    return slot < axis.slots ? axis.slotLabel(slot) : whole;
  });
}

/**
 * Unplaced servers grouped by the rule (or kind of reason) that keeps them out, largest
 * group first; a server with several reasons is in several groups.
 */
export function reasonGroups(plan: PlanDocument, axis?: TimeAxis): ReasonGroup[] {
  const groups = new Map<
    string,
    { title: string; remediation?: string; servers: { asset: string; detail: string }[] }
  >();
  for (const u of plan.unplaced) {
    for (const raw of new Set(u.reasons)) {
      const reason = withLocalTimes(raw, axis);
      const rule = RULE_REASON.exec(reason);
      const title = rule
        ? `rule ${rule[1]} (${rule[2]})`
        : raw.replace(/ \([^)]*\)/g, '').replace(/\d[\d.,:]*/g, '…');
      const remediation = rule?.[4];
      const key = `${title}\u0000${remediation ?? ''}`;
      const group = groups.get(key) ?? {
        title,
        ...(remediation ? { remediation } : {}),
        servers: [],
      };
      group.servers.push({ asset: u.asset, detail: rule ? (rule[3] ?? '') : reason });
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.servers.length - a.servers.length || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0),
  );
}

/** Servers the plan could not place, grouped by rule with counts, or a line saying all were placed. */
export function renderUnplacedSection(plan: PlanDocument, axis?: TimeAxis): string {
  const { unplaced } = plan;
  if (unplaced.length === 0) {
    return `<p class="ok">All ${formatNumber(plan.summary.assets)} servers were placed.</p>`;
  }
  const groups = reasonGroups(plan, axis);
  const parts = [
    `<p>${formatNumber(unplaced.length)} of ${formatNumber(plan.summary.assets)} servers could not be ` +
      'placed. They need remediation, another target model or an exception before they can move.</p>',
    '<h3>Remediation by rule</h3>',
    htmlTable(
      ['Rule or reason', 'Servers', 'Remediation'],
      groups.map((g) => [
        escapeHtml(g.title),
        formatNumber(g.servers.length),
        g.remediation ? escapeHtml(g.remediation) : '–',
      ]),
      { className: 'remediation', numericColumns: [1] },
    ),
    '<h3>Servers per rule</h3>',
    ...groups.map(groupDetails),
  ];
  return parts.join('\n');
}

/** One collapsible list per group: the shared sentence once, then the servers. */
function groupDetails(group: ReasonGroup): string {
  const details = new Set(group.servers.map((s) => s.detail));
  const summary = `<summary>${escapeHtml(group.title)} · ${plural(group.servers.length, 'server')}</summary>`;
  if (details.size === 1) {
    const ids = group.servers.map((s) => `<span class="asset">${escapeHtml(s.asset)}</span>`);
    return (
      `<details class="reason-group">${summary}<p>${escapeHtml([...details][0] ?? '')}</p>` +
      `<div class="ids">${ids.join(', ')}</div></details>`
    );
  }
  const rows = group.servers.map((s) => [
    `<span class="asset">${escapeHtml(s.asset)}</span>`,
    escapeHtml(s.detail),
  ]);
  return (
    `<details class="reason-group">${summary}` +
    `${htmlTable(['Server', 'Why it was not placed'], rows, { className: 'unplaced' })}</details>`
  );
}
