import { RESOURCE_NAMES } from '@vplan/domain';
import type { PlanCpuRating, PlanDocument, PlanSizing } from '@vplan/formats';
import { GAP_POLICY_WORDS } from './data-gaps';
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatQuantity,
  ordinal,
  resourceLabel,
} from './format';
import { escapeHtml, htmlTable } from './html';
import { finePercent, plural, strong } from './summary-risks';

/** CPU models listed in the table of source ratings (most assets first). */
export const MAX_CPU_SOURCES = 10;

const SOURCES: Readonly<Record<PlanCpuRating['source'], string>> = {
  table: 'rating table',
  override: 'scenario',
  inventory: 'inventory',
};

const definitions = (items: readonly (readonly [string, string])[]): string =>
  `<dl class="settings">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;

/**
 * The sizing policy of a v2 plan in plain words with units: demand profile and percentile,
 * gap policy, unmeasured utilization, headroom, allocation limits per host, failover,
 * growth and CPU normalization. Plans without `sizing` (upgraded from v1) get a line.
 */
export function renderSizingSection(plan: PlanDocument): string {
  const sizing = plan.sizing;
  if (!sizing) {
    return '<p>This plan was written in plan.json version 1, which does not record its sizing policy.</p>';
  }
  return [
    '<p>The rules every number in this report was sized under. A planner who disagrees with one ' +
      'of them should re-plan with another value rather than adjust the result by hand.</p>',
    definitions([
      ['Demand profile', profileText(plan, sizing)],
      ['Data gaps', gapsText(sizing)],
      ['Unmeasured resources', unmeasuredText(sizing)],
      ['Headroom', headroomText(sizing)],
      ['Allocation limits per host', limitsText(plan, sizing)],
      ['Failover', failoverText(sizing)],
      ['Growth', growthText(sizing)],
    ]),
    '<h3>CPU normalization</h3>',
    cpuText(plan, sizing),
  ].join('\n');
}

function profileText(plan: PlanDocument, sizing: PlanSizing): string {
  const step = escapeHtml(formatDuration(plan.input.stepSeconds));
  if (sizing.profile === 'weekly') {
    return (
      `weekly profile: each server's demand is the ${ordinal(sizing.percentile)} percentile of each ` +
      `hour of a typical week (${formatNumber(plan.input.slots)} slots of ${step}); every slot must fit`
    );
  }
  const series = `the measured series (${formatNumber(plan.input.slots)} slots of ${step})`;
  if (sizing.allowedExceedanceSlots === 0) {
    return `${series}; every slot must fit (${ordinal(sizing.percentile)} percentile)`;
  }
  const share = finePercent(sizing.allowedExceedanceSlots / Math.max(1, plan.input.slots));
  return (
    `${series} at the ${ordinal(sizing.percentile)} percentile: a host may exceed its usable capacity ` +
    `in up to ${plural(sizing.allowedExceedanceSlots, 'slot')} (${share}) and must fit in all others`
  );
}

function gapsText(sizing: PlanSizing): string {
  const coverage = `servers measured for less than ${formatPercent(sizing.minCoverage)} of the period are flagged as low coverage`;
  return `a slot with no sample is filled with ${escapeHtml(GAP_POLICY_WORDS[sizing.gaps])} (gaps: ${escapeHtml(sizing.gaps)}); ${coverage}`;
}

function unmeasuredText(sizing: PlanSizing): string {
  return (
    `a resource with no measured usage is sized flat at its allocation × ${formatPercent(sizing.unmeasuredUtilization)} ` +
    '(vCPUs in MHz, configured memory in GiB)'
  );
}

function headroomText(sizing: PlanSizing): string {
  const parts = RESOURCE_NAMES.filter((r) => sizing.headroom[r] !== undefined).map(
    (r) => `${escapeHtml(resourceLabel(r))} ${formatPercent(sizing.headroom[r] ?? 0)}`,
  );
  if (parts.length === 0) return 'none';
  return `${parts.join(' · ')} of each host kept free (usable capacity = capacity × (1 − headroom))`;
}

/** `vCPUs ≤ 96 (24 cores × 4)`, `configured memory ≤ 128 GiB (× 1.0)`, `VMs ≤ 40`. */
export function limitsText(plan: PlanDocument, sizing: PlanSizing): string {
  const { limits, vcpuPerCore, memoryOvercommit } = sizing.allocation;
  const cores = plan.hostModel.cores;
  const parts: string[] = [];
  if (limits.vcpus !== undefined) {
    const why =
      vcpuPerCore === undefined
        ? ''
        : cores === undefined
          ? ` (${formatQuantity(vcpuPerCore)} per core)`
          : ` (${formatNumber(cores)} cores × ${formatQuantity(vcpuPerCore)})`;
    parts.push(`vCPUs ≤ ${formatQuantity(limits.vcpus)}${why}`);
  }
  if (limits.memoryGiB !== undefined) {
    const why = memoryOvercommit === undefined ? '' : ` (× ${formatNumber(memoryOvercommit, 1)})`;
    parts.push(`configured memory ≤ ${formatQuantity(limits.memoryGiB)} GiB${why}`);
  }
  if (limits.vms !== undefined) parts.push(`VMs ≤ ${formatNumber(limits.vms)}`);
  if (parts.length === 0) return 'none: hosts are limited by measured demand only';
  return parts.join(' · ');
}

function failoverText(sizing: PlanSizing): string {
  const k = sizing.failover.k;
  if (k === 0) return 'no failover reserve: a failed host’s VMs have nowhere to go';
  return `the plan survives the loss of any ${plural(k, 'host')} (see Failover)`;
}

function growthText(sizing: PlanSizing): string {
  const g = sizing.growth;
  if (!g) return 'none: demand is planned as measured';
  const rate = `${g.ratePerYear >= 0 ? '+' : '−'}${formatQuantity(Math.abs(g.ratePerYear) * 100)}% a year`;
  return `${rate} over ${plural(g.horizonMonths, 'month')}: demand × ${formatNumber(g.factor, 3)}`;
}

const rating = (r: PlanCpuRating): string =>
  `${strong(escapeHtml(r.model))}: ${formatNumber(r.perCore, 1)} SPECrate2017_int_base per core, ` +
  `${formatNumber(r.perGHz, 2)} per GHz (at ${formatNumber(r.mhz)} MHz; from the ${SOURCES[r.source]})`;

function cpuText(plan: PlanDocument, sizing: PlanSizing): string {
  const cpu = sizing.cpu;
  const table = `Rating table ${escapeHtml(cpu.table.version)} (${escapeHtml(cpu.table.source)}).`;
  if (!cpu.target) {
    const model = plan.hostModel.cpuModel;
    return (
      `<p>CPU demand is compared 1:1 in MHz: the target model ${model ? `names ${strong(escapeHtml(model))}, which is not rated` : 'names no CPU model'}. ` +
      `${table}</p>`
    );
  }
  const lead =
    `<p>CPU demand is converted to the target's CPU by ratings: target ${rating(cpu.target)}. ` +
    `${strong(plural(cpu.normalized, 'server'))} normalized; ${strong(plural(cpu.unrated, 'server'))} ` +
    `with no rated CPU model compared 1:1 in MHz. ${table}</p>`;
  if (cpu.sources.length === 0) return lead;
  const sorted = [...cpu.sources].sort(
    (a, b) => b.assets - a.assets || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0),
  );
  const shown = sorted.slice(0, MAX_CPU_SOURCES);
  const rows = shown.map((r) => [
    escapeHtml(r.model),
    formatNumber(r.perCore, 1),
    formatNumber(r.perGHz, 2),
    formatNumber(r.mhz),
    SOURCES[r.source],
    formatNumber(r.assets),
  ]);
  const rest = sorted.slice(MAX_CPU_SOURCES);
  const more =
    rest.length > 0
      ? `<p class="muted">and ${plural(rest.length, 'more CPU model')} (${plural(
          rest.reduce((n, r) => n + r.assets, 0),
          'server',
        )}).</p>`
      : '';
  return (
    lead +
    htmlTable(['Source CPU model', 'Per core', 'Per GHz', 'MHz', 'From', 'Servers'], rows, {
      numericColumns: [1, 2, 3, 5],
    }) +
    more
  );
}
