import { Command } from 'commander';
import type { Asset, TargetModel } from '@vplan/domain';
import { loadInventory } from '@vplan/file-input';
import { countClassPairs } from '@vplan/report';
import { analyzeCompatibility, explainPair, type RuleSet } from '@vplan/rules';
import { writeCompat } from '../output/compat-files';
import { compatSummary, explanationText } from '../output/compat-text';
import { stderrProgress, type Progress } from '../output/progress';
import { UsageError } from './options';
import { loadRuleSet, loadTarget } from './plan-constraints';

interface CompatFlags {
  inventory: string;
  rules: string;
  targets?: string;
  out?: string;
  explain?: string[];
  quiet?: boolean;
}

export function compatCommand(): Command {
  return new Command('compat')
    .description(
      'Analyse which servers may share hosts under a rule set: compatibility classes, a heat ' +
        'map of class pairs and the servers that cannot be virtualized; or explain one pair',
    )
    .requiredOption(
      '--inventory <csv>',
      'inventory CSV (plain or .gz): servers and their attributes',
    )
    .requiredOption('--rules <yaml>', 'rule set (YAML or JSON; see rules/ for ready ones)')
    .option('--targets <yaml>', 'target host models (YAML), for the rules that check fit')
    .option(
      '--out <dir>',
      'directory for compat.json, classes.csv, blockers.csv and compat.html (created if needed)',
    )
    .option(
      '--explain <ids...>',
      'instead of --out: two asset ids A B; print every rule with its outcome for that pair, ' +
        'the values that decide and the score',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vplan compat --inventory inventory.csv --rules rules/default.yaml --out out/compat\n' +
        '  vplan compat --inventory inventory.csv --rules rules/default.yaml --explain web-01 db-07\n' +
        '\nExit codes: 0 done, 2 bad usage or input (file:line:column: …), 1 unexpected failure.',
    )
    .action(async (flags: CompatFlags) => {
      await runCompat(flags);
    });
}

async function runCompat(flags: CompatFlags): Promise<void> {
  const pair = explainIds(flags);
  if (pair === undefined && flags.out === undefined) {
    throw new UsageError('give --out <dir> to write the analysis, or --explain <A> <B>');
  }
  const started = performance.now();
  const progress = stderrProgress({ quiet: flags.quiet });
  progress.phase(`reading rules ${flags.rules}`);
  const ruleSet = await loadRuleSet(flags.rules);
  const targets = flags.targets === undefined ? undefined : (await loadTarget(flags.targets)).all;
  progress.phase(`reading inventory ${flags.inventory}`);
  const assets = await loadInventory(flags.inventory);

  if (pair !== undefined) {
    progress.done();
    explain(ruleSet, assets, targets, pair, flags.inventory);
    return;
  }
  const out = flags.out as string;
  progress.phase(`analysing ${assets.length} servers under ${ruleSet.rules.length} rules`);
  const report = analyzeCompatibility(ruleSet, assets, targets);
  await write(out, report, progress, started);
}

function explainIds(flags: CompatFlags): [string, string] | undefined {
  if (flags.explain === undefined) return undefined;
  if (flags.out !== undefined) throw new UsageError('--explain and --out exclude each other');
  const [a, b, ...rest] = flags.explain;
  if (a === undefined || b === undefined || rest.length > 0) {
    throw new UsageError(
      `--explain takes two asset ids, got ${flags.explain.length}: ${flags.explain.join(' ')}`,
    );
  }
  return [a, b];
}

function explain(
  ruleSet: RuleSet,
  assets: readonly Asset[],
  targets: readonly TargetModel[] | undefined,
  [a, b]: [string, string],
  inventory: string,
): void {
  const byId = new Map(assets.map((asset) => [asset.id, asset] as const));
  const missing = [a, b].filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const names = missing.map((id) => `"${id}"`).join(' and ');
    throw new UsageError(
      `${inventory}: no asset with id ${names} (${missing.length === 1 ? 'it is' : 'they are'} not in the inventory)`,
    );
  }
  const pairAssets = [byId.get(a) as Asset, byId.get(b) as Asset] as const;
  const explanation = explainPair(ruleSet, ...pairAssets);
  // Candidate and fit rules concern one asset at a time: shown apart from the pair's rules.
  const single = analyzeCompatibility(ruleSet, pairAssets, targets);
  process.stdout.write(`${explanationText(explanation, single)}\n`);
}

async function write(
  out: string,
  report: ReturnType<typeof analyzeCompatibility>,
  progress: Progress,
  started: number,
): Promise<void> {
  progress.phase('writing compat.json, classes.csv, blockers.csv and compat.html');
  const written = await writeCompat(out, report);
  progress.done();
  const summary = compatSummary(report, countClassPairs(report), performance.now() - started);
  process.stdout.write(`${summary}\n\n`);
  process.stdout.write(
    `  json:     ${written.json}\n  classes:  ${written.classes}\n` +
      `  blockers: ${written.blockers}\n  report:   ${written.html}\n`,
  );
}
