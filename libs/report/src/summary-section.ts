import { RESOURCE_NAMES, RESOURCE_UNITS } from '@vplan/domain';
import type { PlanDocument } from '@vplan/formats';
import type { EstateDemand } from './estate';
import {
  formatDuration,
  formatIsoTimestamp,
  formatNumber,
  formatPercent,
  formatQuantity,
  ordinal,
  resourceLabel,
} from './format';
import { escapeHtml, htmlTable } from './html';
import { beforeYouSign, plural, riskCards, riskFindings, strong } from './summary-risks';
import type { TimeAxis } from './time-axis';
/** A resource name inside a sentence: `CPU`, `memory`. */
const inSentence = (resource: string): string =>
  resource === 'cpu' ? 'CPU' : resourceLabel(resource).toLowerCase();

const STRATEGIES: Readonly<Record<string, string>> = {
  'time-aware': 'time-aware packing: servers whose peaks fall at different times share a host',
  'peak-ffd': 'peak-based first-fit decreasing: each server is sized at its own peak',
};
const STOPS: Readonly<Record<string, string>> = {
  'lower-bound': 'reached the lower bound (no better plan exists)',
  iterations: 'used its iteration budget',
  time: 'used its time budget',
  converged: 'found no further improvement',
  construction: 'kept its first construction',
};

/** The manager's summary: key figures, plain-language findings and the plan's settings. */
export function renderSummary(plan: PlanDocument, estate: EstateDemand, axis: TimeAxis): string {
  const s = plan.summary;
  const unplaced = s.assets - s.placed;
  const card = (label: string, value: string, note = ''): string =>
    `<div class="card"><div class="label">${label}</div><div class="value">${value}</div>` +
    `<div class="note">${note}</div></div>`;
  const savings = s.peakBasedHosts === undefined ? undefined : s.peakBasedHosts - s.hosts;
  const cards = [
    card('Source servers', formatNumber(s.assets)),
    card(
      'Placed',
      formatNumber(s.placed),
      unplaced > 0 ? `${formatNumber(unplaced)} not placed` : 'all servers',
    ),
    card('Hosts needed', formatNumber(s.hosts), escapeHtml(plan.hostModel.name)),
    card('Consolidation', `${formatNumber(s.consolidationRatio, 1)} : 1`, 'servers per host'),
    card('Lower bound', formatNumber(s.lowerBound), `gap ${plural(s.gap, 'host')}`),
  ];
  if (s.peakBasedHosts !== undefined && savings !== undefined) {
    const note =
      savings > 0 && s.peakBasedHosts > 0
        ? `saves ${formatNumber(savings)} (${formatPercent(savings / s.peakBasedHosts)})`
        : savings === 0
          ? 'same host count'
          : `${formatNumber(-savings)} fewer than this plan`;
    cards.push(card('Peak-based sizing', formatNumber(s.peakBasedHosts), note));
  }
  cards.push(...riskCards(plan, card));

  return [
    `<p class="lead">${headline(plan)}</p>`,
    beforeYouSign(plan),
    `<div class="cards">${cards.join('')}</div>`,
    `<ul class="findings">${findings(plan, estate, axis)
      .map((f) => `<li>${f}</li>`)
      .join('')}</ul>`,
    '<h3>At the busiest moment</h3>',
    busiestTable(plan, estate, axis),
    '<h3>Host model</h3>',
    hostModelTable(plan),
    '<h3>How this plan was made</h3>',
    settings(plan, axis),
  ].join('\n');
}

function headline(plan: PlanDocument): string {
  const s = plan.summary;
  const unplaced = s.assets - s.placed;
  const servers =
    unplaced > 0
      ? `${strong(formatNumber(s.placed))} of ${strong(plural(s.assets, 'server'))} (${formatNumber(unplaced)} could not be placed)`
      : strong(plural(s.assets, 'server'));
  let text = `${strong(plural(s.hosts, 'host'))} ${unplaced > 0 ? 'for' : 'instead of'} ${servers}`;
  if (s.peakBasedHosts !== undefined) {
    text += `; sizing each server at its own peak would need ${strong(formatNumber(s.peakBasedHosts))}`;
  }
  return `${text}.`;
}

function findings(plan: PlanDocument, estate: EstateDemand, axis: TimeAxis): string[] {
  const s = plan.summary;
  const out: string[] = [];
  if (s.peakBasedHosts !== undefined) {
    const savings = s.peakBasedHosts - s.hosts;
    if (savings > 0) {
      out.push(
        `Compared with sizing every server at its own peak, this plan saves ${strong(plural(savings, 'host'))}` +
          ` (${formatPercent(savings / s.peakBasedHosts)} of ${formatNumber(s.peakBasedHosts)}).`,
      );
    } else if (savings === 0) {
      out.push('Sizing every server at its own peak would need the same number of hosts.');
    } else {
      out.push(`Sizing every server at its own peak would need ${plural(-savings, 'host')} fewer.`);
    }
  }
  const limiting = inSentence(s.limitingResource);
  const basis = {
    volume: limiting,
    'large-items': `servers larger than half a host at the same moment (${limiting})`,
    'exclusive-group': 'servers that may not share a host',
    'rule-classes': 'groups that may not share hosts',
    allocation: 'the allocation limits per host (vCPUs, configured memory or VMs)',
    exceedance: `the slots a host may exceed usable capacity in (${limiting})`,
  }[s.lowerBoundBasis ?? 'volume'];
  out.push(
    s.gap <= 0
      ? `No plan can use fewer hosts: ${strong(formatNumber(s.lowerBound))} is the lower bound, set by ${basis}.`
      : `No plan can use fewer than ${strong(plural(s.lowerBound, 'host'))} (the lower bound, set by ${basis}); ` +
          `this plan is ${strong(plural(s.gap, 'host'))} above it.`,
  );
  const busiest = estate.resources.find((r) => r.resource === s.limitingResource);
  if (busiest && Number.isFinite(busiest.hostsAtPeak)) {
    out.push(
      `${resourceLabel(s.limitingResource)} is the limiting resource: at the busiest moment ` +
        `(${escapeHtml(axis.slotLabel(busiest.sample.peakSlot))}) the placed servers need ` +
        `${strong(formatNumber(busiest.hostsAtPeak, 1))} hosts' worth of ${limiting}.`,
    );
  } else {
    out.push(`${resourceLabel(s.limitingResource)} is the limiting resource.`);
  }
  if (s.rules) out.push(rulesFinding(s.rules));
  if (s.clusters) out.push(clustersFinding(s.clusters));
  out.push(...riskFindings(plan));
  if (s.hosts > 0) {
    out.push(`On average ${formatNumber(s.consolidationRatio, 1)} servers share one host.`);
  }
  if (estate.missingDemand.length > 0) {
    out.push(
      `${plural(estate.missingDemand.length, 'placed server')} had no demand data and ` +
        `${estate.missingDemand.length === 1 ? 'is' : 'are'} drawn as zero in the charts.`,
    );
  }
  return out;
}

function busiestTable(plan: PlanDocument, estate: EstateDemand, axis: TimeAxis): string {
  const rows = estate.resources.map((r) => {
    const planned = plan.summary.hosts * r.usable;
    return [
      escapeHtml(resourceLabel(r.resource)),
      escapeHtml(axis.slotLabel(r.sample.peakSlot)),
      `${formatQuantity(r.sample.peak)} ${RESOURCE_UNITS[r.resource]}`,
      Number.isFinite(r.hostsAtPeak) ? formatNumber(r.hostsAtPeak, 1) : '–',
      planned > 0 ? formatPercent(r.sample.peak / planned) : '–',
      planned > 0 ? formatPercent(r.sample.mean / planned) : '–',
    ];
  });
  return htmlTable(
    [
      'Resource',
      'Busiest slot',
      'Total demand then',
      "Hosts' worth",
      'Of planned capacity (peak)',
      'Of planned capacity (mean)',
    ],
    rows,
    { numericColumns: [2, 3, 4, 5] },
  );
}

function hostModelTable(plan: PlanDocument): string {
  const model = plan.hostModel;
  const planned = new Set<string>(plan.input.resources);
  const rows = RESOURCE_NAMES.filter((r) => model.capacity[r] !== undefined).map((r) => {
    const unit = RESOURCE_UNITS[r];
    const usable = model.usable[r];
    return [
      escapeHtml(resourceLabel(r)) +
        (planned.has(r) ? '' : ' <span class="muted">(not planned)</span>'),
      `${formatQuantity(model.capacity[r] ?? 0)} ${unit}`,
      formatPercent(model.headroom[r] ?? 0),
      usable === undefined ? '–' : `${formatQuantity(usable)} ${unit}`,
    ];
  });
  return (
    `<p>Model ${strong(escapeHtml(model.name))}; usable capacity = capacity × (1 − headroom).</p>` +
    htmlTable(['Resource', 'Capacity', 'Headroom', 'Usable'], rows, { numericColumns: [1, 2, 3] })
  );
}

function settings(plan: PlanDocument, axis: TimeAxis): string {
  const s = plan.summary;
  const { input } = plan;
  const weekly = plan.sizing ? plan.sizing.profile === 'weekly' : input.percentile < 100;
  const sizing =
    input.percentile >= 100
      ? `every slot must fit (100th percentile): ${escapeHtml(axis.span)}`
      : weekly
        ? `${ordinal(input.percentile)} percentile of each hour of the week: ${escapeHtml(axis.span)}`
        : `${ordinal(input.percentile)} percentile (a host may exceed usable capacity in a few slots): ${escapeHtml(axis.span)}`;
  const items: [string, string][] = [
    ['Strategy', escapeHtml(STRATEGIES[s.strategy] ?? s.strategy)],
    ['Sizing', sizing],
    ['Resources planned', input.resources.map((r) => escapeHtml(resourceLabel(r))).join(', ')],
    [
      'Search',
      `${escapeHtml(STOPS[s.stoppedBy] ?? s.stoppedBy)}; seed ${formatNumber(s.seed)}; ` +
        `packing took ${formatNumber(s.elapsedMs / 1000, 1)} s`,
    ],
    ['Input', `${escapeHtml(input.source)} (${escapeHtml(input.format)})`],
    ...(input.scenario !== undefined
      ? [['Scenario', escapeHtml(input.scenario)] as [string, string]]
      : []),
    ['Time step', escapeHtml(formatDuration(input.stepSeconds))],
    ['Plan generated', escapeHtml(formatIsoTimestamp(plan.generatedAt))],
  ];
  return `<dl class="settings">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** What the constraint rules cost: hosts, blocked servers and remaining soft penalty. */
function rulesFinding(rules: NonNullable<PlanDocument['summary']['rules']>): string {
  const cost =
    rules.extraHosts > 0
      ? `The constraint rules (${escapeHtml(rules.ruleSet)}) cost ${strong(plural(rules.extraHosts, 'extra host'))}: ` +
        `the same servers would need ${strong(formatNumber(rules.hostsWithoutRules))} without them`
      : `The constraint rules (${escapeHtml(rules.ruleSet)}) cost no extra host ` +
        `(${formatNumber(rules.hostsWithoutRules)} without them)`;
  const blocked =
    rules.blocked > 0
      ? `; they keep ${strong(plural(rules.blocked, 'server'))} from being virtualized`
      : '';
  const penalty =
    rules.softPenalty > 0
      ? `; soft rules still cost a penalty of ${formatNumber(rules.softPenalty)} (see the host table)`
      : '; no soft rule is broken';
  return `${cost}${blocked}${penalty}.`;
}

/** How the hosts group into clusters, and what the cluster-scope rules could not keep. */
function clustersFinding(clusters: NonNullable<PlanDocument['summary']['clusters']>): string {
  const problems =
    clusters.problems.length > 0
      ? `; not honoured: ${clusters.problems.map((p) => escapeHtml(p)).join('; ')}`
      : '';
  return (
    `The hosts form ${strong(plural(clusters.count, 'cluster'))} of at most ` +
    `${formatNumber(clusters.size)} hosts, with the cluster-scope rules kept across each cluster${problems}.`
  );
}
