import type { PlanDocument } from '@vplan/formats';
import { renderCoverageSection } from './coverage-section';
import { dataGapsOf } from './data-gaps';
import { gapRanges, renderDemandSection } from './demand-section';
import { renderDecisionSection } from './decision-section';
import { estateDemand } from './estate';
import { renderFailoverSection } from './failover-section';
import { formatIsoTimestamp, formatNumber } from './format';
import { hostCardId, renderHostChartsSection } from './host-charts-section';
import { renderHostsSection } from './hosts-section';
import { escapeHtml, uniqueId } from './html';
import { renderPage, type PageSection } from './page';
import { planTimeAxis } from './plan-axis';
import { renderSizingSection } from './sizing-section';
import { renderSummary } from './summary-section';
import { renderUnplacedSection } from './unplaced-section';

/** What the report is made of. */
export interface ReportInput {
  readonly plan: PlanDocument;
  /**
   * Demand per asset id: one Float32Array per planned resource, in the order of
   * `plan.input.resources`, each of `plan.input.slots` values, on the planned grid (units
   * of RESOURCE_UNITS: cpu MHz, memory GiB). `NaN`, missing slots and missing assets read
   * as 0.
   */
  readonly demand: ReadonlyMap<string, readonly Float32Array[]>;
  /**
   * Per slot of the planned grid, the share (0..1) of the measured (asset, resource) series
   * with a sample there (`DemandMatrix.measured`). Slots below 1 are shaded as data gaps on
   * the time charts, darker where more is missing. Ignored unless `plan.input.slots` long;
   * absent = no shading.
   */
  readonly measured?: Float32Array;
  /** Page title, default `vplan consolidation plan`. */
  readonly title?: string;
  /**
   * Sections appended after the built-in ones, in order, and listed in the table of
   * contents. `html` is trusted, already-rendered HTML (not escaped); `title` is plain
   * text; `id` is made into a unique element id (prefixed `x-`).
   */
  readonly extraSections?: readonly {
    readonly id: string;
    readonly title: string;
    readonly html: string;
  }[];
}

/** Default page title. */
export const DEFAULT_REPORT_TITLE = 'vplan consolidation plan';
/** Hosts charted in full (plan order); the host table covers every host. */
export const MAX_CHARTED_HOSTS = 60;
/** Points per chart at most (peak-preserving downsampling). */
export const MAX_CHART_POINTS = 400;
/** VMs of a host stacked individually; the rest form "others". */
export const TOP_VMS_PER_HOST = 8;

/**
 * Renders a plan as one self-contained HTML document (inline CSS and SVG, no network
 * resources): the decision (hosts to buy/keep per model, cost, energy, savings, risk), a manager's summary with what to accept before signing, the estate's
 * demand against planned capacity (data gaps shaded), the sizing policy, unplaced servers
 * with reasons, host utilization and allocation for every host, the failover proof (when
 * planned), what each server was sized from, stacked per-host workload charts for the
 * first MAX_CHARTED_HOSTS hosts, then `extraSections`. v2 sections a plan lacks (one
 * upgraded from v1) are left out or say so.
 * The output depends only on the input (no clock, no locale).
 */
export function renderReport(input: ReportInput): string {
  const { plan, demand } = input;
  const axis = planTimeAxis(plan);
  const estate = estateDemand(plan, demand, MAX_CHART_POINTS);
  const gaps = dataGapsOf(input.measured, plan.input.slots, plan.sizing?.gaps);
  const charted = Math.min(plan.hosts.length, MAX_CHARTED_HOSTS);
  const anchors = new Map<number, string>();
  for (let i = 0; i < charted; i++) anchors.set(i, hostCardId(i));

  const sections: PageSection[] = [
    { id: 'decision', title: 'Decision', html: renderDecisionSection(plan) },
    { id: 'summary', title: 'Summary', html: renderSummary(plan, estate, axis) },
    {
      id: 'demand',
      title: 'Demand against capacity',
      html: renderDemandSection(plan, estate, axis, gaps),
    },
    { id: 'sizing', title: 'Sizing policy', html: renderSizingSection(plan) },
    { id: 'unplaced', title: 'Unplaced servers', html: renderUnplacedSection(plan, axis) },
    { id: 'hosts', title: 'Host utilization', html: renderHostsSection(plan, anchors) },
    ...(plan.failover
      ? [{ id: 'failover', title: 'Failover', html: renderFailoverSection(plan) }]
      : []),
    { id: 'coverage', title: 'Sizing basis and data coverage', html: renderCoverageSection(plan) },
    {
      id: 'host-workloads',
      title: 'Workload per host',
      html: renderHostChartsSection(plan, demand, axis, {
        maxHosts: MAX_CHARTED_HOSTS,
        maxPoints: MAX_CHART_POINTS,
        topVms: TOP_VMS_PER_HOST,
        shaded: gapRanges(gaps, axis, false),
      }),
    },
  ];
  const taken = new Set(sections.map((s) => s.id));
  for (const extra of input.extraSections ?? []) {
    sections.push({ id: uniqueId('x-', extra.id, taken), title: extra.title, html: extra.html });
  }

  const subtitle =
    `${formatNumber(plan.summary.assets)} servers onto ${escapeHtml(plan.hostModel.name)} hosts · ` +
    `input ${escapeHtml(plan.input.source)} · plan generated ${escapeHtml(formatIsoTimestamp(plan.generatedAt))}`;
  return renderPage({ title: input.title ?? DEFAULT_REPORT_TITLE, subtitle, sections });
}
