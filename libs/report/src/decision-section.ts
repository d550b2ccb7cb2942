import type { PlanDocument } from '@vplan/formats';
import { formatNumber, formatPercent } from './format';
import { escapeHtml, htmlTable } from './html';
import { failoverK, plural, strong } from './summary-risks';

/** Hosts of one model in the plan: today's hosts kept and new hosts bought. */
export interface ModelDecision {
  readonly model: string;
  readonly keep: number;
  readonly buy: number;
  readonly costPerMonth?: number;
}

/** Hosts to keep and buy per model, from `hosts[].model/existing` (v3) or the one host model. */
export function modelDecisions(plan: PlanDocument): ModelDecision[] {
  const counts = new Map<string, { keep: number; buy: number }>();
  for (const host of plan.hosts) {
    const model = host.model ?? plan.hostModel.name;
    const entry = counts.get(model) ?? { keep: 0, buy: 0 };
    if (host.existing !== undefined) entry.keep++;
    else entry.buy++;
    counts.set(model, entry);
  }
  const perModel = new Map((plan.economics?.perModel ?? []).map((m) => [m.model, m] as const));
  return [...counts.entries()].map(([model, { keep, buy }]) => {
    const cost = perModel.get(model)?.costPerMonth;
    return { model, keep, buy, ...(cost !== undefined ? { costPerMonth: cost } : {}) };
  });
}

/** A sum of money: `12,340 EUR`, or the number alone when the plan names no currency. */
function money(value: number, currency: string | undefined): string {
  return `${formatNumber(value)}${currency ? ` ${escapeHtml(currency)}` : ''}`;
}

/** A signed saving: positive = the plan is cheaper. */
function saving(value: number, text: (n: number) => string): string {
  return value >= 0 ? `saves ${text(value)}` : `costs ${text(-value)} more`;
}

const card = (label: string, value: string, note = ''): string =>
  `<div class="card"><div class="label">${label}</div><div class="value">${value}</div>` +
  `<div class="note">${note}</div></div>`;

/**
 * The decision a manager signs, first in the report: hosts to buy and keep per model,
 * cost per month and year, energy, licensed cores, savings against today and against
 * peak-based sizing, risk (hosts above usable capacity, failover reserve) and data
 * confidence. Figures the plan lacks (no economics, no inventory of today) are left out.
 */
export function renderDecisionSection(plan: PlanDocument): string {
  const decisions = modelDecisions(plan);
  const econ = plan.economics;
  const currency = econ?.currency;
  const keep = decisions.reduce((n, d) => n + d.keep, 0);
  const buy = decisions.reduce((n, d) => n + d.buy, 0);
  const what = [
    ...(buy > 0 ? [`buy ${strong(plural(buy, 'host'))}`] : []),
    ...(keep > 0 ? [`keep ${strong(plural(keep, 'existing host'))}`] : []),
  ];
  const unplaced = plan.summary.assets - plan.summary.placed;
  const lead =
    `<p class="lead decision">Decision: ${what.length > 0 ? what.join(' and ') : 'no host is needed'}` +
    ` for ${plural(plan.summary.placed, 'server')}` +
    (unplaced > 0 ? `; ${plural(unplaced, 'server')} cannot move yet (see Unplaced servers)` : '') +
    '.</p>';

  const withCost = decisions.some((d) => d.costPerMonth !== undefined);
  const table = htmlTable(
    ['Host model', 'Keep', 'Buy', ...(withCost ? ['Cost per month'] : [])],
    decisions.map((d) => [
      escapeHtml(d.model),
      formatNumber(d.keep),
      formatNumber(d.buy),
      ...(withCost ? [d.costPerMonth === undefined ? '–' : money(d.costPerMonth, currency)] : []),
    ]),
    { className: 'decision', numericColumns: withCost ? [1, 2, 3] : [1, 2] },
  );

  const cards: string[] = [];
  if (econ) {
    const t = econ.total;
    cards.push(
      card(
        'Cost per month',
        money(t.costPerMonth, currency),
        `${money(t.costPerYear, currency)} per year`,
      ),
      card(
        'Energy',
        `${formatNumber(t.energyKwhPerMonth)} kWh`,
        `per month, ${money(t.energyCostPerMonth, currency)}`,
      ),
    );
    const cores = t.licensedCores.windowsDatacenter + t.licensedCores.sqlServer;
    if (cores > 0) {
      cards.push(
        card(
          'Licensed cores',
          formatNumber(cores),
          `Windows DC ${formatNumber(t.licensedCores.windowsDatacenter)} · SQL ${formatNumber(t.licensedCores.sqlServer)}`,
        ),
      );
    }
  }
  cards.push(...savingCards(plan, currency), ...riskAndConfidence(plan));
  return [lead, table, `<div class="cards">${cards.join('')}</div>`].join('\n');
}

function savingCards(plan: PlanDocument, currency: string | undefined): string[] {
  const out: string[] = [];
  const s = plan.economics?.savings;
  const today = plan.today;
  if (s?.vsToday) {
    out.push(
      card(
        'Against today',
        saving(s.vsToday.costPerMonth, (n) => money(n, currency)),
        `per month; ${saving(s.vsToday.hosts, (n) => plural(n, 'host'))} (${formatNumber(today?.hosts ?? 0)} today)`,
      ),
    );
  } else if (today) {
    const d = today.hosts - plan.summary.hosts;
    out.push(
      card(
        'Against today',
        saving(d, (n) => plural(n, 'host')),
        `${formatNumber(today.hosts)} hosts today`,
      ),
    );
  }
  if (s?.vsPeak) {
    out.push(
      card(
        'Against peak sizing',
        saving(s.vsPeak.costPerMonth, (n) => money(n, currency)),
        `per month; ${saving(s.vsPeak.hosts, (n) => plural(n, 'host'))}`,
      ),
    );
  } else if (plan.summary.peakBasedHosts !== undefined) {
    const peak = plan.summary.peakBasedHosts;
    const d = peak - plan.summary.hosts;
    out.push(
      card(
        'Against peak sizing',
        saving(d, (n) => plural(n, 'host')),
        `${formatNumber(peak)} hosts at peak`,
      ),
    );
  }
  return out;
}

function riskAndConfidence(plan: PlanDocument): string[] {
  const out: string[] = [];
  const over = plan.hosts.filter((h) => (h.exceedance?.slots ?? 0) > 0).length;
  const k = failoverK(plan);
  const reserve =
    k === undefined
      ? ''
      : k === 0
        ? 'no failover reserve'
        : `survives ${plural(k, 'host failure')}`;
  if (over > 0 || k !== undefined) {
    out.push(
      card(
        'Risk',
        over > 0 ? `<span class="over">${plural(over, 'host')}</span>` : 'none',
        `${over > 0 ? 'above usable capacity in some slots' : 'no host above usable capacity'}${reserve ? `; ${reserve}` : ''}`,
      ),
    );
  }
  if (plan.summary.confidenceRating !== undefined) {
    const c = plan.summary.confidence;
    out.push(
      card(
        'Confidence',
        escapeHtml(plan.summary.confidenceRating),
        c === undefined ? '' : `${formatPercent(c)}, weighted by demand`,
      ),
    );
  }
  return out;
}
