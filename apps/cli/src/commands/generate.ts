import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { inventoryToCsv } from '@vplan/formats';
import { generateEstate } from '@vplan/simulation';
import { textFile, writeAllOrNothing, type PendingFile } from '../output/atomic-files';
import { stderrProgress } from '../output/progress';
import { writeWorkloadsGzip } from '../output/workloads-gzip';
import { numberIn, UsageError } from './options';

/** Most servers `vplan generate` simulates. */
export const MAX_GENERATED_SERVERS = 100_000;
/**
 * Most servers with `--workloads`: their series are held in memory while written
 * (about 8 bytes per server and 5-minute slot, 1 GB for 20,000 servers over 3 weeks).
 */
export const MAX_GENERATED_WORKLOAD_SERVERS = 20_000;

interface GenerateFlags {
  servers: number;
  seed: number;
  weeks: number;
  out: string;
  workloads?: boolean;
  quiet?: boolean;
}

export function generateCommand(): Command {
  return new Command('generate')
    .description(
      "Write a simulated estate with vplan's own simulator: inventory.csv and, with " +
        '--workloads, 5-minute CPU and memory series in workloads.csv.gz',
    )
    .requiredOption(
      '--servers <n>',
      `servers to simulate, 1 to ${MAX_GENERATED_SERVERS.toLocaleString('en-US')} ` +
        `(${MAX_GENERATED_WORKLOAD_SERVERS.toLocaleString('en-US')} with --workloads)`,
      numberIn(1, MAX_GENERATED_SERVERS, true),
    )
    .option('--seed <n>', 'seed of the generator', numberIn(0, 2 ** 31 - 1, true), 1)
    .option('--weeks <n>', 'weeks of workload samples, 2 to 4', numberIn(2, 4, true), 3)
    .requiredOption('--out <dir>', 'output directory (created if needed)')
    .option(
      '--workloads',
      'also write workloads.csv.gz: the long CSV timestamp,asset,metric,value ' +
        '(epoch seconds; cpu_mhz and memory_gb every 5 minutes)',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nThe same --servers and --seed give the same servers, whatever --weeks and --workloads.\n' +
        'Examples:\n' +
        '  vplan generate --servers 100000 --out out/estate\n' +
        '  vplan generate --servers 500 --workloads --out out/estate\n' +
        '  vplan plan --workloads out/estate/workloads.csv.gz --format csv \\\n' +
        '    --inventory out/estate/inventory.csv --host-cpu-mhz 124800 --host-memory-gb 768 --out out/plan',
    )
    .action(async (flags: GenerateFlags) => {
      await runGenerate(flags);
    });
}

async function runGenerate(flags: GenerateFlags): Promise<void> {
  if (flags.workloads && flags.servers > MAX_GENERATED_WORKLOAD_SERVERS) {
    throw new UsageError(
      `--workloads simulates at most ${MAX_GENERATED_WORKLOAD_SERVERS.toLocaleString('en-US')} servers ` +
        `(their series are held in memory), got ${flags.servers}; drop --workloads for an inventory alone`,
    );
  }
  const started = performance.now();
  const progress = stderrProgress({ quiet: flags.quiet });
  progress.phase(
    `simulating ${flags.servers} servers (seed ${flags.seed}${flags.workloads ? `, ${flags.weeks} weeks` : ''})`,
  );
  // The servers do not depend on the time grid, so an inventory alone is simulated on the
  // coarsest grid the simulator accepts: the same servers at a fraction of the memory.
  const estate = flags.workloads
    ? generateEstate({ servers: flags.servers, seed: flags.seed, weeks: flags.weeks })
    : generateEstate({ servers: flags.servers, seed: flags.seed, weeks: 2, stepSeconds: 3600 });

  await mkdir(flags.out, { recursive: true });
  const inventory = join(flags.out, 'inventory.csv');
  const workloads = join(flags.out, 'workloads.csv.gz');
  const files: PendingFile[] = [textFile(inventory, inventoryToCsv(estate.assets))];
  let rows = 0;
  if (flags.workloads) {
    files.push({
      path: workloads,
      write: async (temporary) => {
        progress.phase('writing workloads.csv.gz');
        rows = await writeWorkloadsGzip(temporary, estate, (done, total) =>
          progress.count('writing workloads: time slots', done, total),
        );
      },
    });
  }
  progress.phase('writing inventory.csv');
  await writeAllOrNothing(files);
  progress.done();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    `  servers    ${estate.assets.length}\n  seed       ${flags.seed}\n` +
      (flags.workloads ? `  weeks      ${flags.weeks}\n  rows       ${rows}\n` : '') +
      `  time       ${seconds} s\n\n  inventory: ${inventory}\n` +
      (flags.workloads ? `  workloads: ${workloads}\n` : ''),
  );
}
