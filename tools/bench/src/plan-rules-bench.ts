import { resolve } from 'node:path';
import type { Asset } from '@vplan/domain';
import { placementUnits } from '@vplan/engine';
import { loadWorkloads } from '@vplan/file-input';
import type { PlacementProblem } from '@vplan/placement';
import { planPlacement, validatePlacement } from '@vplan/placement';
import type { RuleSet } from '@vplan/rules';
import { compileForPlacement } from '@vplan/rules';
import { buildDemandMatrix } from '@vplan/workload';
import { rotatedItems } from './rotated-estate';

/** The target the comparison plans on: 46.8 GHz / 128 GiB, Windows and Linux, any storage, UPS. */
const TARGET = {
  name: 'bench-46800',
  capacity: { cpu: 46_800, memory: 128 },
  supportedOs: ['windows', 'linux'],
  upsBacked: true,
};

export interface RulesComparison {
  readonly slots: number;
  readonly blocked: number;
  readonly valid: boolean;
  readonly withoutRules: { readonly hosts: number; readonly ms: number };
  readonly withRules: { readonly hosts: number; readonly ms: number };
}

/**
 * Plans `vms` day-rotated Bitbrains VMs, carrying the attributes of `assets`, once with
 * no rule and once under `ruleSet` (compile, affinity units and packing all timed), and
 * validates the ruled plan against its hard rules.
 */
export async function planRulesComparison(
  ruleSet: RuleSet,
  assets: readonly Asset[],
  vms: number,
): Promise<RulesComparison> {
  const datasets =
    process.env['VPLAN_DATASETS'] ?? resolve(__dirname, '../../../../shared/datasets');
  const loaded = await loadWorkloads({
    path: resolve(datasets, 'bitbrains_rnd/2013-7'),
    format: 'bitbrains',
  });
  const matrix = buildDemandMatrix(loaded.estate, { resources: ['cpu', 'memory'] });
  const slots = Math.min(matrix.grid.slots, 30 * 288);
  const base = matrix.assets.map((a) => a.demand.map((d) => d.subarray(0, slots)));
  const items = rotatedItems(base, vms, slots, 'days');
  const problem: PlacementProblem = {
    resources: ['cpu', 'memory'],
    slots,
    usable: [46_800, 128],
    items,
  };
  const clock = () => performance.now();

  let t = clock();
  const free = planPlacement(problem, { clock, timeBudgetMs: 15_000 });
  const withoutRules = { hosts: free.hosts.length, ms: clock() - t };

  t = clock();
  const compiled = compileForPlacement(ruleSet, assets, TARGET);
  const units = placementUnits(compiled, assets.length, (a) => !compiled.blocked.has(a));
  const unitProblem: PlacementProblem = {
    ...problem,
    items: units.units.map((unit) => ({
      id: unit.map((a) => items[a]!.id).join('+'),
      demand: problem.resources.map((_, r) => {
        if (unit.length === 1) return items[unit[0]!]!.demand[r]!;
        const sum = new Float32Array(slots);
        for (const a of unit) {
          const d = items[a]!.demand[r]!;
          for (let s = 0; s < slots; s++) sum[s] = sum[s]! + d[s]!;
        }
        return sum;
      }),
    })),
  };
  const ruled = planPlacement(unitProblem, {
    clock,
    timeBudgetMs: 15_000,
    rules: units.hard,
    soft: units.soft,
  });
  const withRules = { hosts: ruled.hosts.length, ms: clock() - t };
  const valid = validatePlacement(unitProblem, ruled, units.hard).length === 0;
  return { slots, blocked: compiled.blocked.size, valid, withoutRules, withRules };
}
