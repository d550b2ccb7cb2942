import { Command, Option } from 'commander';
import type { Asset, Estate, EstateBaseline } from '@vplan/domain';
import {
  planArtifacts,
  readPlanDocuments,
  resolvePlanTarget,
  todaySummaryLine,
  type PlanProblem,
} from '@vplan/engine';
import { unwrapFormatResult, type PlanDocument } from '@vplan/formats';
import { STRATEGIES } from '@vplan/placement';
import {
  isRvtoolsInventory,
  loadInventory,
  loadRvtools,
  readText,
  toInputError,
} from '@vplan/file-input';
import { loadWorkloads, WORKLOAD_FORMATS, type WorkloadFormat } from '@vplan/file-input';
import { stderrProgress } from '../output/progress';
import { summaryTable } from '../output/summary-table';
import { OutDirError, prepareOutDir, writePlan } from '../output/write-plan';
import { listOf, numberIn, UsageError } from './options';
import { engineContext } from './engine-context';
import { isFile, loadScenario, mergeOptions, parseGrowth, parseHorizon } from './plan-scenario';
import { apiTarget } from '../remote/api-client';
import { planRemotely } from '../remote/remote-plan';
import { withApiOptions } from './import';
import { planHelpText } from './plan-help';

type PlanFlags = Record<string, unknown> & {
  workloads?: string;
  format?: WorkloadFormat;
  api?: string;
  token?: string;
  scenario?: string;
  inventory?: string;
  rules?: string;
  targets?: string;
  target?: string;
  out: string;
  quiet?: boolean;
};

export function planCommand(): Command {
  const command = new Command('plan')
    .description(
      'Plan the consolidation of servers from workload files, in this process (no servers needed)',
    )
    .option(
      '--workloads <path>',
      'trace directory (one file per server) or a file (required unless --api)',
    )
    .addOption(
      new Option('--format <format>', 'workload format (required with --workloads)').choices(
        WORKLOAD_FORMATS,
      ),
    )
    .option(
      '--inventory <file>',
      'inventory CSV (server sizes and business attributes, joined to traces by id), or an RVTools export (.xlsx or a folder of its CSVs: planned without --workloads, from allocation and usage snapshots)',
    )
    .option('--rules <yaml>', 'constraint rule set (YAML or JSON; see rules/ for ready ones)')
    .option('--targets <yaml>', 'target host models (YAML); the host model to plan on')
    .option('--target <name>', 'which model of --targets to plan on (default: the first)')
    .option(
      '--scenario <file|name>',
      'scenario file (YAML: options, ruleset, targets; flags override it); with --api: a scenario file or the name to store the flags under (default cli)',
    )
    .option(
      '--host-cpu-mhz <n>',
      'CPU capacity of one target host, MHz (default: from --targets)',
      numberIn(1, Infinity),
    )
    .option(
      '--host-memory-gb <n>',
      'memory of one target host, GiB (needed when memory is planned)',
      numberIn(0.001, Infinity),
    )
    .option(
      '--host-cores <n>',
      'physical cores of one target host (default: from --targets)',
      numberIn(1, 100_000, true),
    )
    .option(
      '--resources <list>',
      'resources to plan: cpu, memory (default both)',
      listOf(['cpu', 'memory'] as const),
    )
    .option(
      '--headroom <0..1>',
      "share of each host resource kept free, 0 to 0.99 (default: the target's, else 0)",
      numberIn(0, 0.99),
    )
    .option(
      '--percentile <1..100>',
      '100 (default): every 5-minute slot fits; P < 100: a host may exceed usable capacity in at most (100 − P) % of the slots',
      numberIn(1, 100),
    )
    .addOption(
      new Option(
        '--profile <kind>',
        'series (default): the measured slots; weekly: each hour of the week at --percentile (conservative)',
      ).choices(['series', 'weekly']),
    )
    .addOption(
      new Option(
        '--gaps <policy>',
        'fill unmeasured slots: profile (default, the hour-of-week value), hold, zero',
      ).choices(['profile', 'hold', 'zero']),
    )
    .option(
      '--min-coverage <0..1>',
      'flag assets measured for less than this share of the period (default 0.5)',
      numberIn(0, 1),
    )
    .option(
      '--unmeasured-utilization <0..1>',
      'utilization assumed for assets with no usage data: allocation × this (default 1)',
      numberIn(0.01, 1),
    )
    .option(
      '--vcpu-per-core <n>',
      "most vCPUs per physical host core (default: the target's; none)",
      numberIn(0.01, 64),
    )
    .option(
      '--memory-overcommit <n>',
      "configured memory per GiB of host memory, 1.0 = must fit (default: the target's; none)",
      numberIn(0.01, 16),
    )
    .option(
      '--max-vms <n>',
      "most VMs per host (default: the target's; none)",
      numberIn(1, 100_000, true),
    )
    .option(
      '--failover <k>',
      'the plan survives the loss of any k hosts per cluster, proven by moves (default 0)',
      numberIn(0, 8, true),
    )
    .option('--growth <rate>', 'demand growth per year, e.g. 20%/year', parseGrowth)
    .option('--horizon <months>', 'months of growth, e.g. 12m or 2y (default 12m)', parseHorizon)
    .option('--time-zone <iana>', "time zone of the report's time axis (default UTC)")
    .addOption(
      new Option('--strategy <name>', 'packing strategy (default time-aware)').choices(STRATEGIES),
    )
    .option('--seed <n>', 'seed of the search (default 1)', numberIn(0, 2 ** 31 - 1, true))
    .option(
      '--time-budget-ms <n>',
      'wall-clock cap of the search, ms (default 15000)',
      numberIn(1, 24 * 3600 * 1000, true),
    )
    .option(
      '--cluster-size <n>',
      'group the hosts into clusters of at most n hosts, honouring rules with scope: cluster',
      numberIn(1, 10_000, true),
    )
    .requiredOption('--out <dir>', 'directory for plan.json, plan.csv and report.html')
    .option('--quiet', 'no progress on stderr')
    .addHelpText('after', planHelpText());
  withApiOptions(command, false);
  return command.action(async (flags: PlanFlags, command: Command) => {
    await runPlan(flags, command);
  });
}

async function runPlan(flags: PlanFlags, command: Command): Promise<void> {
  // A bad --out fails now, not after minutes of reading.
  await prepareOutDir(flags.out).catch((error: unknown) => {
    throw error instanceof OutDirError ? new UsageError(error.message) : error;
  });
  const scenarioPath = flags.scenario;
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
  const resolved = resolvePlanTarget(options, documents.targets);
  if (!resolved.ok) throw new UsageError(usageOf(resolved.problem));
  const progress = stderrProgress({ quiet: flags.quiet });
  if (flags.api !== undefined) {
    if (flags.workloads !== undefined || flags.inventory !== undefined)
      throw new UsageError(
        '--api plans over what the services hold: import files with vplan import, not --workloads or --inventory',
      );
    const remote = await planRemotely(
      apiTarget(flags as { api?: string; token?: string }),
      {
        scenario: scenario?.file.name ?? scenarioPath ?? 'cli',
        options,
        ...(rules ? { rules } : {}),
        ...(targetsFile ? { targets: targetsFile } : {}),
        ...(targetName ? { target: targetName } : {}),
      },
      flags.out,
      progress,
    );
    progress.done();
    printPlan(remote.plan, remote.files);
    return;
  }
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
  let loaded: { estate: Estate; source: string; format: string };
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
  if (baseline) loaded = { ...loaded, estate: { ...loaded.estate, baseline } };
  const outcome = planArtifacts(
    {
      estate: loaded.estate,
      options,
      source: scenario
        ? {
            source: `scenario ${scenario.file.name}`,
            format: 'scenario',
            scenario: scenario.file.name,
          }
        : { source: loaded.source, format: loaded.format },
      ...documents,
    },
    engineContext(progress),
  );
  if (!outcome.ok) throw new UsageError(usageOf(outcome.problem));
  progress.phase('writing plan and report');
  const written = await writePlan(flags.out, outcome);
  progress.done();
  printPlan(outcome.planned.plan, written);
}

async function readFile(path: string): Promise<string> {
  return readText(path).catch((error: unknown) => {
    throw toInputError(path, error);
  });
}

/** The summary, what the planner must know before signing, and where the files are. */
function printPlan(
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
function usageOf(problem: PlanProblem): string {
  switch (problem.code) {
    case 'no-host-cpu':
      return 'give the host model: --host-cpu-mhz (and --host-memory-gb), or --targets';
    case 'no-host-memory':
      return /overcommit/.test(problem.message)
        ? `${problem.message}: --host-memory-gb, or a target model with memory_gb`
        : '--host-memory-gb is required when memory is planned (or a target model with memory_gb, or plan CPU alone with --resources cpu)';
    case 'no-host-cores':
      return `${problem.message}: --host-cores, or a target model with cores`;
    default:
      return problem.message;
  }
}
