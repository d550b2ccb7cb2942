import { Command, Option } from 'commander';
import type { Asset } from '@vplan/domain';
import { planEstate, planOptionsSchema, ruleConstraints } from '@vplan/engine';
import { STRATEGIES } from '@vplan/placement';
import { loadInventory } from '@vplan/file-input';
import { loadWorkloads, WORKLOAD_FORMATS, type WorkloadFormat } from '@vplan/file-input';
import { stderrProgress } from '../output/progress';
import { summaryTable } from '../output/summary-table';
import { writePlan } from '../output/write-plan';
import { listOf, numberIn, UsageError } from './options';
import { engineContext } from './engine-context';
import { loadRuleSet, loadTarget } from './plan-constraints';
import { analyzeCompatibility } from '@vplan/rules';
import { renderCompatibilitySection } from '@vplan/report';
import { apiTarget } from '../remote/api-client';
import { planRemotely } from '../remote/remote-plan';
import { withApiOptions } from './import';

interface PlanFlags {
  workloads?: string;
  format?: WorkloadFormat;
  api?: string;
  token?: string;
  scenario: string;
  inventory?: string;
  rules?: string;
  targets?: string;
  target?: string;
  hostCpuMhz?: number;
  hostMemoryGb?: number;
  resources: ('cpu' | 'memory')[];
  headroom: number;
  percentile: number;
  strategy: 'time-aware' | 'peak-ffd';
  seed: number;
  timeBudgetMs: number;
  clusterSize?: number;
  out: string;
  quiet?: boolean;
}

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
      '--inventory <csv>',
      'inventory CSV: server sizes and business attributes, joined to traces by id',
    )
    .option('--rules <yaml>', 'constraint rule set (YAML or JSON; see rules/ for ready ones)')
    .option('--targets <yaml>', 'target host models (YAML); the host model to plan on')
    .option('--target <name>', 'which model of --targets to plan on (default: the first)')
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
      '--resources <list>',
      'resources to plan: cpu, memory',
      listOf(['cpu', 'memory'] as const),
      ['cpu', 'memory'],
    )
    .option(
      '--headroom <0..1>',
      'share of each host resource kept free, 0 to 0.99',
      numberIn(0, 0.99),
      0,
    )
    .option(
      '--percentile <1..100>',
      '100: every 5-minute slot must fit; lower: size each hour of the week at this percentile',
      numberIn(1, 100),
      100,
    )
    .addOption(
      new Option('--strategy <name>', 'packing strategy').choices(STRATEGIES).default('time-aware'),
    )
    .option('--seed <n>', 'seed of the search', numberIn(0, 2 ** 31 - 1, true), 1)
    .option(
      '--time-budget-ms <n>',
      'wall-clock cap of the search, ms',
      numberIn(1, 24 * 3600 * 1000, true),
      15_000,
    )
    .option(
      '--cluster-size <n>',
      'group the hosts into clusters of at most n hosts, honouring rules with scope: cluster',
      numberIn(1, 10_000, true),
    )
    .requiredOption('--out <dir>', 'directory for plan.json, plan.csv and report.html')
    .option('--quiet', 'no progress on stderr');
  withApiOptions(command, false);
  return command
    .option(
      '--scenario <name>',
      'with --api: the scenario to write and run (plan-as-code, kept by the planning service)',
      'cli',
    )
    .action(async (flags: PlanFlags, command: Command) => {
      await runPlan(flags, command.getOptionValueSource('headroom') !== 'default');
    });
}

async function runPlan(flags: PlanFlags, headroomGiven: boolean): Promise<void> {
  // Read the small files first: a bad rule or target file fails before the traces load.
  const ruleSet = flags.rules ? await loadRuleSet(flags.rules) : undefined;
  if (flags.target !== undefined && !flags.targets)
    throw new UsageError('--target needs --targets');
  const targets = flags.targets ? await loadTarget(flags.targets, flags.target) : undefined;
  const target = targets?.target;
  const hostCpuMhz = flags.hostCpuMhz ?? target?.capacity.cpu;
  const hostMemoryGb = flags.hostMemoryGb ?? target?.capacity.memory;
  if (hostCpuMhz === undefined) {
    throw new UsageError(
      'give the host model: --host-cpu-mhz (and --host-memory-gb), or --targets',
    );
  }
  if (flags.resources.includes('memory') && hostMemoryGb === undefined) {
    throw new UsageError(
      '--host-memory-gb is required when memory is planned (or plan CPU alone with --resources cpu)',
    );
  }
  const options = planOptionsSchema.parse({
    hostModelName:
      target?.name ??
      hostModelName(hostCpuMhz, flags.resources.includes('memory') ? hostMemoryGb : undefined),
    hostCpuMhz,
    hostMemoryGiB: flags.resources.includes('memory') ? hostMemoryGb : undefined,
    resources: flags.resources,
    headroom:
      headroomGiven || !target?.headroom ? flags.headroom : plannedHeadroom(target.headroom),
    percentile: flags.percentile,
    strategy: flags.strategy,
    seed: flags.seed,
    timeBudgetMs: flags.timeBudgetMs,
    clusterSize: flags.clusterSize,
  });
  const progress = stderrProgress({ quiet: flags.quiet });
  if (flags.api !== undefined) {
    if (flags.workloads !== undefined || flags.inventory !== undefined)
      throw new UsageError(
        '--api plans over what the services hold: import files with vplan import, not --workloads or --inventory',
      );
    const remote = await planRemotely(
      apiTarget(flags),
      {
        scenario: flags.scenario,
        options,
        ...(flags.rules ? { rules: flags.rules } : {}),
        ...(flags.targets ? { targets: flags.targets } : {}),
        ...(flags.target ? { target: flags.target } : {}),
      },
      flags.out,
      progress,
    );
    progress.done();
    process.stdout.write(`${summaryTable(remote.plan)}\n\n`);
    process.stdout.write(
      `  plan:   ${remote.files.planJson}\n  csv:    ${remote.files.planCsv}\n  report: ${remote.files.report}\n`,
    );
    return;
  }
  if (flags.workloads === undefined || flags.format === undefined)
    throw new UsageError(
      '--workloads <path> and --format <format> are required (or plan with --api)',
    );
  let inventory: Asset[] | undefined;
  if (flags.inventory) {
    progress.phase(`reading inventory ${flags.inventory}`);
    inventory = await loadInventory(flags.inventory);
  }
  const { workloads, format } = flags;
  progress.phase(`reading ${format} workloads from ${workloads}`);
  const loaded = await loadWorkloads({
    path: workloads,
    format,
    ...(inventory ? { inventory } : {}),
    onProgress: (done, total) => progress.count('reading traces', done, total),
  });
  const planned = planEstate(
    loaded.estate,
    options,
    { source: loaded.source, format: loaded.format },
    engineContext(progress),
    ruleSet ? ruleConstraints(ruleSet, target) : undefined,
  );
  const extraSections = [];
  if (ruleSet) {
    progress.phase('analysing compatibility');
    const report = analyzeCompatibility(ruleSet, loaded.estate.assets, targets?.all);
    extraSections.push(renderCompatibilitySection(report));
  }
  progress.phase('writing plan and report');
  const written = await writePlan(flags.out, planned, { extraSections });
  progress.done();
  process.stdout.write(`${summaryTable(planned.plan)}\n\n`);
  process.stdout.write(
    `  plan:   ${written.planJson}\n  csv:    ${written.planCsv}\n  report: ${written.report}\n`,
  );
}

/** A readable name for a host model given on the command line, e.g. "46,800 MHz / 128 GiB". */
function hostModelName(cpuMhz: number, memoryGiB: number | undefined): string {
  const cpu = `${cpuMhz.toLocaleString('en-US')} MHz`;
  return memoryGiB !== undefined ? `${cpu} / ${memoryGiB.toLocaleString('en-US')} GiB` : cpu;
}

/** The target's headroom for the resources vplan plans (cpu and memory). */
function plannedHeadroom(headroom: Readonly<Partial<Record<string, number>>>): {
  cpu?: number;
  memory?: number;
} {
  const out: { cpu?: number; memory?: number } = {};
  if (headroom['cpu'] !== undefined) out.cpu = headroom['cpu'];
  if (headroom['memory'] !== undefined) out.memory = headroom['memory'];
  return out;
}
