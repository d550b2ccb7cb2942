// The command-line options that choose a synthetic ingest (ingest-kill and bench:ingest).
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BatchShape, SyntheticSpec } from './synthetic-batches';

/** A whole number option (`10_000_000` allowed); 0 or more. */
export function wholeNumber(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

/** Adds `--samples` (default 10,000,000), `--assets` (200) and `--shape` (narrow | wide). */
export function withSpecOptions(command: Command, samplesHelp: string): Command {
  return command
    .option('--samples <n>', samplesHelp, wholeNumber, 10_000_000)
    .option('--assets <n>', 'assets the samples belong to', wholeNumber, 200)
    .addOption(
      new Option(
        '--shape <shape>',
        'narrow (4 assets × 125 timestamps per batch) or wide (500 assets × 1)',
      )
        .choices(['narrow', 'wide'])
        .default('narrow'),
    );
}

/** The spec those options chose. */
export function specOf(o: { samples: number; assets: number; shape: string }): SyntheticSpec {
  return { samples: o.samples, assets: o.assets, shape: o.shape as BatchShape };
}
