// Acceptance of the sizing policy on the real data sets (npm run test:datasets): allocation
// limits and a proven N+1, chance-constrained percentiles, coverage and CPU normalization.
// Every plan is replayed here on the measured series, independently of the engine.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Estate } from '@vplan/domain';
import { loadInventory, loadWorkloads } from '@vplan/file-input';
import type { PlanDocument } from '@vplan/formats';
import { datasetPath } from '@vplan/testing';
import { readPlan, tempDir, vplan } from './vplan.fixture';

jest.setTimeout(300_000);

const BITBRAINS = datasetPath('bitbrains_rnd', '2013-7');

function plan(
  name: string,
  ...args: string[]
): { out: string; plan: PlanDocument; stdout: string } {
  const out = tempDir(name);
  const run = vplan('plan', ...args, '--out', out, '--quiet');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return { out, plan: readPlan(out), stdout: run.stdout };
}

/** Measured load of `assets` per slot of the plan's grid (a gap is no demand). */
function replay(
  estate: Estate,
  plan: PlanDocument,
  assets: readonly string[],
  metric: 'cpu' | 'memory',
) {
  const origin = Date.parse(plan.input.start) / 1000 / plan.input.stepSeconds;
  const load = new Float64Array(plan.input.slots);
  const wanted = new Set(assets);
  for (const s of estate.series) {
    if (s.metric !== metric || !wanted.has(s.assetId)) continue;
    s.values.forEach((v, i) => {
      const t = s.start - origin + i;
      if (v > 0 && t >= 0 && t < load.length) load[t] = load[t]! + v;
    });
  }
  return load;
}

/** Slots in which `assets` are above the plan's usable capacity on some resource. */
function overSlots(estate: Estate, plan: PlanDocument, assets: readonly string[]): number {
  const over = new Set<number>();
  for (const metric of plan.input.resources as ('cpu' | 'memory')[]) {
    const limit = plan.hostModel.usable[metric]! * (1 + 1e-9);
    replay(estate, plan, assets, metric).forEach((v, t) => v > limit && over.add(t));
  }
  return over.size;
}

describe('sizing on Bitbrains Rnd 2013-7', () => {
  let estate: Estate;
  beforeAll(async () => {
    ({ estate } = await loadWorkloads({ path: BITBRAINS, format: 'bitbrains' }));
  });

  it('honours vCPU, configured-memory and VM limits and proves every single-host failure', () => {
    const dir = tempDir('bb-targets');
    const targets = join(dir, 'targets.yaml');
    writeFileSync(
      targets,
      'targets:\n  - name: r650\n    cores: 24\n    cpu_mhz: 46800\n    memory_gb: 128\n    vcpu_per_core: 4\n    memory_overcommit: 1.0\n    max_vms: 40\n',
    );
    const { plan: p } = plan(
      'bb-n1',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--targets',
      targets,
      '--failover',
      '1',
    );
    const byId = new Map(estate.assets.map((a) => [a.id, a]));
    const allocation = (assets: readonly string[]) => ({
      vcpus: assets.reduce((s, a) => s + byId.get(a)!.capacity.cores!, 0),
      memory: assets.reduce((s, a) => s + byId.get(a)!.capacity.memoryGiB!, 0),
    });
    const valid = (assets: readonly string[]) => {
      const { vcpus, memory } = allocation(assets);
      return [overSlots(estate, p, assets), vcpus <= 96, memory <= 128 + 1e-6, assets.length <= 40];
    };
    expect(p.summary.placed + p.unplaced.length).toBe(250);
    for (const host of p.hosts)
      expect([host.id, ...valid(host.assets)]).toEqual([host.id, 0, true, true, true]);
    const hosts = new Map(p.hosts.map((h) => [h.id, h.assets]));
    expect(p.failover?.scenarios).toHaveLength(p.hosts.length);
    for (const scenario of p.failover!.scenarios) {
      const [failed] = scenario.failed;
      expect(scenario.moves.map((m) => m.asset).sort()).toEqual([...hosts.get(failed!)!].sort());
      for (const [id, assets] of hosts) {
        if (id === failed) continue;
        const after = [...assets, ...scenario.moves.filter((m) => m.to === id).map((m) => m.asset)];
        expect([failed, id, ...valid(after)]).toEqual([failed, id, 0, true, true, true]);
      }
    }
    expect(p.summary.lowerBound).toBeGreaterThanOrEqual(2);
  });

  it('at percentile 95 needs no more hosts than 100 and exceeds in at most 5 % of slots, as plan.json says', () => {
    const host = [
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
    ];
    const p100 = plan('bb-p100', ...host).plan;
    const p95 = plan('bb-p95', ...host, '--percentile', '95').plan;
    expect(p95.hosts.length).toBeLessThanOrEqual(p100.hosts.length);
    for (const h of p95.hosts) {
      const over = overSlots(estate, p95, h.assets);
      expect(over).toBeLessThanOrEqual(Math.floor(0.05 * p95.input.slots));
      expect(h.exceedance?.slots).toBe(over);
    }
  });

  it('reports the July gap, fills it, and flags traces covering less than half the period', () => {
    const {
      plan: p,
      stdout,
      out,
    } = plan(
      'bb-gaps',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
    );
    expect(p.assets!.every((a) => a.coverage.cpu! < 1)).toBe(true);
    expect(p.summary.lowCoverage).toBeGreaterThan(0);
    expect(p.assets!.filter((a) => a.lowCoverage).every((a) => a.coverage.cpu! < 0.5)).toBe(true);
    expect(stdout).toMatch(
      /note: \d+ unmeasured slot\(s\) inside the period were filled \(gaps: profile\)/,
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/data gap/);
  });

  it('moves an E5-2670 estate onto Gold 6548Y+ hosts with fewer hosts in the ratio of the ratings', async () => {
    const dir = tempDir('bb-cpu');
    const inventory = join(dir, 'inventory.csv');
    const ids = readdirSync(BITBRAINS).map((f) => f.split('.')[0]!);
    writeFileSync(
      inventory,
      `id,cpu_model\n${ids.map((id) => `${id},Intel Xeon E5-2670`).join('\n')}\n`,
    );
    expect((await loadInventory(inventory)).length).toBe(250);
    const targets = join(dir, 'targets.yaml');
    writeFileSync(
      targets,
      'targets:\n  - name: gold\n    cores: 24\n    cpu_mhz: 46800\n    memory_gb: 1024\n    cpu_model: Intel Xeon Gold 6548Y+\n',
    );
    const common = [
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--resources',
      'cpu',
      '--inventory',
      inventory,
    ];
    const raw = plan('bb-raw', ...common, '--host-cpu-mhz', '46800').plan;
    const rated = plan('bb-rated', ...common, '--targets', targets);
    const { cpu } = rated.plan.sizing!;
    expect(cpu.target?.model).toMatch(/gold 6548y\+/);
    expect(cpu.normalized).toBe(250);
    const ratio = cpu.sources[0]!.perGHz / cpu.target!.perGHz;
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.6);
    expect(rated.plan.hosts.length).toBeLessThan(raw.hosts.length);
    expect(rated.plan.hosts.length / raw.hosts.length).toBeGreaterThan(ratio * 0.7);
    expect(rated.plan.hosts.length / raw.hosts.length).toBeLessThan(ratio * 1.5);
    const report = readFileSync(join(rated.out, 'report.html'), 'utf8');
    expect(report).toMatch(/e5-2670/i);
    expect(report).toMatch(/gold 6548y\+/i);
    expect(report).toContain('spec_cpu2017_results');
  });
});

describe('percentile 95 on PlanetLab (CPU, 5,320 MHz hosts)', () => {
  for (const day of ['20110303', '20110306', '20110309']) {
    it(`${day}: no more hosts than percentile 100, at most 5 % of slots over, as plan.json says`, async () => {
      const path = datasetPath('planetlab', day);
      const args = [
        '--workloads',
        path,
        '--format',
        'planetlab',
        '--resources',
        'cpu',
        '--host-cpu-mhz',
        '5320',
      ];
      const p100 = plan(`pl-${day}-100`, ...args).plan;
      const p95 = plan(`pl-${day}-95`, ...args, '--percentile', '95').plan;
      expect(p95.hosts.length).toBeLessThanOrEqual(p100.hosts.length);
      const { estate } = await loadWorkloads({ path, format: 'planetlab' });
      for (const h of p95.hosts) {
        const over = overSlots(estate, p95, h.assets);
        expect(over).toBeLessThanOrEqual(Math.floor(0.05 * p95.input.slots));
        expect(h.exceedance?.slots).toBe(over);
      }
    });
  }
});
