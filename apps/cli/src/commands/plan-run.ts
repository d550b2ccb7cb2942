import { join } from 'node:path';
import type { Command } from 'commander';
import type { Asset, Estate, EstateBaseline } from '@vplan/domain';
import {
  fleetModels,
  isFleetPlan,
  planArtifacts,
  readPlanDocuments,
  resolvePlanTarget,
  todaySummaryLine,
  type PlanDocuments,
  type PlanProblem,
} from '@vplan/engine';
import { unwrapFormatResult, type PlanDocument, type PlanOptions } from '@vplan/formats';
import {
  isRvtoolsInventory,
  loadInventory,
  loadRvtools,
  loadWorkloads,
  readText,
  toInputError,
  type WorkloadFormat,
} from '@vplan/file-input';
import { stderrProgress, type Progress } from '../output/progress';
import { summaryTable } from '../output/summary-table';
import { writePlan } from '../output/write-plan';
import { UsageError } from './options';
import { engineContext } from './engine-context';
import { isFile, loadScenario, mergeOptions, type LoadedScenario } from './plan-scenario';
import { writeComparison } from './compare';

// The steps of `vplan plan` in this process: read a scenario's documents, read the data
// once, plan, print; and several scenarios compared.

export type PlanFlags = Record<string, unknown> & {
  workloads?: string;
  format?: WorkloadFormat;
  api?: string;
  token?: string;
  scenario?: string[];
  inventory?: string;
  rules?: string;
  targets?: string;
  target?: string;
  out: string;
  quiet?: boolean;
};

export interface Prepared {
  readonly scenario?: LoadedScenario;
  readonly rules?: string;
  readonly targetsFile?: string;
  readonly targetName?: string;
  readonly documents: PlanDocuments;
  readonly options: PlanOptions;
}

export async function prepare(
  scenarioPath: string | undefined,
  flags: PlanFlags,
  command: Command,
): Promise<Prepared> {
  const scenario =
    scenarioPath !== undefined && (flags.api === undefined || (await isFile(scenarioPath)))
      ? await loadScenario(scenarioPath)
      : undefined;
  const rules = flags.rules ?? scenario?.rules;
  const targetsFile = flags.targets ?? scenario?.targets;
  const targetName = flags.target ?? scenario?.target;
  if (flags.target !== undefined && !targetsFile) throw new UsageError('--target needs --targets');
  // Read the small files first: a bad rule or target file fails before the traces load.
  const documents = unwrapFormatResult(
    readPlanDocuments({
      ...(rules ? { ruleSet: { file: rules, text: await readFile(rules) } } : {}),
      ...(targetsFile
        ? {
            targets: {
              file: targetsFile,
              text: await readFile(targetsFile),
              ...(targetName ? { target: targetName } : {}),
            },
          }
        : {}),
    }),
  );
  const options = mergeOptions(command, flags, scenario);
  // The host models are checked before reading (today's hosts, with keep-existing, after).
  const models = isFleetPlan(options, documents.targets)
    ? fleetModels({ ...options, keepExisting: false }, documents.targets, undefined, undefined)
    : resolvePlanTarget(options, documents.targets);
  if (!models.ok && !(options.keepExisting && models.problem.code === 'no-host-cpu'))
    throw new UsageError(`${scenario ? `${scenario.file.name}: ` : ''}${usageOf(models.problem)}`);
  return {
    ...(scenario ? { scenario } : {}),
    ...(rules ? { rules } : {}),
    ...(targetsFile ? { targetsFile } : {}),
    ...(targetName ? { targetName } : {}),
    documents,
    options,
  };
}

interface LoadedData {
  readonly estate: Estate;
  readonly source: string;
  readonly format: string;
}

/** Reads the inventory and workloads the flags name (once, for every scenario). */
export async function readData(flags: PlanFlags, progress: Progress): Promise<LoadedData> {
  const rvtools = flags.inventory !== undefined && (await isRvtoolsInventory(flags.inventory));
  if (!rvtools && (flags.workloads === undefined || flags.format === undefined))
    throw new UsageError(
      '--workloads <path> and --format <format> are required (or an RVTools --inventory, or plan with --api)',
    );
  if (flags.workloads !== undefined && flags.format === undefined)
    throw new UsageError('--workloads needs --format <format>');
  let inventory: Asset[] | undefined;
  let baseline: EstateBaseline | undefined;
  if (flags.inventory) {
    progress.phase(`reading inventory ${flags.inventory}`);
    if (rvtools) {
      const imported = (await loadRvtools(flags.inventory)).estate;
      inventory = [...imported.assets];
      baseline = imported.baseline;
    } else {
      inventory = await loadInventory(flags.inventory);
    }
  }
  let loaded: LoadedData;
  if (flags.workloads !== undefined && flags.format !== undefined) {
    const { workloads, format } = flags;
    progress.phase(`reading ${format} workloads from ${workloads}`);
    loaded = await loadWorkloads({
      path: workloads,
      format,
      ...(inventory ? { inventory } : {}),
      onProgress: (done, total) => progress.count('reading traces', done, total),
    });
  } else {
    // An RVTools export alone: sized by allocation and the inventory's usage snapshots.
    loaded = {
      estate: { assets: inventory ?? [], series: [] },
      source: flags.inventory!,
      format: 'rvtools',
    };
  }
  return baseline ? { ...loaded, estate: { ...loaded.estate, baseline } } : loaded;
}

export function planOne(prepared: Prepared, loaded: LoadedData, progress: Progress) {
  const { scenario } = prepared;
  const outcome = planArtifacts(
    {
      estate: loaded.estate,
      options: prepared.options,
      source: scenario
        ? {
            source: `scenario ${scenario.file.name}`,
            format: 'scenario',
            scenario: scenario.file.name,
          }
        : { source: loaded.source, format: loaded.format },
      ...prepared.documents,
    },
    engineContext(progress),
  );
  if (!outcome.ok)
    throw new UsageError(`${scenario ? `${scenario.file.name}: ` : ''}${usageOf(outcome.problem)}`);
  return outcome;
}

/**
 * Several scenarios over one read of the data: each plan in `<out>/<scenario name>/`, then
 * the plans compared (`compare.html`, `compare.xlsx` in `<out>`).
 */
export async function runScenarios(paths: readonly string[], flags: PlanFlags, command: Command) {
  if (flags.api !== undefined)
    throw new UsageError('several --scenario flags plan in this process: not with --api');
  const prepared: Prepared[] = [];
  for (const path of paths) {
    if (!(await isFile(path))) throw new UsageError(`--scenario ${path}: no such file`);
    prepared.push(await prepare(path, flags, command));
  }
  const names = uniqueNames(prepared.map((p) => p.scenario!.file.name));
  const progress = stderrProgress({ quiet: flags.quiet });
  const loaded = await readData(flags, progress);
  const plans: { name: string; plan: PlanDocument }[] = [];
  for (const [i, p] of prepared.entries()) {
    progress.phase(`planning scenario ${names[i]}`);
    const outcome = planOne(p, loaded, progress);
    const written = await writePlan(join(flags.out, names[i]!), outcome);
    plans.push({ name: names[i]!, plan: outcome.planned.plan });
    progress.done();
    process.stdout.write(`scenario ${names[i]}\n`);
    printPlan(outcome.planned.plan, written);
    process.stdout.write('\n');
  }
  progress.phase('comparing the scenarios');
  const text = await writeComparison(plans, flags.out);
  progress.done();
  process.stdout.write(
    `${text}\n  compare: ${join(flags.out, 'compare.html')}\n           ${join(flags.out, 'compare.xlsx')}\n`,
  );
}

/** Scenario names as directory names: unsafe characters replaced, repeats numbered. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const base = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'scenario';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

async function readFile(path: string): Promise<string> {
  return readText(path).catch((error: unknown) => {
    throw toInputError(path, error);
  });
}

/** The summary, what the planner must know before signing, and where the files are. */
export function printPlan(
  plan: PlanDocument,
  files: { planJson: string; planCsv: string; report: string; planXlsx?: string },
): void {
  process.stdout.write(`${summaryTable(plan)}\n\n`);
  if (plan.today) process.stdout.write(`  ${todaySummaryLine(plan.today)}\n\n`);
  for (const warning of plan.summary.warnings ?? []) process.stdout.write(`  note: ${warning}\n`);
  if ((plan.summary.warnings ?? []).length > 0) process.stdout.write('\n');
  process.stdout.write(
    `  plan:   ${files.planJson}\n  csv:    ${files.planCsv}\n` +
      (files.planXlsx !== undefined ? `  xlsx:   ${files.planXlsx}\n` : '') +
      `  report: ${files.report}\n`,
  );
}

/** A plan problem in the words of this command's flags. */
export function usageOf(problem: PlanProblem): string {
  switch (problem.code) {
    case 'no-host-cpu':
      return 'give the host model: --host-cpu-mhz (and --host-memory-gb), or --targets';
    case 'no-host-memory':
      return /overcommit/.test(problem.message)
        ? `${problem.message}: --host-memory-gb, or a target model with memory_gb`
        : '--host-memory-gb is required when memory is planned (or a target model with memory_gb, or plan CPU alone with --resources cpu)';
    case 'no-host-cores':
      return `${problem.message}: --host-cores, or a target model with cores`;
    case 'no-baseline':
      return "--keep-existing needs an --inventory that describes today's hosts: an RVTools export (.xlsx or its CSV folder) with a vHost sheet";
    default:
      return problem.message;
  }
}
