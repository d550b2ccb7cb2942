import { Command, Option } from 'commander';
import type { Asset } from '@vplan/domain';
import { planEstate, planOptionsSchema } from '@vplan/engine';
import { STRATEGIES } from '@vplan/placement';
import { loadInventory } from '@vplan/file-input';
import { loadWorkloads, WORKLOAD_FORMATS, type WorkloadFormat } from '@vplan/file-input';
import { stderrProgress } from '../output/progress';
import { summaryTable } from '../output/summary-table';
import { writePlan } from '../output/write-plan';
import { listOf, numberIn, UsageError } from './options';
import { engineContext } from './engine-context';

interface PlanFlags {
  workloads: string;
  format: WorkloadFormat;
  inventory?: string;
  hostCpuMhz: number;
  hostMemoryGb?: number;
  resources: ('cpu' | 'memory')[];
  headroom: number;
  percentile: number;
  strategy: 'time-aware' | 'peak-ffd';
  seed: number;
  timeBudgetMs: number;
  out: string;
  quiet?: boolean;
}

export function planCommand(): Command {
  return new Command('plan')
    .description(
      'Plan the consolidation of servers from workload files, in this process (no servers needed)',
    )
    .requiredOption('--workloads <path>', 'trace directory (one file per server) or a file')
    .addOption(
      new Option('--format <format>', 'workload format')
        .choices(WORKLOAD_FORMATS)
        .makeOptionMandatory(),
    )
    .option(
      '--inventory <csv>',
      'inventory CSV: server sizes and business attributes, joined to traces by id',
    )
    .requiredOption(
      '--host-cpu-mhz <n>',
      'CPU capacity of one target host, MHz',
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
    .requiredOption('--out <dir>', 'directory for plan.json, plan.csv and report.html')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: PlanFlags) => {
      await runPlan(flags);
    });
}

async function runPlan(flags: PlanFlags): Promise<void> {
  if (flags.resources.includes('memory') && flags.hostMemoryGb === undefined) {
    throw new UsageError(
      '--host-memory-gb is required when memory is planned (or plan CPU alone with --resources cpu)',
    );
  }
  const options = planOptionsSchema.parse({
    hostModelName: hostModelName(flags),
    hostCpuMhz: flags.hostCpuMhz,
    hostMemoryGiB: flags.resources.includes('memory') ? flags.hostMemoryGb : undefined,
    resources: flags.resources,
    headroom: flags.headroom,
    percentile: flags.percentile,
    strategy: flags.strategy,
    seed: flags.seed,
    timeBudgetMs: flags.timeBudgetMs,
  });
  const progress = stderrProgress({ quiet: flags.quiet });
  let inventory: Asset[] | undefined;
  if (flags.inventory) {
    progress.phase(`reading inventory ${flags.inventory}`);
    inventory = await loadInventory(flags.inventory);
  }
  progress.phase(`reading ${flags.format} workloads from ${flags.workloads}`);
  const loaded = await loadWorkloads({
    path: flags.workloads,
    format: flags.format,
    ...(inventory ? { inventory } : {}),
    onProgress: (done, total) => progress.count('reading traces', done, total),
  });
  const planned = planEstate(
    loaded.estate,
    options,
    { source: loaded.source, format: loaded.format },
    engineContext(progress),
  );
  progress.phase('writing plan and report');
  const written = await writePlan(flags.out, planned);
  progress.done();
  process.stdout.write(`${summaryTable(planned.plan)}\n\n`);
  process.stdout.write(
    `  plan:   ${written.planJson}\n  csv:    ${written.planCsv}\n  report: ${written.report}\n`,
  );
}

/** A readable name for the host model given on the command line, e.g. "46,800 MHz / 128 GiB". */
function hostModelName(flags: PlanFlags): string {
  const cpu = `${flags.hostCpuMhz.toLocaleString('en-US')} MHz`;
  return flags.resources.includes('memory') && flags.hostMemoryGb !== undefined
    ? `${cpu} / ${flags.hostMemoryGb.toLocaleString('en-US')} GiB`
    : cpu;
}
