import { RESOURCE_UNITS } from '@vplan/domain';
import type { PlanDocument } from '@vplan/formats';
import { gapOpacity, type DataGaps } from './data-gaps';
import type { EstateDemand, EstateResource } from './estate';
import { formatDuration, formatNumber, formatPercent, resourceLabel } from './format';
import { escapeHtml } from './html';
import { finePercent } from './summary-risks';
import { CAPACITY_COLOR, GAP_SWATCH_COLOR, MULTIPLE_COLOR, SERIES_COLOR } from './palette';
import { niceStep, renderTimeChart, type ReferenceLine, type ShadedRange } from './svg-chart';
import type { TimeAxis } from './time-axis';
import { legend } from './legend';

/** Dashed "k hosts" lines drawn at most. */
const MAX_MULTIPLES = 6;

/**
 * The estate's total demand per resource against the planned hosts' usable capacity,
 * with the data gaps shaded.
 */
export function renderDemandSection(
  plan: PlanDocument,
  estate: EstateDemand,
  axis: TimeAxis,
  gaps: DataGaps,
): string {
  const hosts = plan.summary.hosts;
  const shaded = gapRanges(gaps, axis);
  const charts = estate.resources.map((r) => demandChart(r, hosts, axis, shaded));
  const points = estate.resources[0]?.sample.slots.length ?? 0;
  const bucket =
    points > 0 && points < plan.input.slots
      ? ` Each point is the busiest slot of about ${escapeHtml(formatDuration(Math.round((plan.input.slots / points) * plan.input.stepSeconds)))}, so peaks are exact.`
      : '';
  return [
    `<p>Total demand of the ${formatNumber(plan.summary.placed)} placed servers over time, against the ` +
      `usable capacity of the ${formatNumber(hosts)} planned hosts and against multiples of one host.` +
      ` Where the area stays below a dashed line, that many hosts would hold the total if the ` +
      `servers could be split freely: the lower bound of any plan.${bucket}</p>`,
    legend([
      { color: SERIES_COLOR, label: 'Total demand of placed servers' },
      {
        color: CAPACITY_COLOR,
        label: `Usable capacity of ${formatNumber(hosts)} planned hosts`,
        line: true,
      },
      {
        color: MULTIPLE_COLOR,
        label: "Multiples of one host's usable capacity",
        line: true,
        dashed: true,
      },
      ...(gaps.bands.length > 0 ? [{ color: GAP_SWATCH_COLOR, label: gaps.label }] : []),
    ]),
    gapNote(gaps, axis),
    `<div class="chart-grid">${charts.join('')}</div>`,
  ].join('\n');
}

/** The shaded ranges of the estate charts, each with a hover naming its slots. */
export function gapRanges(gaps: DataGaps, axis: TimeAxis, titled = true): ShadedRange[] {
  return gaps.bands.map((b) => ({
    from: b.from,
    to: b.to,
    opacity: gapOpacity(b.missing),
    ...(titled
      ? {
          title:
            `data gap from ${axis.slotLabel(b.from)} to ${axis.slotLabel(b.to)}: ` +
            `up to ${formatPercent(b.missing)} of the measured series had no sample`,
        }
      : {}),
  }));
}

function gapNote(gaps: DataGaps, axis: TimeAxis): string {
  if (gaps.nothingMeasured) {
    return '<p>No usage was measured in the planned period: every demand drawn is assumed from allocation.</p>';
  }
  if (gaps.bands.length === 0) return '';
  const share = finePercent(gaps.slots / Math.max(1, axis.slots));
  const filled = gaps.filledBy ?? "the planner's gap policy";
  return (
    `<p>Shaded: time where some measured series had no sample (${formatNumber(gaps.slots)} slots, ` +
    `${share} of the time axis), darker where more was missing. There the demand drawn is not ` +
    `measured but filled by ${escapeHtml(filled)}.</p>`
  );
}

function demandChart(
  r: EstateResource,
  hosts: number,
  axis: TimeAxis,
  shaded: readonly ShadedRange[],
): string {
  const unit = RESOURCE_UNITS[r.resource];
  const name = resourceLabel(r.resource);
  const planned = hosts * r.usable;
  const references: ReferenceLine[] = [];
  if (r.usable > 0) {
    const top = Math.max(planned, r.sample.peak);
    const step = Math.max(1, Math.ceil(niceStep(top / r.usable, MAX_MULTIPLES)));
    for (let k = step; k * r.usable <= top * 1.02; k += step) {
      if (k !== hosts) {
        references.push({
          value: k * r.usable,
          label: `${formatNumber(k)} host${k === 1 ? '' : 's'}`,
          color: MULTIPLE_COLOR,
          dashed: true,
        });
      }
    }
    references.push({
      value: planned,
      label: `${formatNumber(hosts)} hosts (plan)`,
      color: CAPACITY_COLOR,
    });
  }
  const chart = renderTimeChart({
    label: `${name} demand of the estate over time against planned capacity`,
    axis,
    yTitle: `${name} (${unit})`,
    pointSlots: r.sample.slots,
    layers: [{ values: r.sample.values[0] ?? new Float64Array(0), color: SERIES_COLOR }],
    references,
    shaded,
    width: 900,
    height: 280,
  });
  const peakShare =
    planned > 0 ? ` (${formatPercent(r.sample.peak / planned)} of planned capacity)` : '';
  return (
    `<figure><figcaption>${escapeHtml(name)}: peak ${formatNumber(r.sample.peak)} ${unit} at ` +
    `${escapeHtml(axis.slotLabel(r.sample.peakSlot))}${peakShare}, mean ${formatNumber(r.sample.mean)} ${unit}</figcaption>` +
    `${chart}</figure>`
  );
}
