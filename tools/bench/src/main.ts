import { resolve } from 'node:path';
import { buildDemandMatrix } from '@vplan/workload';
import type { PlacementProblem, StrategyName } from '@vplan/placement';
import { planPlacement, validatePlacement } from '@vplan/placement';
import { loadWorkloads } from '@vplan/file-input';
import { ROTATIONS, rotatedItems, type Rotation } from './rotated-estate';

/**
 * `npm run bench`: plans 10,000 VMs × 8,640 five-minute slots (30 days) built from the
 * Bitbrains Rnd traces on 46.8 GHz / 128 GiB hosts with both strategies and prints a
 * table. A benchmark, not a test: it prints figures and asserts nothing about time.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const arg = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const vms = arg('vms', 10_000);
  const budgetMs = arg('time-budget-ms', 15_000);
  const datasets =
    process.env['VPLAN_DATASETS'] ?? resolve(__dirname, '../../../../shared/datasets');
  const dir = resolve(datasets, 'bitbrains_rnd/2013-7');
  const sampler = peakMemorySampler();

  let t = performance.now();
  const loaded = await loadWorkloads({ path: dir, format: 'bitbrains' });
  const matrix = buildDemandMatrix(loaded.estate, { resources: ['cpu', 'memory'] });
  const slots = Math.min(matrix.grid.slots, 30 * 288);
  const base = matrix.assets.map((a) => a.demand.map((d) => d.subarray(0, slots)));
  const loadSeconds = (performance.now() - t) / 1000;
  process.stdout.write(
    `loaded ${base.length} Bitbrains traces in ${loadSeconds.toFixed(1)} s; each row plans ${vms} VMs x ${slots} slots built from copies of them\n\n`,
  );

  const asked = argv.includes('--rotation') ? argv[argv.indexOf('--rotation') + 1] : undefined;
  if (asked !== undefined && !(ROTATIONS as readonly string[]).includes(asked)) {
    process.stderr.write(
      `bench: --rotation takes one of ${ROTATIONS.join(', ')}, got '${asked}'\n`,
    );
    return 2;
  }
  const rotations = asked ? [asked as Rotation] : ROTATIONS;
  const rows: string[][] = [
    [
      'copies',
      'strategy',
      'VMs',
      'slots',
      'hosts',
      'lower bound',
      'hosts/bound',
      'vs peak-ffd',
      'plan time',
      'stopped by',
      'valid',
      'peak RSS',
    ],
  ];
  for (const rotation of rotations) {
    const items = rotatedItems(base, vms, slots, rotation);
    const problem: PlacementProblem = {
      resources: ['cpu', 'memory'],
      slots,
      usable: [46_800, 128],
      items,
    };
    let peakHosts = 0;
    for (const strategy of ['peak-ffd', 'time-aware'] as StrategyName[]) {
      t = performance.now();
      const result = planPlacement(problem, {
        strategy,
        seed: 1,
        clock: () => performance.now(),
        timeBudgetMs: budgetMs,
      });
      const seconds = (performance.now() - t) / 1000;
      const errors = validatePlacement(problem, result);
      if (strategy === 'peak-ffd') peakHosts = result.hosts.length;
      rows.push([
        rotationLabel(rotation),
        strategy,
        String(vms),
        String(slots),
        String(result.hosts.length),
        String(result.lowerBound.hosts),
        (result.hosts.length / result.lowerBound.hosts).toFixed(3),
        `${((1 - result.hosts.length / peakHosts) * 100).toFixed(0)} % fewer`,
        `${seconds.toFixed(1)} s`,
        result.stoppedBy,
        errors.length === 0 ? 'yes' : `NO (${errors.length})`,
        `${(sampler.peak() / 2 ** 30).toFixed(2)} GiB`,
      ]);
    }
  }
  sampler.stop();
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows)
    process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  return 0;
}

/** Peak resident memory of the process: the kernel's max RSS, sampled as a fallback. */
function peakMemorySampler(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  return {
    peak: () => Math.max(peak, process.resourceUsage().maxRSS * 1024, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

function rotationLabel(rotation: Rotation): string {
  return { days: 'rotated by days', weeks: 'rotated by weeks', none: 'identical' }[rotation];
}
