import { resolve } from 'node:path';
import { buildDemandMatrix } from '@vplan/workload';
import type { PlacementProblem, StrategyName } from '@vplan/placement';
import { planFailover, planPlacement, validateFailover, validatePlacement } from '@vplan/placement';
import { loadWorkloads } from '@vplan/file-input';
import { ROTATIONS, rotatedItems, type Rotation } from './rotated-estate';

/**
 * `npm run bench`: plans 10,000 VMs × 8,640 five-minute slots (30 days) built from the
 * Bitbrains Rnd traces on 46.8 GHz / 128 GiB hosts with both strategies, then time-aware
 * again under the sizing a planner signs (24 cores × 4 vCPU per core, configured memory
 * ≤ host memory, at most 40 VMs per host, and a proven N+1 failover), and prints a table.
 * A benchmark, not a test: it prints figures and asserts nothing about time.
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
  // Each copy keeps its source VM's allocation: vCPUs, configured memory GiB, one VM.
  const allocation = matrix.assets.map((a) => [
    a.asset.capacity.cores ?? 1,
    a.asset.capacity.memoryGiB ?? 0,
    1,
  ]);
  for (const rotation of rotations) {
    const items = rotatedItems(base, vms, slots, rotation);
    const problem: PlacementProblem = {
      resources: ['cpu', 'memory'],
      slots,
      usable: [46_800, 128],
      items,
    };
    let peakHosts = 0;
    let plainSeconds = 0;
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
      else plainSeconds = seconds;
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
    rows.push(sizedRow(problem, allocation, budgetMs, peakHosts, plainSeconds, rotation, sampler));
  }
  sampler.stop();
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows)
    process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  return 0;
}

/** Time-aware under allocation limits (96 vCPUs, 128 GiB configured, 40 VMs) and a proven N+1. */
function sizedRow(
  plain: PlacementProblem,
  allocation: readonly number[][],
  budgetMs: number,
  peakHosts: number,
  plainSeconds: number,
  rotation: Rotation,
  sampler: { peak: () => number },
): string[] {
  const problem: PlacementProblem = {
    ...plain,
    allocation: { names: ['vCPUs', 'configured memory GiB', 'VMs'], limits: [24 * 4, 128, 40] },
    items: plain.items.map((item, k) => ({
      ...item,
      allocation: allocation[k % allocation.length]!,
    })),
  };
  const t = performance.now();
  const result = planPlacement(problem, {
    strategy: 'time-aware',
    seed: 1,
    clock: () => performance.now(),
    timeBudgetMs: budgetMs,
  });
  const proven = planFailover(problem, result.hosts, { k: 1 });
  const seconds = (performance.now() - t) / 1000;
  const errors = [
    ...validatePlacement(problem, { ...result, hosts: proven.hosts }),
    ...validateFailover(problem, proven.hosts, proven.failover),
  ];
  const bound = result.lowerBound.hosts + 1;
  return [
    rotationLabel(rotation),
    'time-aware + allocation + N+1',
    String(problem.items.length - result.unplaced.length),
    String(problem.slots),
    String(proven.hosts.length),
    String(bound),
    (proven.hosts.length / bound).toFixed(3),
    `${((1 - proven.hosts.length / peakHosts) * 100).toFixed(0)} % fewer`,
    `${seconds.toFixed(1)} s (${(seconds / plainSeconds).toFixed(2)} x)`,
    result.stoppedBy,
    errors.length === 0 ? 'yes' : `NO (${errors.length})`,
    `${(sampler.peak() / 2 ** 30).toFixed(2)} GiB`,
  ];
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
