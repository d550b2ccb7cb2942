import { Command } from 'commander';
import { planArtifacts } from '@vplan/engine';
import { planOptionsSchema } from '@vplan/formats';
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
  cores: 48,
} as const;

/** The demo's reserve: 10 % headroom on every resource and N+1 failover, said in its output. */
export const DEMO_RESERVE = { headroom: 0.1, failover: 1 } as const;

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
        hostCores: DEMO_HOST.cores,
        hostModelName: DEMO_HOST.name,
        ...DEMO_RESERVE,
        seed: flags.seed,
      });
      const source = {
        source: `vplan demo --servers ${flags.servers} --seed ${flags.seed}`,
        format: 'simulated',
      };
      const outcome = planArtifacts(
        { estate, options, source, title: 'vplan demo: consolidation plan of a simulated estate' },
        engineContext(progress),
      );
      // The demo's options always give a complete host model.
      if (!outcome.ok) throw new Error(outcome.problem.message);
      progress.phase('writing plan and report');
      const written = await writePlan(flags.out, outcome);
      progress.done();
      process.stdout.write(`${summaryTable(outcome.planned.plan)}\n\n`);
      process.stdout.write(
        `  reserve: ${DEMO_RESERVE.headroom * 100} % headroom and N+${DEMO_RESERVE.failover} failover (proven: every single-host failure has its moves in plan.json)\n\n`,
      );
      process.stdout.write(`  plan:   ${written.planJson}\n  csv:    ${written.planCsv}\n\n`);
      process.stdout.write(`Open the report in a browser: ${written.report}\n`);
    });
}
