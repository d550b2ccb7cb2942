// `npm run bench:fleet`: plans a generated RVTools estate (default 10,000 VMs on 400 hosts)
// onto today's hosts (keep-existing), and over the example targets file's three models
// (mixed fleet), and prints time, peak RSS, hosts and cost. Prints figures, asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { planRequest, readPlanDocuments } from '@vplan/engine';
import { loadRvtools } from '@vplan/file-input';
import { planOptionsSchema, unwrapFormatResult } from '@vplan/formats';
import { writeWorkbook } from './rvtools-bench';

const REPO = resolve(__dirname, '../../..');

/** Runs the benchmark; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const vms = Number(argv[0] ?? 10_000);
  const hosts = Number(argv[1] ?? 400);
  const dir = mkdtempSync(join(tmpdir(), 'vplan-fleet-bench-'));
  try {
    const file = join(dir, 'bench.xlsx');
    await writeWorkbook(file, vms, hosts);
    const { estate } = await loadRvtools(file);
    const targetsFile = join(REPO, 'rules/targets.example.yaml');
    const documents = unwrapFormatResult(
      readPlanDocuments({
        targets: { file: targetsFile, text: readFileSync(targetsFile, 'utf8') },
      }),
    );
    const context = { clock: () => performance.now(), now: () => new Date().toISOString() };
    const runs: [string, Record<string, unknown>, boolean][] = [
      ['keep-existing', { keepExisting: true }, false],
      ['keep-existing + targets', { keepExisting: true }, true],
      ['mixed fleet (3 models)', {}, true],
    ];
    process.stdout.write(
      `fleet: ${estate.assets.length} VMs, ${estate.baseline.hosts.length} hosts today\n`,
    );
    for (const [name, options, withTargets] of runs) {
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = performance.now();
      const outcome = planRequest(
        {
          estate,
          options: planOptionsSchema.parse(options),
          source: { source: 'bench', format: 'rvtools' },
          ...(withTargets ? documents : {}),
        },
        context,
      );
      const ms = performance.now() - t0;
      clearInterval(timer);
      if (!outcome.ok) throw new Error(outcome.problem.message);
      const { plan } = outcome;
      const e = plan.economics;
      process.stdout.write(
        `${name}: ${(ms / 1000).toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; ` +
          `${plan.hosts.length} hosts (bound ${plan.summary.lowerBound}), ${plan.unplaced.length} unplaced` +
          (e ? `, ${e.total.costPerMonth.toFixed(0)}/month (bound ${e.lowerBound.value})` : '') +
          '\n',
      );
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
