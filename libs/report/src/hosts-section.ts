import type { ResourceName } from '@vplan/domain';
import type { PlanDocument, PlanHost } from '@vplan/formats';
import { formatNumber, formatPercent, formatQuantity, resourceLabel } from './format';
import { escapeHtml, htmlTable } from './html';
import {
  AT_LIMIT_COLOR,
  OVER_CAPACITY_COLOR,
  utilizationColor,
  utilizationTextColor,
} from './palette';
import { finePercent } from './summary-risks';

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
    return `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${fill}"><title>${escapeHtml(host.id)}${host.spare ? ' (spare)' : ''}: ${escapeHtml(name)} ${text}</title></rect>`;
  });
  const svg =
    `<svg class="heat" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeHtml(name)} utilization per host">${cells.join('')}</svg>`;
  return `<figure class="heat-grid"><figcaption>${escapeHtml(name)} utilization</figcaption>${svg}</figure>`;
}

/** The ramp up to 80 %, then "at usable limit" (planned full) apart from "over" (exceedance). */
function scaleLegend(): string {
  const steps = [0, 0.2, 0.4, 0.6, 0.8];
  const items = steps.map(
    (s) =>
      `<span style="background:${utilizationColor(s)};color:${utilizationTextColor(s)}">${formatPercent(s)}</span>`,
  );
  items.push(
    `<span style="background:${AT_LIMIT_COLOR};color:#FFFFFF">100% at usable limit</span>`,
    `<span style="background:${OVER_CAPACITY_COLOR};color:#FFFFFF">&gt; 100% over usable (exceedance)</span>`,
  );
  return (
    `<div class="scale" aria-label="Colour scale">${items.join('')}</div>` +
    '<p class="muted">At usable limit = the host is as full as the headroom allows, which the plan ' +
    'intends; over usable = some slot exceeds it (the percentile allows it, or the host is overloaded).</p>'
  );
}

function hostTable(plan: PlanDocument, anchors: HostAnchors): string {
  const { resources } = plan.input;
  const headers = ['Host'];
  // Plans with clusters name each host's cluster.
  const clustered = plan.hosts.some((host) => host.cluster !== undefined);
  if (clustered) headers.push('Cluster');
  // Several models (v3) name each host's; labels (v3) say what its VMs share.
  const models = new Set(plan.hosts.map((host) => host.model ?? plan.hostModel.name));
  const modelled = models.size > 1 || plan.hosts.some((host) => host.existing !== undefined);
  if (modelled) headers.push('Model');
  const labelled = plan.hosts.some((host) => host.label !== undefined);
  if (labelled) headers.push('Class');
  headers.push('VMs');
  const firstNumeric = headers.length;
  for (const r of resources) {
    headers.push(`${escapeHtml(resourceLabel(r))} peak`, `${escapeHtml(resourceLabel(r))} mean`);
  }
  // v2 plans: allocation against the per-host limits, and slots above usable capacity.
  const allocated = plan.hosts.some((host) => host.allocation !== undefined);
  if (allocated) headers.push('Allocation (of limit)');
  const exceeding = plan.hosts.some((host) => (host.exceedance?.slots ?? 0) > 0);
  if (exceeding) headers.push('Above usable capacity');
  // Plans made with rules report the soft-rule penalty of each host.
  const penalties = plan.hosts.some((host) => host.penalty !== undefined);
  if (penalties) headers.push('Soft penalty');
  const rows = plan.hosts.map((host, i) => {
    const cells = [hostCell(host, anchors.get(i))];
    if (clustered) cells.push(escapeHtml(host.cluster ?? '–'));
    if (modelled) cells.push(modelCell(host, plan.hostModel.name));
    if (labelled) cells.push(escapeHtml(host.label ?? '–'));
    cells.push(vmList(host));
    for (const r of resources) {
      cells.push(utilCell(host.peakUtilization[r]), utilCell(host.meanUtilization[r]));
    }
    if (allocated) cells.push(allocationCell(host, plan.sizing?.allocation.limits));
    if (exceeding) cells.push(exceedanceCell(host, plan.input.slots));
    if (penalties) cells.push(formatNumber(host.penalty ?? 0));
    return cells;
  });
  const numeric = headers.map((_, i) => i).filter((i) => i >= firstNumeric);
  return (
    hostNotes(plan) + htmlTable(headers, rows, { className: 'hosts', numericColumns: numeric })
  );
}

function modelCell(host: PlanHost, fallback: string): string {
  const model = escapeHtml(host.model ?? fallback);
  return host.existing === undefined
    ? model
    : `${model}<div class="muted">keeps ${escapeHtml(host.existing)}</div>`;
}

function hostCell(host: PlanHost, anchor: string | undefined): string {
  const id = escapeHtml(host.id);
  const link = anchor ? `<a href="#${anchor}">${id}</a>` : id;
  const spare = host.spare ? ' <span class="tag">spare</span>' : '';
  const note = host.note ? `<div class="muted note">${escapeHtml(host.note)}</div>` : '';
  return `${link}${spare}${note}`;
}

/** Spare hosts and hosts above usable capacity, counted above the table. */
function hostNotes(plan: PlanDocument): string {
  const notes: string[] = [];
  const spares = plan.hosts.filter((h) => h.spare).length;
  if (spares > 0) {
    notes.push(
      `${spares === 1 ? '1 spare host (added for failover) is' : `${formatNumber(spares)} spare hosts (added for failover) are`} marked <span class="tag">spare</span>.`,
    );
  }
  const over = plan.hosts.filter((h) => (h.exceedance?.slots ?? 0) > 0).length;
  if (over > 0) {
    const allowed = plan.sizing?.allowedExceedanceSlots;
    notes.push(
      `${over === 1 ? '1 host exceeds' : `${formatNumber(over)} hosts exceed`} usable capacity in some slots` +
        (allowed === undefined
          ? '.'
          : ` (the percentile allows up to ${formatNumber(allowed)} slots).`),
    );
  }
  return notes.length > 0 ? `<p>${notes.join(' ')}</p>` : '';
}

type Limits = NonNullable<PlanDocument['sizing']>['allocation']['limits'];

function allocationCell(host: PlanHost, limits: Limits | undefined): string {
  const a = host.allocation;
  if (!a) return '–';
  const of = (value: number, limit: number | undefined, unit: string): string => {
    if (limit === undefined) return `${formatQuantity(value)} ${unit}`;
    const text = `${formatQuantity(value)} / ${formatQuantity(limit)} ${unit}`;
    // A valid plan keeps every limit; one that does not must stand out.
    return value > limit + 1e-9 ? `<span class="over">${text}</span>` : text;
  };
  return [
    of(a.vcpus, limits?.vcpus, 'vCPUs'),
    of(a.memoryGiB, limits?.memoryGiB, 'GiB'),
    of(a.vms, limits?.vms, 'VMs'),
  ].join('<br>');
}

function exceedanceCell(host: PlanHost, slots: number): string {
  const e = host.exceedance;
  if (!e || e.slots === 0) return '–';
  return (
    `${formatNumber(e.slots)} slot${e.slots === 1 ? '' : 's'} (${finePercent(e.share || e.slots / Math.max(1, slots))})` +
    `<br>worst ${finePercent(e.worstRatio)}`
  );
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
