import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '../../../apps/cli/bin/vplan.js');

/** Median and max of `times`, ms. */
export function medianAndMax(times: readonly number[]): { median: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { median, max: at(sorted.length - 1) };
}

/**
 * `node tools/bench/bin/cli-start-bench.js [--runs N] [args…]`: runs
 * `node apps/cli/bin/vplan.js --help` (or the given args) N times (10 by default) and
 * prints the median and max wall time. Uses apps/cli/dist when built (`npm run build`).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 10;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : [...argv];
  const args = rest.length > 0 ? rest : ['--help'];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    times.push(performance.now() - started);
    if (result.status !== 0) {
      process.stderr.write(`vplan ${args.join(' ')} exited ${result.status}\n`);
      return 1;
    }
  }
  const { median, max } = medianAndMax(times);
  process.stdout.write(
    `vplan ${args.join(' ')}: ${runs} runs, median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms\n`,
  );
  return 0;
}
