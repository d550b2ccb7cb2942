import { makeAsset, seededRandom, type Asset, type Estate, type MetricSeries } from '@vplan/domain';
import {
  planDocumentSchema,
  planOptionsSchema,
  type PlanDocument,
  type PlanOptionsInput,
} from '@vplan/formats';
import { generateEstate } from '@vplan/simulation';
import { planArtifacts, readPlanDocuments, type PlanRequest } from './plan-artifacts';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const SLOTS = 288;

/** Servers with a random daily cycle, `cores` vCPUs and `memory` GiB configured. */
function estateOf(n: number, seed = 7, extra: Partial<Asset['capacity']> = {}): Estate {
  const random = seededRandom(seed);
  const assets: Asset[] = [];
  const series: MetricSeries[] = [];
  for (let i = 0; i < n; i++) {
    const id = `vm-${String(i).padStart(3, '0')}`;
    assets.push(
      makeAsset(id, { capacity: { cores: 2 + (i % 3), memoryGiB: 8, cpuMhz: 5000, ...extra } }),
    );
    const phase = random.next() * SLOTS;
    const base = 300 + random.next() * 700;
    const cpu = new Float32Array(SLOTS);
    const memory = new Float32Array(SLOTS);
    for (let t = 0; t < SLOTS; t++) {
      cpu[t] = base * (1 + Math.sin(((t + phase) / SLOTS) * 2 * Math.PI)) + random.next() * 100;
      memory[t] = 2 + random.next();
    }
    series.push({ assetId: id, metric: 'cpu', stepSeconds: 300, start: 0, values: cpu });
    series.push({ assetId: id, metric: 'memory', stepSeconds: 300, start: 0, values: memory });
  }
  return { assets, series };
}

function plan(
  estate: Estate,
  options: PlanOptionsInput,
  extra: Partial<PlanRequest> = {},
): PlanDocument {
  const outcome = planArtifacts(
    {
      estate,
      options: planOptionsSchema.parse(options),
      source: { source: 't', format: 'test' },
      ...extra,
    },
    context,
  );
  if (!outcome.ok) throw new Error(outcome.problem.message);
  expect(planDocumentSchema.parse(JSON.parse(outcome.planJson))).toEqual(outcome.planned.plan);
  return outcome.planned.plan;
}

/** Summed demand of `assets` at every slot, from the estate's own series (an independent replay). */
function replay(estate: Estate, assets: readonly string[], metric: 'cpu' | 'memory'): Float64Array {
  const out = new Float64Array(SLOTS);
  const wanted = new Set(assets);
  for (const s of estate.series) {
    if (s.metric !== metric || !wanted.has(s.assetId)) continue;
    s.values.forEach((v, t) => (out[t] = out[t]! + v));
  }
  return out;
}

const HOST = { hostCpuMhz: 8000, hostMemoryGiB: 64, hostCores: 8 };

describe('planArtifacts', () => {
  it('answers a missing host memory with a problem, not an exception', () => {
    const outcome = planArtifacts(
      {
        estate: estateOf(3),
        options: planOptionsSchema.parse({ hostCpuMhz: 8000 }),
        source: { source: 't', format: 'test' },
      },
      context,
    );
    expect(outcome.ok || outcome.problem.code).toBe('no-host-memory');
  });

  it('refuses a vCPU ratio without a core count', () => {
    const outcome = planArtifacts(
      {
        estate: estateOf(3),
        options: planOptionsSchema.parse({
          hostCpuMhz: 8000,
          hostMemoryGiB: 64,
          allocation: { vcpuPerCore: 4 },
        }),
        source: { source: 't', format: 'test' },
      },
      context,
    );
    expect(outcome.ok || outcome.problem.code).toBe('no-host-cores');
  });

  it('keeps every host within its vCPU, configured-memory and VM-count limits', () => {
    const estate = estateOf(60);
    const p = plan(estate, {
      ...HOST,
      allocation: { vcpuPerCore: 2, memoryOvercommit: 1, maxVms: 5 },
    });
    const byId = new Map(estate.assets.map((a) => [a.id, a]));
    expect(p.sizing?.allocation.limits).toEqual({ vcpus: 16, memoryGiB: 64, vms: 5 });
    for (const host of p.hosts) {
      expect(host.assets.length).toBeLessThanOrEqual(5);
      const vcpus = host.assets.reduce((s, a) => s + byId.get(a)!.capacity.cores!, 0);
      expect(vcpus).toBeLessThanOrEqual(16);
      expect(host.allocation).toMatchObject({ vcpus, vms: host.assets.length });
    }
    expect(p.summary.placed).toBe(60);
  });

  it('takes the host model and its limits from the chosen target model', () => {
    const targets = readPlanDocuments({
      targets: {
        file: 'targets.yaml',
        text: 'targets:\n  - name: small\n    cores: 8\n    cpu_ghz: 1\n    memory_gb: 64\n    max_vms: 4\n',
      },
    });
    if (!targets.ok) throw targets.error;
    const p = plan(estateOf(20), {}, targets.value);
    expect(p.hostModel).toMatchObject({
      name: 'small',
      capacity: { cpu: 8000, memory: 64 },
      cores: 8,
    });
    expect(Math.max(...p.hosts.map((h) => h.assets.length))).toBeLessThanOrEqual(4);
  });

  it('proves N+1: every single-host failure re-places its VMs within capacity at every slot', () => {
    const estate = estateOf(40);
    const p = plan(estate, { ...HOST, failover: 1 });
    expect(p.failover?.scenarios).toHaveLength(p.hosts.length);
    expect(p.summary.lowerBound).toBeGreaterThanOrEqual(2);
    for (const scenario of p.failover!.scenarios) {
      const failed = new Set(scenario.failed);
      const lost = p.hosts.filter((h) => failed.has(h.id)).flatMap((h) => h.assets);
      expect(scenario.moves.map((m) => m.asset).sort()).toEqual([...lost].sort());
      for (const host of p.hosts) {
        if (failed.has(host.id)) continue;
        const assets = [
          ...host.assets,
          ...scenario.moves.filter((m) => m.to === host.id).map((m) => m.asset),
        ];
        for (const metric of ['cpu', 'memory'] as const) {
          const peak = Math.max(...replay(estate, assets, metric));
          expect(peak).toBeLessThanOrEqual(p.hostModel.usable[metric]! * (1 + 1e-6));
        }
      }
    }
  });

  it('with percentile 95 needs no more hosts than 100 and exceeds in at most 5 % of slots', () => {
    const estate = estateOf(50, 3);
    const p100 = plan(estate, { ...HOST, resources: ['cpu'] });
    const p95 = plan(estate, { ...HOST, resources: ['cpu'], percentile: 95 });
    expect(p95.hosts.length).toBeLessThanOrEqual(p100.hosts.length);
    for (const host of p95.hosts) {
      const load = replay(estate, host.assets, 'cpu');
      const over = load.filter((v) => v > p95.hostModel.usable.cpu! * (1 + 1e-9)).length;
      expect(over).toBeLessThanOrEqual(Math.floor(SLOTS * 0.05));
      expect(host.exceedance?.slots).toBe(over);
    }
  });

  it('normalizes CPU by ratings: an estate moved onto a faster core needs fewer hosts', () => {
    const estate = generateEstate({ servers: 150, weeks: 2, seed: 5 });
    const old = 'Intel Xeon E5-2690 v2';
    // No environments: their separation would set the host count, not the CPU.
    const onOld = estate.assets.map((a) => ({
      ...a,
      business: {},
      capacity: { ...a.capacity, cpuModel: old },
    }));
    const base = { hostCpuMhz: 48 * 2600, hostMemoryGiB: 4096, resources: ['cpu'] as const };
    const plain = plan({ ...estate, assets: onOld }, { ...base, resources: ['cpu'] });
    const ratings = {
      [old]: { perCore: 5, mhz: 3000 },
      'AMD EPYC 9654': { perCore: 10, mhz: 3000 },
    };
    const targets = readPlanDocuments({
      targets: {
        file: 't.yaml',
        text: `targets:\n  - name: new\n    cpu_mhz: ${48 * 2600}\n    memory_gb: 4096\n    cpu_model: AMD EPYC 9654\n`,
      },
    });
    if (!targets.ok) throw targets.error;
    const rated = plan(
      { ...estate, assets: onOld },
      { resources: ['cpu'], cpuRatings: ratings },
      targets.value,
    );
    expect(rated.sizing?.cpu).toMatchObject({
      normalized: 150,
      unrated: 0,
      target: { model: expect.stringMatching(/epyc 9654/i) as string },
    });
    expect(rated.assets?.[0]?.cpuFactor).toBeCloseTo(0.5, 6);
    expect(rated.hosts.length).toBeLessThan(plain.hosts.length);
    expect(rated.hosts.length).toBeLessThanOrEqual(Math.ceil(plain.hosts.length * 0.5) + 1);
  });

  it('states the assumptions: no reserve, assumed sizes, low coverage, growth', () => {
    const estate = estateOf(10);
    const half: Estate = {
      assets: [
        ...estate.assets,
        makeAsset('dark', { capacity: { cpuMhz: 1000, memoryGiB: 4, cores: 1 } }),
      ],
      series: estate.series.map((s) =>
        s.assetId === 'vm-000'
          ? { ...s, values: s.values.map((v, t) => (t < SLOTS / 3 ? v : NaN)) }
          : s,
      ),
    };
    const p = plan(half, { ...HOST, growth: { ratePerYear: 0.2, horizonMonths: 12 } });
    expect(p.summary).toMatchObject({ assumed: 1, lowCoverage: 1, failover: 0 });
    const warnings = p.summary.warnings!.join('\n');
    expect(warnings).toMatch(/^no reserve/m);
    expect(warnings).toMatch(/1 asset\(s\) have no measured usage/);
    expect(warnings).toMatch(/less than 50 %/);
    expect(warnings).toMatch(/×1\.200/);
    const dark = p.assets!.find((a) => a.id === 'dark')!;
    expect(dark).toMatchObject({ basis: 'assumed', confidence: 0 });
    expect(dark.peak.cpu).toBeCloseTo(1200, 1);
  });

  it('gives the same plan whatever order the assets arrive in', () => {
    const estate = estateOf(30);
    const reversed = { assets: [...estate.assets].reverse(), series: [...estate.series].reverse() };
    const a = plan(estate, HOST);
    const b = plan(reversed, HOST);
    expect(b.hosts).toEqual(a.hosts);
  });
});
