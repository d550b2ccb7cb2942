import type { Estate, TargetModel } from '@vplan/domain';
import type { FormatError, PlanDocument, PlanOptions } from '@vplan/formats';
import { parseTargetModels, planToCsv } from '@vplan/formats';
import { renderCompatibilitySection, renderReport } from '@vplan/report';
import type { RuleSet } from '@vplan/rules';
import { analyzeCompatibility, parseRuleSet } from '@vplan/rules';
import type { EngineContext } from './plan-estate';
import { isFleetPlan, fleetModels } from './fleet/fleet-models';
import { planFleet, type FleetPlan } from './fleet/plan-fleet';
import { singleModelEconomics } from './fleet/single-model';
import { periodStartMs, planEstate } from './plan-estate';
import type { PlanSource } from './plan-document';
import { resolvePlanTarget, type PlanProblem, type PlanTargets } from './plan-target';
import { ruleConstraints } from './rule-constraints';

/** A rule or target document as text, with the name its messages give it. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** The documents of a scenario, parsed. */
export interface PlanDocuments {
  readonly ruleSet?: RuleSet;
  readonly targets?: PlanTargets;
}

/**
 * Parses a scenario's rule set and target models (YAML or JSON). Fails with the first
 * `file:line:column` problem, so bad documents are refused before any data is read.
 */
export function readPlanDocuments(sources: {
  readonly ruleSet?: SourceText;
  readonly targets?: SourceText & { readonly target?: string };
}):
  | { readonly ok: true; readonly value: PlanDocuments }
  | { readonly ok: false; readonly error: FormatError } {
  let ruleSet: RuleSet | undefined;
  if (sources.ruleSet) {
    const parsed = parseRuleSet(sources.ruleSet.text, sources.ruleSet.file);
    if (!parsed.ok) return parsed;
    ruleSet = parsed.value;
  }
  let targets: PlanTargets | undefined;
  if (sources.targets) {
    const parsed = parseTargetModels(sources.targets.text, sources.targets.file);
    if (!parsed.ok) return parsed;
    targets = {
      file: sources.targets.file,
      all: parsed.value,
      ...(sources.targets.target !== undefined ? { name: sources.targets.target } : {}),
    };
  }
  return { ok: true, value: { ...(ruleSet ? { ruleSet } : {}), ...(targets ? { targets } : {}) } };
}

/** Everything a plan is made from: the estate, the scenario's options and documents. */
export interface PlanRequest extends PlanDocuments {
  readonly estate: Estate;
  readonly options: PlanOptions;
  readonly source: PlanSource;
  /** The report's title. */
  readonly title?: string;
}

/** A plan with its three files, rendered exactly as the CLI writes and the service stores them. */
export interface PlanArtifacts {
  readonly planned: { readonly plan: PlanDocument };
  readonly planJson: string;
  readonly planCsv: string;
  readonly reportHtml: string;
}

export type ArtifactsOutcome =
  ({ readonly ok: true } & PlanArtifacts) | { readonly ok: false; readonly problem: PlanProblem };

/**
 * The whole pipeline from an estate and a scenario to `plan.json`, `plan.csv` and the
 * report: the target model (capacity, headroom and allocation limits from the target,
 * overridden by the options), the rules compiled against it, the sizing policy, the
 * packing and failover proof, the compatibility section. The CLI and the planning
 * worker both call this and nothing else, so the same inputs give the same bytes.
 */
export function planArtifacts(request: PlanRequest, context: EngineContext): ArtifactsOutcome {
  const planned = planRequest(request, context);
  if (!planned.ok) return planned;
  const extraSections = [];
  if (request.ruleSet) {
    context.onPhase?.('analysing compatibility');
    const all: readonly TargetModel[] | undefined = request.targets?.all;
    extraSections.push(
      renderCompatibilitySection(
        analyzeCompatibility(request.ruleSet, request.estate.assets, all, {
          referenceUtcMs: periodStartMs(request.estate),
        }),
      ),
    );
  }
  context.onPhase?.('rendering plan and report');
  return {
    ok: true,
    planned: { plan: planned.plan },
    planJson: `${JSON.stringify(planned.plan, null, 2)}\n`,
    planCsv: planToCsv(planned.plan),
    reportHtml: renderReport({
      plan: planned.plan,
      demand: planned.demand,
      measured: planned.measured,
      extraSections,
      ...(request.title !== undefined ? { title: request.title } : {}),
    }),
  };
}

/**
 * The plan of a request: over a fleet (keep-existing, or several target models with none
 * named) or on one host model, priced whenever a target model or today's hosts are known.
 */
export function planRequest(
  request: PlanRequest,
  context: EngineContext,
): ({ readonly ok: true } & FleetPlan) | { readonly ok: false; readonly problem: PlanProblem } {
  const { estate, options, targets, ruleSet } = request;
  if (isFleetPlan(options, targets)) {
    const fleet = fleetModels(options, targets, ruleSet, estate.baseline);
    if (!fleet.ok) return fleet;
    return {
      ok: true,
      ...planFleet(estate, options, request.source, context, fleet.models, fleet.notes),
    };
  }
  const resolved = resolvePlanTarget(options, targets);
  if (!resolved.ok) return resolved;
  const { target } = resolved;
  const planned = planEstate(
    estate,
    options,
    request.source,
    context,
    ruleSet ? ruleConstraints(ruleSet, target.target) : undefined,
    target,
  );
  const demand = new Map(
    planned.matrix.assets.map(({ asset, demand: d }) => [asset.id, d] as const),
  );
  const plan = target.target
    ? singleModelEconomics(planned, { target, priced: target.target }, estate, options)
    : planned.plan;
  return { ok: true, plan, demand, measured: planned.matrix.measured };
}
