import { planArtifacts, readPlanDocuments, type EngineContext } from '@vplan/engine';
import type { WireError } from '@vplan/contracts';
import type { PlanArtifacts, PlanTask } from './plan-task';

/**
 * Plans a task with the engine's one pipeline (`planArtifacts`), exactly as `vplan plan`
 * does with the same scenario: bad rule or target documents and an incomplete host model
 * come back as BAD_REQUEST.
 */
export function planTask(
  task: PlanTask,
  context: EngineContext,
):
  | { readonly ok: true; readonly artifacts: PlanArtifacts }
  | { readonly ok: false; readonly error: WireError } {
  const documents = readPlanDocuments({
    ...(task.ruleSet ? { ruleSet: task.ruleSet } : {}),
    ...(task.targets ? { targets: task.targets } : {}),
  });
  if (!documents.ok)
    return { ok: false, error: { code: 'BAD_REQUEST', message: documents.error.message } };
  const outcome = planArtifacts(
    {
      estate: {
        assets: task.assets,
        series: task.series,
        ...(task.baseline ? { baseline: task.baseline } : {}),
      },
      options: task.options,
      source: task.source,
      ...documents.value,
    },
    context,
  );
  if (!outcome.ok)
    return { ok: false, error: { code: 'BAD_REQUEST', message: outcome.problem.message } };
  return {
    ok: true,
    artifacts: {
      planJson: outcome.planJson,
      planCsv: outcome.planCsv,
      reportHtml: outcome.reportHtml,
      summary: outcome.planned.plan.summary,
    },
  };
}

/** An unexpected failure of the worker as a wire error. */
export function wireErrorOf(error: unknown): WireError {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `planning failed: ${message}` };
}
