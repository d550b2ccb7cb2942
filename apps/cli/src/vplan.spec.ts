import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemandMatrix } from '@vplan/workload';
import { loadWorkloads } from '@vplan/file-input';
import {
  checkPlan,
  readPlan,
  simulatedBitbrains,
  simulatedPlanetLab,
  tempDir,
  vplan,
} from './vplan.fixture';

// These tests run the real binary on traces of simulated servers: seconds each.
jest.setTimeout(120_000);

/** 120 simulated VM-sized servers as Bitbrains files: the stand-in for Bitbrains Rnd. */
const BITBRAINS = simulatedBitbrains('bitbrains', 120, 3);

async function demandOf(
  path: string,
  format: 'bitbrains' | 'planetlab',
  resources: ('cpu' | 'memory')[],
) {
  const { estate } = await loadWorkloads({ path, format });
  const matrix = buildDemandMatrix(estate, { resources });
  return new Map(matrix.assets.map((a) => [a.asset.id, a.demand] as const));
}

describe('vplan plan on Bitbrains files of simulated servers', () => {
  const large = ['--host-cpu-mhz', '46800', '--host-memory-gb', '128'];
  const planBitbrains = (name: string, ...options: string[]) => {
    const out = tempDir(name);
    const run = vplan(
      'plan',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
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

  it('places all 120 servers on valid hosts, no fewer than the lower bound, and writes every file', () => {
    expect(timeAware.run.stderr).toBe('');
    expect(timeAware.run.code).toBe(0);
    const plan = readPlan(timeAware.out);
    expect(checkPlan(plan, demand, [46_800, 128])).toEqual([]);
    expect(plan.summary.placed).toBe(120);
    expect(plan.summary.lowerBound).toBeGreaterThan(0);
    expect(plan.summary.hosts).toBeGreaterThanOrEqual(plan.summary.lowerBound);
    expect(timeAware.run.stdout).toMatch(new RegExp(`lower bound\\s+${plan.summary.lowerBound}`));
    for (const file of ['plan.json', 'plan.csv', 'report.html'])
      expect(existsSync(join(timeAware.out, file))).toBe(true);
    expect(readFileSync(join(timeAware.out, 'plan.csv'), 'utf8').trim().split('\n')).toHaveLength(
      121,
    );
  });

  it('keeps smaller hosts valid and needs at least as many of them', () => {
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
    expect(plan.summary.hosts).toBeGreaterThanOrEqual(readPlan(timeAware.out).summary.hosts);
  });

  it('needs no more hosts than the peak-based baseline, which is valid too', () => {
    const { out, run } = planBitbrains('bb-peak', ...large, '--strategy', 'peak-ffd');
    expect(run.code).toBe(0);
    const peak = readPlan(out);
    expect(checkPlan(peak, demand, [46_800, 128])).toEqual([]);
    expect(readPlan(timeAware.out).summary.hosts).toBeLessThanOrEqual(peak.summary.hosts);
  });
});

describe('vplan plan with an inventory', () => {
  it('joins inventory rows to traces by id and keeps environments and groups apart', () => {
    const dir = tempDir('inventory');
    const inventory = join(dir, 'inventory.csv');
    const [a, b, c, d, e] = readdirSync(BITBRAINS).map((f) => f.replace(/\.csv\.gz$/, ''));
    writeFileSync(
      inventory,
      [
        'ID,Hostname,Env,Anti-Affinity Group,DR Group,Owner',
        `${a},web-1,prod,web,,alice`,
        `${b},web-2,prod,web,,alice`,
        `${c},db-1,prod,,db,bob`,
        `${d},db-2,prod,,db,bob`,
        `${e},test-1,test,,,carol`,
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const run = vplan(
      'plan',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--inventory',
      inventory,
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    const hostOf = (id: string) => plan.hosts.findIndex((h) => h.assets.includes(id));
    expect(plan.summary.placed).toBe(120);
    expect(hostOf(a!)).not.toBe(hostOf(b!));
    expect(hostOf(c!)).not.toBe(hostOf(d!));
    const prod = new Set([a!, b!, c!, d!].map(hostOf));
    expect(prod.has(hostOf(e!))).toBe(false);
  });

  it('answers a bad inventory value with exit code 2 and its row and column', () => {
    const dir = tempDir('bad-inventory');
    const inventory = join(dir, 'inventory.csv');
    const first = readdirSync(BITBRAINS)[0]!.replace(/\.csv\.gz$/, '');
    writeFileSync(inventory, `id,cores,cpu_ghz\n${first},4,fast\n`);
    const run = vplan(
      'plan',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--inventory',
      inventory,
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
      '--out',
      join(dir, 'out'),
      '--quiet',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${inventory}:2:3: `);
  });
});

describe('vplan plan on PlanetLab files of simulated servers', () => {
  it('plans a day on CPU alone, every server on a valid host, no worse than plain time-aware first-fit decreasing', async () => {
    const path = simulatedPlanetLab('pl', 80, 5);
    const demand = await demandOf(path, 'planetlab', ['cpu']);
    const out = tempDir('pl-out');
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
    expect(plan.summary.placed).toBe(80);
    expect(plan.summary.hosts).toBeGreaterThanOrEqual(plan.summary.lowerBound);
    expect(plan.summary.hosts).toBeLessThanOrEqual(plainTimeAwareFfd(demand, 5320));
  });
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

describe('vplan on bad input', () => {
  it('answers a malformed trace with exit code 2 and file:row:column', () => {
    const dir = tempDir('bad');
    const traces = join(dir, 'traces');
    mkdirSync(traces);
    writeFileSync(join(traces, 'vm1'), '10\n20\nabc\n');
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'planetlab',
      '--resources',
      'cpu',
      '--host-cpu-mhz',
      '5320',
      '--out',
      join(dir, 'out'),
      '--quiet',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(traces, 'vm1')}:3:1: `);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out', 'plan.json'))).toBe(false);
  });

  it('rejects unknown options and bad values with exit code 2', () => {
    expect(vplan('plan', '--no-such-option').code).toBe(2);
    const bad = vplan(
      'plan',
      '--workloads',
      'x',
      '--format',
      'planetlab',
      '--host-cpu-mhz',
      'fast',
      '--out',
      'y',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--host-cpu-mhz.*expected a number/);
  });

  it('asks for host memory when memory is planned', () => {
    const run = vplan(
      'plan',
      '--workloads',
      BITBRAINS,
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '46800',
      '--out',
      tempDir('nomem'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--host-memory-gb is required/);
  });

  it('names a missing workload path', () => {
    const run = vplan(
      'plan',
      '--workloads',
      '/nonexistent/traces',
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '1',
      '--host-memory-gb',
      '1',
      '--out',
      tempDir('missing'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/traces: not found');
  });

  it('refuses an --out that is a file before reading anything', () => {
    const file = join(tempDir('out-file'), 'plan-here');
    writeFileSync(file, 'not a directory');
    // The workload path does not exist either: the --out problem must be the one reported.
    const run = vplan(
      'plan',
      '--workloads',
      '/nonexistent/traces',
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '1',
      '--host-memory-gb',
      '1',
      '--out',
      file,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out ${file}: exists and is not a directory`);
    expect(run.stderr).not.toContain('/nonexistent/traces');
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });
});

describe('vplan --help', () => {
  it('documents every command', () => {
    const run = vplan('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/plan \[options\]/);
    expect(run.stdout).toMatch(/demo \[options\]/);
    for (const command of ['plan', 'demo']) {
      const help = vplan(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: vplan ${command}`);
    }
  });
});

describe('vplan demo', () => {
  it('generates an estate, plans it and tells where the report is', () => {
    const out = tempDir('demo');
    const run = vplan('demo', '--out', out, '--servers', '80', '--seed', '3', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(join(out, 'report.html'));
    const plan = readPlan(out);
    expect(plan.summary.assets).toBe(80);
    expect(plan.summary.hosts).toBeGreaterThanOrEqual(plan.summary.lowerBound);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
  });
});
