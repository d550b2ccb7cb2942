import type { PlanDocument } from '@vplan/formats';
import { formatNumber, formatPercent, ordinal } from './format';
import { escapeHtml } from './html';

/** A count with its noun: `1 host`, `3 hosts`. */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;
export const strong = (text: string): string => `<strong>${text}</strong>`;

/** A share with enough digits to tell small ones apart: `0.05%`, `1.0%`, `12.5%`. */
export function finePercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const pct = share * 100;
  return `${formatNumber(pct, pct > 0 && pct < 1 ? 2 : 1)}%`;
}

/** The first letter in capitals: warnings are written as clauses. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Before you sign": what the plan assumed or lacks (`summary.warnings`), as a box near
 * the top of the summary. Empty for plans that record no warnings (v1).
 */
export function beforeYouSign(plan: PlanDocument): string {
  const warnings = plan.summary.warnings;
  if (warnings === undefined) return '';
  if (warnings.length === 0) {
    return '<p class="ok"><strong>Before you sign:</strong> nothing was assumed; every figure rests on measured data and the stated policy.</p>';
  }
  const items = warnings.map((w) => `<li>${escapeHtml(sentence(w))}</li>`).join('');
  return (
    `<div class="warn" role="note"><h3>Before you sign</h3>` +
    `<p>This plan rests on ${plural(warnings.length, 'assumption or gap', 'assumptions and gaps')} that a planner must accept:</p>` +
    `<ul>${items}</ul></div>`
  );
}

/** Key-figure cards of a v2 plan: confidence, failover reserve, servers sized by allocation. */
export function riskCards(
  plan: PlanDocument,
  card: (label: string, value: string, note?: string) => string,
): string[] {
  const s = plan.summary;
  const out: string[] = [];
  if (s.confidenceRating !== undefined) {
    const note =
      s.confidence === undefined ? '' : `${formatPercent(s.confidence)}, weighted by demand`;
    out.push(card('Data confidence', escapeHtml(s.confidenceRating), note));
  }
  const k = failoverK(plan);
  if (k !== undefined) {
    const added = plan.failover?.addedHosts;
    out.push(
      card(
        'Failover reserve',
        k === 0 ? 'none' : `${formatNumber(k)} host${k === 1 ? '' : 's'}`,
        k === 0
          ? 'no failover reserve'
          : added === undefined
            ? ''
            : `${plural(added, 'host')} added`,
      ),
    );
  }
  if (s.assumed !== undefined) {
    const low = s.lowCoverage === undefined ? '' : `${formatNumber(s.lowCoverage)} low coverage`;
    out.push(card('Sized by allocation', formatNumber(s.assumed), low));
  }
  return out;
}

/** Host failures the plan absorbs, when the plan records it (0 = no reserve). */
export function failoverK(plan: PlanDocument): number | undefined {
  return plan.failover?.k ?? plan.summary.failover ?? plan.sizing?.failover.k;
}

/** Plain-language findings about the plan's risks: failover, assumed sizes, coverage, percentile. */
export function riskFindings(plan: PlanDocument): string[] {
  const s = plan.summary;
  const out: string[] = [];
  if (!plan.sizing) {
    out.push(
      'This plan was written in plan.json version 1: it records no sizing policy, no per-server ' +
        'sizing basis and no failover proof, so the report cannot show them.',
    );
  }
  const k = failoverK(plan);
  if (plan.failover) {
    const f = plan.failover;
    out.push(
      `The plan survives the loss of any ${strong(plural(f.k, 'host'))}${s.clusters ? ' per cluster' : ''}: ` +
        `every VM of a failed host has a proven place elsewhere` +
        (f.addedHosts > 0
          ? `; ${strong(plural(f.addedHosts, 'host'))} ${f.addedHosts === 1 ? 'was' : 'were'} added for it.`
          : '.'),
    );
  } else if (k === 0) {
    out.push(`${strong('No failover reserve')}: if a host fails, its VMs have nowhere to go.`);
  }
  if (s.assumed !== undefined && s.assumed > 0) {
    const util = plan.sizing ? ` × ${formatPercent(plan.sizing.unmeasuredUtilization)}` : '';
    out.push(
      `${strong(plural(s.assumed, 'server'))} ${s.assumed === 1 ? 'was' : 'were'} sized by allocation${util} ` +
        'because some resource of theirs was never measured.',
    );
  }
  if (s.lowCoverage !== undefined && s.lowCoverage > 0) {
    const min = plan.sizing
      ? ` for less than ${formatPercent(plan.sizing.minCoverage)} of the period`
      : ' too briefly';
    out.push(
      `${strong(plural(s.lowCoverage, 'server'))} ${s.lowCoverage === 1 ? 'was' : 'were'} measured${min} (low coverage).`,
    );
  }
  const risk = percentileRisk(plan);
  if (risk) out.push(risk);
  if (s.confidenceRating !== undefined) {
    const pct = s.confidence === undefined ? '' : ` (${formatPercent(s.confidence)})`;
    out.push(`Confidence in the demand data: ${strong(escapeHtml(s.confidenceRating))}${pct}.`);
  }
  return out;
}

/** What the percentile risks: allowed exceedance slots, and what the replay of the plan found. */
function percentileRisk(plan: PlanDocument): string | undefined {
  const sizing = plan.sizing;
  if (!sizing || sizing.allowedExceedanceSlots === 0) return undefined;
  const slots = plan.input.slots;
  const allowed = sizing.allowedExceedanceSlots;
  let text =
    `Sized at the ${ordinal(sizing.percentile)} percentile, hosts may exceed usable capacity in up to ` +
    `${strong(plural(allowed, 'slot'))} (${finePercent(allowed / Math.max(1, slots))}) of ${formatNumber(slots)}.`;
  const over = plan.hosts.filter((h) => (h.exceedance?.slots ?? 0) > 0);
  if (over.length > 0) {
    const worst = Math.max(...over.map((h) => h.exceedance?.worstRatio ?? 0));
    const most = Math.max(...over.map((h) => h.exceedance?.slots ?? 0));
    text +=
      ` Replayed on the demand, ${plural(over.length, 'host')} ${over.length === 1 ? 'does' : 'do'}, ` +
      `in ${plural(most, 'slot')} at most, peaking at ${finePercent(worst)} of usable capacity.`;
  } else if (plan.hosts.some((h) => h.exceedance)) {
    text += ' Replayed on the demand, no host does.';
  }
  return text;
}
