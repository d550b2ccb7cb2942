import type { PlanDocument, PlanFailover } from '@vplan/formats';
import { formatNumber } from './format';
import { escapeHtml, htmlTable } from './html';
import { plural, strong } from './summary-risks';

/** Failure scenarios listed at most (plan order); the rest are counted. */
export const MAX_FAILOVER_ROWS = 50;
/** Receiving hosts named per scenario (most VMs first); the rest are counted. */
const MAX_TARGETS = 6;

const METHODS: Readonly<Record<PlanFailover['method'], string>> = {
  redistribute:
    "redistribute: a failed host's VMs are spread over the surviving hosts of its cluster, " +
    'each within usable capacity at every slot and every hard rule kept',
  'spare-hosts':
    "spare hosts: each cluster keeps empty hosts; a failed host's VMs move whole onto a surviving " +
    'spare, where they fit because they already fitted together',
};

/** The failover proof: k, method, added hosts and, per failure, where the VMs go. */
export function renderFailoverSection(plan: PlanDocument): string {
  const f = plan.failover;
  if (!f) return '';
  const scenarios = f.scenarios;
  const largest = scenarios.reduce<(typeof scenarios)[number] | undefined>(
    (best, s) => (best === undefined || s.moves.length > best.moves.length ? s : best),
    undefined,
  );
  const parts = [
    `<p>The plan survives the loss of any ${strong(plural(f.k, 'host'))}${plan.summary.clusters ? ' per cluster' : ''} at once. ` +
      `Method: ${escapeHtml(METHODS[f.method])}. ` +
      (f.addedHosts > 0
        ? `${strong(plural(f.addedHosts, 'host'))} ${f.addedHosts === 1 ? 'was' : 'were'} added for it (marked spare in the host table).`
        : 'No host had to be added for it.') +
      '</p>',
  ];
  if (largest && largest.moves.length > 0) {
    parts.push(
      `<p>The largest failure moves ${strong(plural(largest.moves.length, 'VM'))} ` +
        `(${escapeHtml(largest.failed.join(' + '))} fails).</p>`,
    );
  }
  if (scenarios.length === 0) return parts.join('\n');
  const rows = scenarios
    .slice(0, MAX_FAILOVER_ROWS)
    .map((s) => [
      `<span class="asset">${escapeHtml(s.failed.join(' + '))}</span>`,
      formatNumber(s.moves.length),
      s.moves.length === 0 ? '<span class="muted">nothing to move</span>' : targets(s.moves),
    ]);
  parts.push(
    htmlTable(['Failed host', 'VMs moved', 'To'], rows, {
      className: 'failover',
      numericColumns: [1],
    }),
  );
  if (scenarios.length > MAX_FAILOVER_ROWS) {
    parts.push(
      `<p class="muted">The first ${formatNumber(MAX_FAILOVER_ROWS)} of ${plural(scenarios.length, 'failure scenario')} are listed; ` +
        'plan.json holds every one with each VM move.</p>',
    );
  }
  return parts.join('\n');
}

/** `host-002 (4), host-003 (3), +2 more hosts (3)`: receiving hosts, most VMs first. */
function targets(moves: readonly { readonly asset: string; readonly to: string }[]): string {
  const counts = new Map<string, number>();
  for (const m of moves) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  const sorted = [...counts].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  const named = sorted
    .slice(0, MAX_TARGETS)
    .map(([host, n]) => `${escapeHtml(host)} (${formatNumber(n)})`);
  const rest = sorted.slice(MAX_TARGETS);
  if (rest.length > 0) {
    named.push(
      `+${plural(rest.length, 'more host')} (${formatNumber(rest.reduce((n, [, c]) => n + c, 0))})`,
    );
  }
  return named.join(', ');
}
