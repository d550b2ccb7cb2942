import type { Estate, TargetModel } from '@vplan/domain';
import { planEstate, ruleConstraints, type EngineContext } from '@vplan/engine';
import { FormatError, parseTargetModels, planToCsv, unwrapFormatResult } from '@vplan/formats';
import { renderCompatibilitySection, renderReport } from '@vplan/report';
import { analyzeCompatibility, parseRuleSet } from '@vplan/rules';
import type { WireError } from '@vplan/contracts';
import type { PlanArtifacts, PlanTask } from './plan-task';

/**
 * Plans a task exactly as `vplan plan` does with the same inputs: `planEstate` with the
 * rule set compiled by `ruleConstraints` against the chosen target model, then
 * `plan.json`, `plan.csv` and the report (with the compatibility section when the
 * scenario has rules). Throws FormatError for bad rule or target sources.
 */
export function planArtifacts(task: PlanTask, context: EngineContext): PlanArtifacts {
  const ruleSet = task.ruleSet
    ? unwrapFormatResult(parseRuleSet(task.ruleSet.text, task.ruleSet.file))
    : undefined;
  let targets: { target: TargetModel; all: TargetModel[] } | undefined;
  if (task.targets) {
    const all = unwrapFormatResult(parseTargetModels(task.targets.text, task.targets.file));
    const wanted = task.targets.target;
    const target = wanted === undefined ? all[0] : all.find((t) => t.name === wanted);
    if (!target) {
      throw new FormatError({
        file: task.targets.file,
        row: 1,
        column: 1,
        message:
          wanted === undefined
            ? 'defines no target model'
            : `no model named ${wanted} (it has ${all.map((t) => t.name).join(', ')})`,
      });
    }
    targets = { target, all };
  }
  const estate: Estate = { assets: task.assets, series: task.series };
  const planned = planEstate(
    estate,
    task.options,
    task.source,
    context,
    ruleSet ? ruleConstraints(ruleSet, targets?.target) : undefined,
  );
  const extraSections = [];
  if (ruleSet) {
    context.onPhase?.('analysing compatibility');
    extraSections.push(
      renderCompatibilitySection(analyzeCompatibility(ruleSet, estate.assets, targets?.all)),
    );
  }
  context.onPhase?.('rendering plan and report');
  const demand = new Map(
    planned.matrix.assets.map(({ asset, demand: d }) => [asset.id, d] as const),
  );
  return {
    planJson: `${JSON.stringify(planned.plan, null, 2)}\n`,
    planCsv: planToCsv(planned.plan),
    reportHtml: renderReport({ plan: planned.plan, demand, extraSections }),
    summary: planned.plan.summary,
  };
}

/** A thrown value as a wire error: bad rule/target sources and options are BAD_REQUEST. */
export function wireErrorOf(error: unknown): WireError {
  if (error instanceof FormatError) return { code: 'BAD_REQUEST', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (/required when memory is planned/.test(message)) return { code: 'BAD_REQUEST', message };
  return { code: 'INTERNAL', message: `planning failed: ${message}` };
}
