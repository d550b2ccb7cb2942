import type { ResourceName } from '@vplan/domain';
import type { PlanDocument, PlanHost } from '@vplan/formats';
import { formatNumber, formatPercent, resourceLabel } from './format';
import { escapeHtml, htmlTable } from './html';
import { utilizationColor, utilizationTextColor } from './palette';

const COLUMNS = 50;
const CELL = 14;
const GAP = 2;

/** Links from host rows to their charts: host index → element id. */
export type HostAnchors = ReadonlyMap<number, string>;

/**
 * Utilization of every host: heat grids of peak and mean utilization per resource (one
 * cell per host, plan order, wrapping every 50 hosts) and a table with each host's VMs.
 */
export function renderHostsSection(plan: PlanDocument, anchors: HostAnchors): string {
  const { resources } = plan.input;
  if (plan.hosts.length === 0) return '<p>The plan uses no hosts.</p>';
  const grids: string[] = [];
  for (const kind of ['peak', 'mean'] as const) {
    for (const r of resources) grids.push(heatGrid(plan.hosts, r, kind));
  }
  return [
    '<p>Each cell is one host in plan order (the order the planner filled them), coloured by ' +
      'utilization of its usable capacity: peak = the busiest slot, mean = the average over time.</p>',
    scaleLegend(),
    `<div class="heat-grids">${grids.join('')}</div>`,
    '<h3>All hosts</h3>',
    hostTable(plan, anchors),
  ].join('\n');
}

function heatGrid(
  hosts: readonly PlanHost[],
  resource: ResourceName,
  kind: 'peak' | 'mean',
): string {
  const cols = Math.min(COLUMNS, hosts.length);
  const rows = Math.ceil(hosts.length / cols);
  const width = cols * (CELL + GAP) - GAP;
  const height = rows * (CELL + GAP) - GAP;
  const name = `${resourceLabel(resource)} ${kind}`;
  const cells = hosts.map((host, i) => {
    const share = (kind === 'peak' ? host.peakUtilization : host.meanUtilization)[resource];
    const x = (i % cols) * (CELL + GAP);
    const y = Math.floor(i / cols) * (CELL + GAP);
    const fill = share === undefined ? '#FFFFFF' : utilizationColor(share);
    const text = share === undefined ? 'n/a' : formatPercent(share);
    return `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${fill}"><title>${escapeHtml(host.id)}: ${escapeHtml(name)} ${text}</title></rect>`;
  });
  const svg =
    `<svg class="heat" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeHtml(name)} utilization per host">${cells.join('')}</svg>`;
  return `<figure class="heat-grid"><figcaption>${escapeHtml(name)} utilization</figcaption>${svg}</figure>`;
}

function scaleLegend(): string {
  const steps = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const items = steps.map(
    (s) =>
      `<span style="background:${utilizationColor(s)};color:${utilizationTextColor(s)}">${formatPercent(s)}</span>`,
  );
  return `<div class="scale" aria-label="Colour scale">${items.join('')}</div>`;
}

function hostTable(plan: PlanDocument, anchors: HostAnchors): string {
  const { resources } = plan.input;
  const headers = ['Host'];
  // Plans with clusters name each host's cluster.
  const clustered = plan.hosts.some((host) => host.cluster !== undefined);
  if (clustered) headers.push('Cluster');
  headers.push('VMs');
  for (const r of resources) {
    headers.push(`${escapeHtml(resourceLabel(r))} peak`, `${escapeHtml(resourceLabel(r))} mean`);
  }
  // Plans made with rules report the soft-rule penalty of each host.
  const penalties = plan.hosts.some((host) => host.penalty !== undefined);
  if (penalties) headers.push('Soft penalty');
  const rows = plan.hosts.map((host, i) => {
    const anchor = anchors.get(i);
    const id = escapeHtml(host.id);
    const cells = [anchor ? `<a href="#${anchor}">${id}</a>` : id];
    if (clustered) cells.push(escapeHtml(host.cluster ?? '–'));
    cells.push(vmList(host));
    for (const r of resources) {
      cells.push(utilCell(host.peakUtilization[r]), utilCell(host.meanUtilization[r]));
    }
    if (penalties) cells.push(formatNumber(host.penalty ?? 0));
    return cells;
  });
  const numeric = headers.map((_, i) => i).filter((i) => i >= (clustered ? 3 : 2));
  return htmlTable(headers, rows, { className: 'hosts', numericColumns: numeric });
}

function utilCell(share: number | undefined): string {
  if (share === undefined) return '–';
  return `<span class="util" style="background:${utilizationColor(share)};color:${utilizationTextColor(share)}">${formatPercent(share)}</span>`;
}

function vmList(host: PlanHost): string {
  const count = formatNumber(host.assets.length);
  if (host.assets.length === 0) return '0';
  const ids = host.assets.map((id) => escapeHtml(id)).join(', ');
  return `<details><summary>${count}</summary><div class="ids">${ids}</div></details>`;
}
