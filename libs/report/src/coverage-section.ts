import { RESOURCE_UNITS, type ResourceName } from '@vplan/domain';
import type { PlanAsset, PlanDocument } from '@vplan/formats';
import { formatNumber, formatPercent, formatQuantity, resourceLabel } from './format';
import { escapeHtml, htmlTable } from './html';
import { rampColor } from './palette';
import { plural, strong } from './summary-risks';

/** Servers listed per table at most; the rest are counted. */
export const MAX_LISTED_ASSETS = 50;

/** Confidence bands of the distribution, low to high: `[from, to)`, the last one closed. */
const CONFIDENCE_BANDS: readonly (readonly [number, number])[] = [
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.6],
  [0.6, 0.8],
  [0.8, 1],
];

const BASIS_WORDS: Readonly<Record<PlanAsset['basis'], string>> = {
  measured: 'measured usage series',
  snapshot: 'one usage snapshot from the inventory (no series)',
  assumed: 'allocation × assumed utilization (nothing measured)',
  mixed: 'measured for some resources, allocation for the others',
};

const byId = (a: PlanAsset, b: PlanAsset): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const asset = (a: PlanAsset): string => `<span class="asset">${escapeHtml(a.id)}</span>`;
const hostOf = (a: PlanAsset): string =>
  a.host === undefined ? '<span class="muted">unplaced</span>' : escapeHtml(a.host);

/**
 * What each server was sized from: counts by basis, the servers sized by allocation and
 * the low-coverage ones (each list capped at MAX_LISTED_ASSETS), and the distribution of
 * confidence. Plans without `assets` (upgraded from v1) get a line.
 */
export function renderCoverageSection(plan: PlanDocument): string {
  const assets = plan.assets;
  if (!assets) {
    return '<p>This plan was written in plan.json version 1, which does not record what each server was sized from.</p>';
  }
  if (assets.length === 0) return '<p>No server was sized.</p>';
  const resources = plan.input.resources;
  return [
    basisTable(assets),
    '<h3>Confidence of the demand data</h3>',
    '<p>Per server: the measured share of the period, lowered when the measurements span less ' +
      'than two weeks; 0 for a server sized by allocation.</p>',
    confidenceTable(assets),
    '<h3>Servers sized by allocation</h3>',
    assumedTable(assets, resources),
    '<h3>Servers with low coverage</h3>',
    lowCoverageTable(plan, assets, resources),
  ].join('\n');
}

function basisTable(assets: readonly PlanAsset[]): string {
  const count = (basis: PlanAsset['basis']): number =>
    assets.filter((a) => a.basis === basis).length;
  const rows = (['measured', 'mixed', 'assumed'] as const).map((basis) => [
    escapeHtml(basis),
    escapeHtml(BASIS_WORDS[basis]),
    formatNumber(count(basis)),
    formatPercent(count(basis) / assets.length),
  ]);
  const allocationAssumed = assets.filter((a) => (a.allocationAssumed?.length ?? 0) > 0).length;
  const note =
    allocationAssumed > 0
      ? `<p>${strong(plural(allocationAssumed, 'server'))} had no vCPU count or configured memory in the ` +
        'inventory; the allocation counted against the host limits was derived from measured peaks.</p>'
      : '';
  return (
    `<p>What the ${plural(assets.length, 'sized server')} ${assets.length === 1 ? 'was' : 'were'} sized from.</p>` +
    htmlTable(['Basis', 'Meaning', 'Servers', 'Share'], rows, { numericColumns: [2, 3] }) +
    note
  );
}

function confidenceTable(assets: readonly PlanAsset[]): string {
  const rows = CONFIDENCE_BANDS.map(([from, to], i) => {
    const last = i === CONFIDENCE_BANDS.length - 1;
    const n = assets.filter(
      (a) => a.confidence >= from && (last ? a.confidence <= to : a.confidence < to),
    ).length;
    const share = n / assets.length;
    const bar = `<span class="bar" style="width:${Math.round(share * 160)}px;background:${rampColor(1 - (from + to) / 2)}"></span>`;
    return [
      `${formatPercent(from)}–${formatPercent(to)}`,
      formatNumber(n),
      `${bar} ${formatPercent(share)}`,
    ];
  });
  return htmlTable(['Confidence', 'Servers', 'Share'], rows, { numericColumns: [1] });
}

function assumedTable(assets: readonly PlanAsset[], resources: readonly ResourceName[]): string {
  const assumed = assets.filter((a) => a.basis !== 'measured');
  if (assumed.length === 0) return '<p class="ok">Every server was sized from measured usage.</p>';
  // The largest first: they carry most of what was assumed.
  const sorted = [...assumed].sort(
    (a, b) =>
      b.allocation.vcpus - a.allocation.vcpus ||
      b.allocation.memoryGiB - a.allocation.memoryGiB ||
      byId(a, b),
  );
  const headers = ['Server', 'Host', 'Basis', 'vCPUs', 'Memory (GiB)'];
  for (const r of resources)
    headers.push(`${escapeHtml(resourceLabel(r))} sized at (${RESOURCE_UNITS[r]})`);
  const rows = sorted
    .slice(0, MAX_LISTED_ASSETS)
    .map((a) => [
      asset(a),
      hostOf(a),
      escapeHtml(a.basis),
      formatQuantity(a.allocation.vcpus),
      formatQuantity(a.allocation.memoryGiB),
      ...resources.map((r) => formatQuantity(a.peak[r] ?? 0)),
    ]);
  return (
    `<p>${strong(plural(assumed.length, 'server'))} had some resource never measured and ${assumed.length === 1 ? 'was' : 'were'} ` +
    'sized from allocation; the largest are listed.</p>' +
    htmlTable(headers, rows, { numericColumns: headers.map((_, i) => i).filter((i) => i >= 3) }) +
    rest(sorted.length)
  );
}

function lowCoverageTable(
  plan: PlanDocument,
  assets: readonly PlanAsset[],
  resources: readonly ResourceName[],
): string {
  const low = assets.filter((a) => a.lowCoverage);
  const min = plan.sizing
    ? ` (measured for less than ${formatPercent(plan.sizing.minCoverage)} of the period)`
    : '';
  if (low.length === 0) return `<p class="ok">No server has low coverage${min}.</p>`;
  const sorted = [...low].sort((a, b) => a.confidence - b.confidence || byId(a, b));
  const headers = ['Server', 'Host'];
  for (const r of resources) headers.push(`${escapeHtml(resourceLabel(r))} coverage`);
  headers.push('Confidence');
  const rows = sorted
    .slice(0, MAX_LISTED_ASSETS)
    .map((a) => [
      asset(a),
      hostOf(a),
      ...resources.map((r) =>
        a.coverage[r] === undefined ? '–' : formatPercent(a.coverage[r] ?? 0),
      ),
      formatPercent(a.confidence),
    ]);
  return (
    `<p>${strong(plural(low.length, 'server'))}${min}; the lowest confidence first.</p>` +
    htmlTable(headers, rows, { numericColumns: headers.map((_, i) => i).filter((i) => i >= 2) }) +
    rest(sorted.length)
  );
}

function rest(total: number): string {
  if (total <= MAX_LISTED_ASSETS) return '';
  return `<p class="muted">The first ${formatNumber(MAX_LISTED_ASSETS)} of ${formatNumber(total)} are listed; ${formatNumber(total - MAX_LISTED_ASSETS)} more are in plan.json.</p>`;
}
