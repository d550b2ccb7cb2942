// Acceptance on the real data sets (npm run test:datasets): the real binary plans Bitbrains
// Rnd 2013-7 and three PlanetLab days. These measure the packer on the instances as
// published, so unmeasured slots count as no demand (--gaps zero); the sizing policy's
// acceptance is sizing.dataset-spec.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemandMatrix } from '@vplan/workload';
import { loadWorkloads } from '@vplan/file-input';
import { datasetPath } from '@vplan/testing';
import { checkPlan, readPlan, tempDir, vplan } from './vplan.fixture';

// These tests run the real binary on real data sets: minutes, not milliseconds.
jest.setTimeout(240_000);

const BITBRAINS = datasetPath('bitbrains_rnd', '2013-7');

async function demandOf(
  path: string,
  format: 'bitbrains' | 'planetlab',
  resources: ('cpu' | 'memory')[],
) {
  const { estate } = await loadWorkloads({ path, format });
  const matrix = buildDemandMatrix(estate, { resources, gaps: 'zero' });
  return new Map(matrix.assets.map((a) => [a.asset.id, a.demand] as const));
}

describe('vplan plan on Bitbrains Rnd 2013-7', () => {
  const large = ['--host-cpu-mhz', '46800', '--host-memory-gb', '128'];
  const planBitbrains = (name: string, ...options: string[]) => {
    const out = tempDir(name);
    const run = vplan(
      'plan',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--gaps',
      'zero',
      ...options,
      '--out',
      out,
      '--quiet',
    );
    return { out, run };
  };
  let demand: Map<string, readonly Float32Array[]>;
  let timeAware: ReturnType<typeof planBitbrains>;
  beforeAll(async () => {
    demand = await demandOf(BITBRAINS, 'bitbrains', ['cpu', 'memory']);
    timeAware = planBitbrains('bb-large', ...large);
  });

  it('places all 250 VMs on at most one host above the lower bound of 12 (46,800 MHz / 128 GiB)', () => {
    expect(timeAware.run.stderr).toBe('');
    expect(timeAware.run.code).toBe(0);
    const plan = readPlan(timeAware.out);
    expect(checkPlan(plan, demand, [46_800, 128])).toEqual([]);
    expect(plan.summary.placed).toBe(250);
    expect(plan.summary.lowerBound).toBe(12);
    expect(plan.summary.hosts).toBeLessThanOrEqual(13);
    expect(timeAware.run.stdout).toMatch(/lower bound\s+12/);
    for (const file of ['plan.json', 'plan.csv', 'report.html'])
      expect(existsSync(join(timeAware.out, file))).toBe(true);
    expect(readFileSync(join(timeAware.out, 'plan.csv'), 'utf8').trim().split('\n')).toHaveLength(
      251,
    );
  });

  it('stays within 10 % of the lower bound on 23,400 MHz / 64 GiB hosts', () => {
    const { out, run } = planBitbrains(
      'bb-small',
      '--host-cpu-mhz',
      '23400',
      '--host-memory-gb',
      '64',
    );
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    expect(checkPlan(plan, demand, [23_400, 64])).toEqual([]);
    expect(plan.summary.hosts).toBeLessThanOrEqual(Math.floor(1.1 * plan.summary.lowerBound));
  });

  it('needs at least 30 % fewer hosts than the peak-based baseline, which is valid too', () => {
    const { out, run } = planBitbrains('bb-peak', ...large, '--strategy', 'peak-ffd');
    expect(run.code).toBe(0);
    const peak = readPlan(out);
    expect(checkPlan(peak, demand, [46_800, 128])).toEqual([]);
    expect(readPlan(timeAware.out).summary.hosts).toBeLessThanOrEqual(0.7 * peak.summary.hosts);
  });
});

describe('vplan plan on PlanetLab', () => {
  for (const day of ['20110303', '20110306', '20110309']) {
    it(`plans ${day} on CPU alone with strictly fewer hosts than plain time-aware first-fit decreasing`, async () => {
      const path = datasetPath('planetlab', day);
      const demand = await demandOf(path, 'planetlab', ['cpu']);
      const out = tempDir(`pl-${day}`);
      const run = vplan(
        'plan',
        '--workloads',
        path,
        '--format',
        'planetlab',
        '--resources',
        'cpu',
        '--host-cpu-mhz',
        '5320',
        '--out',
        out,
        '--quiet',
      );
      expect(run.code).toBe(0);
      const plan = readPlan(out);
      expect(checkPlan(plan, demand, [5320])).toEqual([]);
      expect(plan.summary.placed).toBe(demand.size);
      expect(plan.summary.hosts).toBeLessThan(plainTimeAwareFfd(demand, 5320));
    });
  }
});

/** The plain baseline, written independently: by peak, decreasing; first host that fits at every slot. */
function plainTimeAwareFfd(demand: Map<string, readonly Float32Array[]>, capacity: number): number {
  const series = [...demand.values()].map((d) => d[0]!);
  const peak = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), 0);
  series.sort((a, b) => peak(b) - peak(a));
  const hosts: Float64Array[] = [];
  for (const s of series) {
    let host = hosts.find((load) => s.every((v, t) => load[t]! + v <= capacity));
    if (!host) hosts.push((host = new Float64Array(s.length)));
    s.forEach((v, t) => (host![t] = host![t]! + v));
  }
  return hosts.length;
}
