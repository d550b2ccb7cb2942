import { Command } from 'commander';
import { planEstate, planOptionsSchema } from '@vplan/engine';
import { generateEstate } from '@vplan/simulation';
import { stderrProgress } from '../output/progress';
import { summaryTable } from '../output/summary-table';
import { writePlan } from '../output/write-plan';
import { numberIn } from './options';
import { engineContext } from './engine-context';

/** The demo's target host: 2 × 24 cores at 2.6 GHz, 768 GiB (a common 2U virtualization host). */
export const DEMO_HOST = {
  name: '2x24c 2.6 GHz / 768 GiB',
  cpuMhz: 2 * 24 * 2600,
  memoryGiB: 768,
} as const;

interface DemoFlags {
  out: string;
  servers: number;
  seed: number;
  quiet?: boolean;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      "Generate a realistic estate with vplan's own simulator, plan it, and write the report",
    )
    .option('--out <dir>', 'output directory', 'out/demo')
    .option('--servers <n>', 'servers in the generated estate', numberIn(1, 100_000, true), 500)
    .option('--seed <n>', 'seed of the generator and the search', numberIn(0, 2 ** 31 - 1, true), 1)
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: DemoFlags) => {
      const progress = stderrProgress({ quiet: flags.quiet });
      progress.phase(`generating an estate of ${flags.servers} servers (seed ${flags.seed})`);
      const estate = generateEstate({ servers: flags.servers, seed: flags.seed });
      const options = planOptionsSchema.parse({
        hostCpuMhz: DEMO_HOST.cpuMhz,
        hostMemoryGiB: DEMO_HOST.memoryGiB,
        hostModelName: DEMO_HOST.name,
        headroom: 0.1,
        seed: flags.seed,
      });
      const source = {
        source: `vplan demo --servers ${flags.servers} --seed ${flags.seed}`,
        format: 'simulated',
      };
      const planned = planEstate(estate, options, source, engineContext(progress));
      progress.phase('writing plan and report');
      const written = await writePlan(flags.out, planned, {
        title: 'vplan demo: consolidation plan of a simulated estate',
      });
      progress.done();
      process.stdout.write(`${summaryTable(planned.plan)}\n\n`);
      process.stdout.write(`  plan:   ${written.planJson}\n  csv:    ${written.planCsv}\n\n`);
      process.stdout.write(`Open the report in a browser: ${written.report}\n`);
    });
}
