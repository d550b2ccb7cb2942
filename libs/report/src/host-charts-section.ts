import { RESOURCE_UNITS } from '@vplan/domain';
import type { PlanDocument } from '@vplan/formats';
import { formatNumber, formatPercent, resourceLabel } from './format';
import {
  hostWorkload,
  type DemandMap,
  type HostResourceStack,
  type StackOptions,
} from './host-workload';
import { escapeHtml } from './html';
import { legend, type LegendItem } from './legend';
import {
  CAPACITY_COLOR,
  GAP_SWATCH_COLOR,
  LAYER_COLORS,
  OTHERS_COLOR,
  USABLE_COLOR,
} from './palette';
import { renderTimeChart, type ReferenceLine, type ShadedRange } from './svg-chart';
import type { TimeAxis } from './time-axis';

export interface HostChartOptions extends StackOptions {
  /** Hosts charted in full, in plan order; the host table covers the rest. */
  readonly maxHosts: number;
  /** Data gaps shaded on every chart (no hover, to keep 120 charts light). */
  readonly shaded?: readonly ShadedRange[];
}

/** Element id of the chart card of the host at `index` (plan order). */
export const hostCardId = (index: number): string => `host-card-${index + 1}`;

/**
 * Stacked demand of each host's VMs over time against the host's usable capacity, one
 * chart per planned resource, for the first `maxHosts` hosts.
 */
export function renderHostChartsSection(
  plan: PlanDocument,
  demand: DemandMap,
  axis: TimeAxis,
  options: HostChartOptions,
): string {
  const charted = plan.hosts.slice(0, options.maxHosts);
  if (charted.length === 0) return '<p>The plan uses no hosts.</p>';
  const intro =
    `<p>What each host carries over time: the ${formatNumber(options.topVms)} VMs with the largest ` +
    'mean demand are stacked individually, the rest as “others”. The solid line is the usable ' +
    'capacity (headroom kept free), the dashed line the raw capacity. Where many slots share a ' +
    'point, the point shows the busiest of them, so the top of each stack is a real, exact total.' +
    (plan.hosts.length > charted.length
      ? ` Charts cover the first ${formatNumber(charted.length)} of ${formatNumber(plan.hosts.length)} hosts (in the order the planner filled them); the host table above covers all.`
      : '') +
    '</p>';
  const cards = charted.map((host, index) => {
    const workload = hostWorkload(plan, host, demand, options);
    const items: LegendItem[] = workload.top.map((id, k) => ({
      color: LAYER_COLORS[k % LAYER_COLORS.length] ?? OTHERS_COLOR,
      label: id,
    }));
    if (workload.othersCount > 0) {
      items.push({ color: OTHERS_COLOR, label: `${formatNumber(workload.othersCount)} others` });
    }
    if (options.shaded && options.shaded.length > 0) {
      items.push({ color: GAP_SWATCH_COLOR, label: 'data gap in the estate' });
    }
    const peaks = workload.stacks
      .map(
        (s) =>
          `${resourceLabel(s.resource)} peak ${s.usable > 0 ? formatPercent(s.sample.peak / s.usable) : '–'}`,
      )
      .join(' · ');
    const vms = host.assets.length;
    const charts = workload.stacks.map((stack) =>
      stackChart(
        host.id,
        stack,
        axis,
        workload.top.length,
        workload.othersCount > 0,
        options.shaded,
      ),
    );
    const spare = host.spare ? ' · spare' : '';
    const note = host.note ? `<p class="muted">${escapeHtml(host.note)}</p>` : '';
    return (
      `<article class="host-card" id="${hostCardId(index)}">` +
      `<h3>${escapeHtml(host.id)} <span class="muted">· ${formatNumber(vms)} VM${vms === 1 ? '' : 's'}${spare} · ${peaks}</span></h3>` +
      note +
      legend(items) +
      `<div class="chart-pair">${charts.join('')}</div></article>`
    );
  });
  return [intro, ...cards].join('\n');
}

function stackChart(
  hostId: string,
  stack: HostResourceStack,
  axis: TimeAxis,
  topCount: number,
  hasOthers: boolean,
  shaded: readonly ShadedRange[] = [],
): string {
  const name = resourceLabel(stack.resource);
  const unit = RESOURCE_UNITS[stack.resource];
  const layers = stack.sample.values.map((values, k) => ({
    values,
    color:
      hasOthers && k === topCount
        ? OTHERS_COLOR
        : (LAYER_COLORS[k % LAYER_COLORS.length] ?? OTHERS_COLOR),
  }));
  const references: ReferenceLine[] = [
    { value: stack.usable, label: 'usable', color: USABLE_COLOR },
  ];
  if (stack.capacity > stack.usable) {
    references.push({
      value: stack.capacity,
      label: 'capacity',
      color: CAPACITY_COLOR,
      dashed: true,
    });
  }
  const { peak, peakSlot } = stack.sample;
  const share = stack.usable > 0 ? ` (${formatPercent(peak / stack.usable)} of usable)` : '';
  const chart = renderTimeChart({
    label: `${name} demand of the VMs on ${hostId}, stacked, against usable capacity`,
    axis,
    yTitle: `${name} (${unit})`,
    pointSlots: stack.sample.slots,
    layers,
    references,
    shaded,
  });
  return (
    `<figure><figcaption>${escapeHtml(name)}: peak ${formatNumber(peak)} ${unit}${share} at ` +
    `${escapeHtml(axis.slotLabel(peakSlot))}</figcaption>${chart}</figure>`
  );
}
