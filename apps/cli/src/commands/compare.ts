import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  comparePlanDocuments,
  comparisonTable,
  differenceLines,
  formatComparison,
} from '@vplan/engine';
import { parsePlanDocument, type PlanDocument } from '@vplan/formats';
import { renderComparisonPage } from '@vplan/report';
import { comparisonToXlsx } from '@vplan/workbook';
import { textFile, writeAllOrNothing } from '../output/atomic-files';
import { UsageError } from './options';

export function compareCommand(): Command {
  return new Command('compare')
    .description(
      'Compare plans side by side (hosts per model, cost, energy, licences, risk, unplaced, ' +
        "rules' cost) and asset by asset (target model, co-location, placed vs unplaced)",
    )
    .argument('<plans...>', 'two or more plan.json files, or directories holding plan.json')
    .requiredOption(
      '--out <dir>',
      'directory for compare.html and compare.xlsx (created if needed)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vplan compare out/h10 out/h30 --out out/compare\n' +
        '  vplan compare a/plan.json b/plan.json c/plan.json --out out/compare\n' +
        '\nExit codes: 0 done, 2 bad usage or input (file:line:column: …), 1 unexpected failure.',
    )
    .action(async (paths: string[], flags: { out: string }) => {
      await runCompare(paths, flags.out);
    });
}

async function runCompare(paths: readonly string[], out: string): Promise<void> {
  if (paths.length < 2) throw new UsageError('compare needs at least two plans');
  const plans = [];
  for (const path of paths) plans.push({ name: path, plan: await readPlan(path) });
  process.stdout.write(await writeComparison(plans, out));
}

/**
 * Compares plans (named as the user should read them) and writes `compare.html` and
 * `compare.xlsx` into `out`; returns the text summary.
 */
export async function writeComparison(
  plans: readonly { readonly name: string; readonly plan: PlanDocument }[],
  out: string,
): Promise<string> {
  const comparison = comparePlanDocuments(plans);
  const first = comparison.plans[0]?.name ?? '';
  const page = {
    table: comparisonTable(comparison),
    differences: comparison.differences.map((d) => ({
      name: d.name,
      lines: differenceLines(d, first),
    })),
    identical: comparison.identical,
  };
  await mkdir(out, { recursive: true });
  const xlsx = await comparisonToXlsx(page);
  await writeAllOrNothing([
    textFile(join(out, 'compare.html'), renderComparisonPage(page)),
    { path: join(out, 'compare.xlsx'), write: (temporary) => writeFile(temporary, xlsx) },
  ]);
  return formatComparison(comparison);
}

async function readPlan(path: string): Promise<PlanDocument> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'plan.json');
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read (a plan.json is expected)`);
  }
  const parsed = parsePlanDocument(text, file);
  if (!parsed.ok) throw new UsageError(parsed.error.message);
  return parsed.value;
}
