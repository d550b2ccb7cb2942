import { Command, Option } from 'commander';
import { STRATEGIES } from '@vplan/placement';
import { WORKLOAD_FORMATS } from '@vplan/file-input';
import { stderrProgress } from '../output/progress';
import { OutDirError, prepareOutDir, writePlan } from '../output/write-plan';
import { listOf, numberIn, UsageError } from './options';
import { parseGrowth, parseHorizon } from './plan-scenario';
import { apiTarget } from '../remote/api-client';
import { planRemotely } from '../remote/remote-plan';
import { withApiOptions } from './api-options';
import { planHelpText } from './plan-help';
import { planOne, prepare, printPlan, readData, runScenarios, type PlanFlags } from './plan-run';

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
      'scenario file (YAML: options, ruleset, targets; flags override it); with --api: a scenario file or the name to store the flags under (default cli). Repeat it to plan several scenarios over one read of the data and compare them: each plan in <out>/<scenario>/, compare.html in <out>',
      (value: string, previous: string[] = []) => [...previous, value],
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
    .option(
      '--keep-existing',
      "plan onto today's hosts first (an RVTools --inventory): their models and counts, at the highest vCPU:core and memory ratio today (unless --vcpu-per-core / --memory-overcommit), then on --targets models; enough alone to plan",
    )
    .addOption(
      new Option(
        '--objective <what>',
        'what a plan over several models minimizes: cost (default: hardware + energy + licences per month), hosts, power',
      ).choices(['cost', 'hosts', 'power']),
    )
    .option(
      '--price-per-kwh <n>',
      'price of one kWh in the plan currency (default 0.15, stated in the plan)',
      numberIn(0, 100),
    )
    .option('--currency <code>', 'ISO 4217 code the costs are in, e.g. EUR (shown in outputs)')
    .requiredOption(
      '--out <dir>',
      'directory for plan.json, plan.csv, plan.xlsx and report.html (created if missing)',
    )
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
  const paths = flags.scenario ?? [];
  if (paths.length > 1) {
    await runScenarios(paths, flags, command);
    return;
  }
  const scenarioPath = paths[0];
  const prepared = await prepare(scenarioPath, flags, command);
  const { scenario, options } = prepared;
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
        ...(prepared.rules ? { rules: prepared.rules } : {}),
        ...(prepared.targetsFile ? { targets: prepared.targetsFile } : {}),
        ...(prepared.targetName ? { target: prepared.targetName } : {}),
      },
      flags.out,
      progress,
    );
    progress.done();
    printPlan(remote.plan, remote.files);
    return;
  }
  const loaded = await readData(flags, progress);
  const outcome = planOne(prepared, loaded, progress);
  progress.phase('writing plan and report');
  const written = await writePlan(flags.out, outcome);
  progress.done();
  printPlan(outcome.planned.plan, written);
}

/** A scenario's documents and options, read and checked before any data. */
