import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvRecordsOfText } from '@vplan/formats';
import { formatRatingTable, ratingTable, specResults } from './spec-ratings';

const REPO = resolve(__dirname, '../../..');
const DATASETS = process.env['VPLAN_DATASETS'] || resolve(REPO, '../shared/datasets');
const DEFAULT_INPUT = resolve(DATASETS, 'spec_cpu2017_results/cpu2017-results.csv.gz');
const DEFAULT_OUTPUT = resolve(REPO, 'libs/workload/src/cpu-ratings.json');
const USAGE = 'usage: npm run cpu-ratings -- [results.csv[.gz]] [--out file.json | --stdout]';

/**
 * `npm run cpu-ratings`: reads SPEC CPU2017's results CSV (gzip or plain; default the
 * data set under `VPLAN_DATASETS`, else `<repo>/../shared/datasets`), computes the
 * per-model rating table and writes it to libs/workload/src/cpu-ratings.json (`--out`
 * elsewhere, `--stdout` to print it). Returns the exit code.
 */
export function main(argv: readonly string[]): number {
  const positional: string[] = [];
  let out: string | undefined = DEFAULT_OUTPUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--stdout') out = undefined;
    else if (arg === '--out' && argv[i + 1] !== undefined) out = resolve(argv[++i] as string);
    else if (arg.startsWith('-') || positional.length > 0) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    } else positional.push(arg);
  }
  const input = resolve(positional[0] ?? DEFAULT_INPUT);
  const bytes = readFileSync(input);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString(
    'utf8',
  );
  const { results, seen } = specResults(csvRecordsOfText(text, { file: input }));
  const dataset = basename(resolve(input, '..'));
  const table = ratingTable(results, { dataset, file: basename(input), rows: results.length });
  const json = formatRatingTable(table);
  if (out === undefined) process.stdout.write(json);
  else writeFileSync(out, json);
  process.stderr.write(
    `cpu-ratings: ${Object.keys(table.models).length} models from ${results.length} of ${seen} CINT2017rate results, version ${table.version}, ${json.length} bytes${out === undefined ? '' : ` → ${out}`}\n`,
  );
  return 0;
}
