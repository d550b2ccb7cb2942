import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPlan, simulatedBitbrains, tempDir, vplan } from './vplan.fixture';

describe('vplan plan --scenario', () => {
  const traces = simulatedBitbrains('scenario', 24);
  const dir = tempDir('scenario-files');
  const scenario = join(dir, 'n1.yaml');
  writeFileSync(
    scenario,
    [
      'name: n1',
      'description: N+1 with allocation limits',
      'options:',
      '  resources: [cpu, memory]',
      '  headroom: 0.1',
      '  failover: 1',
      '  allocation: { vcpuPerCore: 4, memoryOvercommit: 1.0, maxVms: 8 }',
      'targets: { file: targets.yaml }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'targets.yaml'),
    'targets:\n  - name: std\n    cores: 24\n    cpu_ghz: 2.6\n    memory_gb: 256\n',
  );

  it('plans what the scenario file says, with its target file beside it', () => {
    const out = tempDir('scenario-out');
    const run = vplan(
      'plan',
      '--scenario',
      scenario,
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--out',
      out,
      '--quiet',
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    const plan = readPlan(out);
    expect(plan.input).toMatchObject({ source: 'scenario n1', scenario: 'n1' });
    expect(plan.hostModel).toMatchObject({ name: 'std', cores: 24 });
    expect(plan.sizing?.allocation.limits).toEqual({ vcpus: 96, memoryGiB: 256, vms: 8 });
    expect(plan.failover?.scenarios.length).toBe(plan.hosts.length);
    expect(Math.max(...plan.hosts.map((h) => h.assets.length))).toBeLessThanOrEqual(8);
    expect(run.stdout).not.toMatch(/no reserve/);
    const csv = readFileSync(join(out, 'plan.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/^asset,host,status,reason,sizing_basis,vcpus,memory_gib/);
  });

  it('lets flags override the scenario, and says when the plan has no reserve', () => {
    const out = tempDir('scenario-flags');
    const run = vplan(
      'plan',
      '--scenario',
      scenario,
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--failover',
      '0',
      '--headroom',
      '0',
      '--max-vms',
      '4',
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    expect(plan.failover).toBeUndefined();
    expect(plan.sizing?.allocation.maxVms).toBe(4);
    expect(run.stdout.match(/^ {2}note: no reserve/gm)).toHaveLength(1);
  });

  it.each([
    ['options:\n  failover: two\n', /n2\.yaml:2:13: options\.failover: /],
    ['options:\n  percentile: 0\n', /n2\.yaml:2:15: options\.percentile: /],
    ['options:\n  gaps: guess\n', /n2\.yaml:2:9: options\.gaps: /],
    ['ruleset: { name: standard }\n', /ruleset standard is named, not a file/],
  ])('refuses a bad scenario file with exit 2 and where: %j', (text, message) => {
    const bad = join(dir, 'n2.yaml');
    writeFileSync(bad, text);
    const run = vplan(
      'plan',
      '--scenario',
      bad,
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '10000',
      '--host-memory-gb',
      '64',
      '--out',
      tempDir('bad'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--failover', '-1'], /--failover/],
    [['--growth', 'lots'], /--growth: expected a yearly rate/],
    [['--horizon', '12m'], /--horizon needs --growth/],
    [['--vcpu-per-core', '4'], /vCPU per core needs the host's physical core count: --host-cores/],
    [['--min-coverage', '2'], /--min-coverage/],
  ])('refuses a bad sizing value with exit 2: %j', (flags, message) => {
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--host-cpu-mhz',
      '10000',
      '--host-memory-gb',
      '64',
      ...flags,
      '--out',
      tempDir('bad'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
