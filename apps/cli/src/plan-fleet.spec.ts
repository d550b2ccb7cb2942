import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { seededRandom } from '@vplan/domain';
import { loadWorkloads } from '@vplan/file-input';
import type { PlanDocument } from '@vplan/formats';
import { readPlan, REPO, simulatedBitbrains, tempDir, vplan } from './vplan.fixture';

// Runs the real binary: seconds each.
jest.setTimeout(180_000);

type Cell = string | number | boolean | null;

/** A generated RVTools workbook: two host models, VMs on them, powered-off ones and a template. */
async function writeRvtools(
  file: string,
  hostMemory = true,
): Promise<{ hosts: number; poweredOn: string[]; skipped: string[] }> {
  const random = seededRandom(5);
  const hosts: Cell[][] = [];
  for (let h = 0; h < 12; h++) {
    const big = h < 8;
    hosts.push([
      `esx${String(h).padStart(2, '0')}.corp.local`,
      'C1',
      big
        ? 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz'
        : 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
      2,
      big ? 20 : 14,
      big ? 40 : 28,
      big ? 2100 : 2400,
      hostMemory ? (big ? 512 : 256) * 1024 : null,
      20 + random.int(40),
      40 + random.int(40),
    ]);
  }
  const vms: Cell[][] = [];
  const poweredOn: string[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < 160; i++) {
    const name = `vm-${String(i).padStart(3, '0')}`;
    const state = i % 23 === 5 ? 'poweredOff' : 'poweredOn';
    const template = i === 77;
    const host =
      i === 150 ? 'esx-gone.corp.local' : `esx${String(i % 12).padStart(2, '0')}.corp.local`;
    vms.push([
      name,
      state,
      template,
      [1, 2, 2, 4, 4, 8][random.int(6)]!,
      1024 * [2, 4, 8, 16, 32][random.int(5)]!,
      40960,
      20480,
      host,
      'C1',
      i % 3 ? 'Microsoft Windows Server 2019 (64-bit)' : 'Red Hat Enterprise Linux 8 (64-bit)',
    ]);
    if (state === 'poweredOn' && !template) poweredOn.push(name);
    else skipped.push(name);
  }
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('vInfo').addRows([
    [
      'VM',
      'Powerstate',
      'Template',
      'CPUs',
      'Memory',
      'Provisioned MiB',
      'In Use MiB',
      'Host',
      'Cluster',
      'OS according to the configuration file',
    ],
    ...vms,
  ]);
  wb.addWorksheet('vHost').addRows([
    [
      'Host',
      'Cluster',
      'CPU Model',
      '# CPU',
      'Cores per CPU',
      '# Cores',
      'Speed',
      '# Memory',
      'CPU usage %',
      'Memory usage %',
    ],
    ...hosts,
  ]);
  await wb.xlsx.writeFile(file);
  return { hosts: hosts.length, poweredOn, skipped };
}

/** Problems of a plan against its models' usable capacity and allocation limits. */
function overLimits(plan: PlanDocument): string[] {
  const models = new Map((plan.models ?? []).map((m) => [m.name, m]));
  const problems: string[] = [];
  for (const h of plan.hosts) {
    const model = models.get(h.model ?? '');
    if (!model) {
      problems.push(`${h.id}: model ${h.model} not in models`);
      continue;
    }
    for (const [r, u] of Object.entries(h.peakUtilization))
      if ((u ?? 0) > 1 + 1e-9) problems.push(`${h.id}: ${r} at ${u} of usable`);
    const limits = model.limits ?? {};
    if (h.allocation && limits.vcpus !== undefined && h.allocation.vcpus > limits.vcpus + 1e-6)
      problems.push(`${h.id}: ${h.allocation.vcpus} vCPUs > ${limits.vcpus}`);
    if (
      h.allocation &&
      limits.memoryGiB !== undefined &&
      h.allocation.memoryGiB > limits.memoryGiB + 1e-6
    )
      problems.push(`${h.id}: ${h.allocation.memoryGiB} GiB > ${limits.memoryGiB}`);
    if (h.allocation && limits.vms !== undefined && h.allocation.vms > limits.vms)
      problems.push(`${h.id}: ${h.allocation.vms} VMs > ${limits.vms}`);
  }
  return problems;
}

describe('vplan plan --keep-existing on an RVTools export', () => {
  const dir = tempDir('keep');
  const file = join(dir, 'export.xlsx');
  let facts: Awaited<ReturnType<typeof writeRvtools>>;
  beforeAll(async () => {
    facts = await writeRvtools(file);
  });

  it("plans onto today's hosts alone: no more hosts than today, every VM once, skipped ones never placed", () => {
    const out = join(dir, 'out');
    const run = vplan('plan', '--inventory', file, '--keep-existing', '--out', out, '--quiet');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/today: 12 hosts/);
    expect(run.stdout).toMatch(/keep-existing: today's 12 usable host\(s\) are filled first/);
    const plan = readPlan(out);
    expect(plan.hosts.length).toBeLessThanOrEqual(facts.hosts);
    expect(plan.hosts.every((h) => h.existing !== undefined)).toBe(true);
    expect(new Set(plan.hosts.map((h) => h.existing)).size).toBe(plan.hosts.length);
    const seen = [...plan.hosts.flatMap((h) => h.assets), ...plan.unplaced.map((u) => u.asset)];
    expect(seen.sort()).toEqual([...facts.poweredOn].sort());
    expect(plan.skipped?.map((s) => s.asset).sort()).toEqual([...facts.skipped].sort());
    expect(overLimits(plan)).toEqual([]);
    // Today's highest ratios are the limits of every kept model.
    const today = plan.today!;
    for (const m of plan.models ?? [])
      expect(m.limits?.vcpus).toBeCloseTo(
        ((m.cores ?? 0) * Math.ceil(today.vcpuPerCore.max * 1e4)) / 1e4,
        0,
      );
    expect(plan.economics?.savings.vsToday?.hosts).toBe(facts.hosts - plan.hosts.length);
  });

  it('fills kept hosts before buying new ones from --targets', () => {
    const out = join(dir, 'out-new');
    const run = vplan(
      'plan',
      '--inventory',
      file,
      '--keep-existing',
      '--targets',
      join(REPO, 'rules/targets.example.yaml'),
      '--memory-overcommit',
      '0.3',
      '--out',
      out,
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    const kept = plan.hosts.filter((h) => h.existing !== undefined).length;
    // At 0.3 GiB configured per GiB today's 12 hosts cannot hold every VM: all are used, then new ones.
    expect(kept).toBe(facts.hosts);
    expect(plan.hosts.length).toBeGreaterThan(kept);
    expect(overLimits(plan)).toEqual([]);
    expect(plan.unplaced).toEqual([]);
  });

  it('plans several scenarios over one read and compares them by model, cost and co-location', () => {
    const out = join(dir, 'scenarios');
    const a = join(dir, 'h10.yaml');
    const b = join(dir, 'h30.yaml');
    writeFileSync(a, 'name: h10\noptions:\n  keepExisting: true\n  headroom: 0.1\n');
    writeFileSync(b, 'name: h30\noptions:\n  keepExisting: true\n  headroom: 0.3\n');
    const run = vplan(
      'plan',
      '--inventory',
      file,
      '--scenario',
      a,
      '--scenario',
      b,
      '--out',
      out,
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const h10 = readPlan(join(out, 'h10'));
    const h30 = readPlan(join(out, 'h30'));
    expect(h30.hosts.length).toBeGreaterThanOrEqual(h10.hosts.length);
    expect(run.stdout).toMatch(/scenario h10[\s\S]*scenario h30/);
    expect(run.stdout).toMatch(/co-located|pairs/i);
    expect(run.stdout).not.toMatch(/host-0\d\d/);
    expect(existsSync(join(out, 'compare.html'))).toBe(true);
    expect(existsSync(join(out, 'compare.xlsx'))).toBe(true);
    const same = vplan('compare', join(out, 'h10'), join(out, 'h10'), '--out', join(dir, 'same'));
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/no difference/);
  });

  it('lists every VM unplaced, saying why, when no host of today has a memory figure', async () => {
    const bare = join(dir, 'bare.xlsx');
    const made = await writeRvtools(bare, false);
    const out = join(dir, 'out-bare');
    const run = vplan('plan', '--inventory', bare, '--keep-existing', '--out', out, '--quiet');
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    expect(plan.hosts).toEqual([]);
    expect(plan.unplaced.map((u) => u.asset).sort()).toEqual([...made.poweredOn].sort());
    expect(plan.unplaced[0]?.reasons[0]).toMatch(/no host model to plan onto/);
    expect(run.stdout).toMatch(/12 host\(s\) of today lack cores, clock or memory/);
  });

  it('refuses keep-existing without an inventory of today', () => {
    const traces = simulatedBitbrains('keep-traces', 5, 3);
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--keep-existing',
      '--out',
      join(dir, 'x'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--keep-existing needs an --inventory that describes today's hosts/);
  });
});

describe('vplan plan over several target models', () => {
  const dir = tempDir('fleet');
  const traces = simulatedBitbrains('fleet-traces', 60, 9);
  let ids: string[] = [];

  beforeAll(async () => {
    const { estate } = await loadWorkloads({ path: traces, format: 'bitbrains' });
    ids = estate.assets.map((a) => a.id).sort();
    writeFileSync(
      join(dir, 'inventory.csv'),
      'id,os,storage\n' +
        ids
          .map(
            (id, i) =>
              `${id},${i % 2 ? 'Windows Server 2019' : 'RHEL 8'},${i % 15 === 3 ? 'local' : 'san'}`,
          )
          .join('\n') +
        '\n',
    );
    writeFileSync(
      join(dir, 'rules.yaml'),
      'rules:\n  - { id: storage, kind: fit, require: { in: { asset: storage, target: storage } }, severity: hard }\n',
    );
    copyFileSync(join(REPO, 'rules/targets.example.yaml'), join(dir, 'targets.yaml'));
  });

  it('mixes models: blocked servers go to a model that fits, and the mix costs no more than the best single model', () => {
    const out = join(dir, 'out');
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--inventory',
      join(dir, 'inventory.csv'),
      '--rules',
      join(dir, 'rules.yaml'),
      '--targets',
      join(dir, 'targets.yaml'),
      '--currency',
      'EUR',
      '--out',
      out,
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/best single model: /);
    const plan = readPlan(out);
    expect(plan.unplaced).toEqual([]);
    expect(overLimits(plan)).toEqual([]);
    // Local storage exists only on the GPU model.
    const local = ids.filter((_, i) => i % 15 === 3);
    for (const id of local) expect(plan.assets?.find((a) => a.id === id)?.model).toBe('gpu-2s-32c');
    const economics = plan.economics!;
    expect(economics.currency).toBe('EUR');
    const comparable = economics.singleModels.filter((s) => s.unplaced === 0);
    expect(comparable.length).toBeGreaterThan(0);
    for (const s of comparable)
      expect(economics.total.costPerMonth).toBeLessThanOrEqual(s.costPerMonth + 0.01);
    expect(economics.lowerBound.value).toBeLessThanOrEqual(economics.total.costPerMonth);
    // Every host is priced, and the totals add up.
    const sum = plan.hosts.reduce((n, h) => n + (h.costPerMonth ?? NaN), 0);
    expect(sum).toBeCloseTo(economics.total.costPerMonth, 0);
  });

  it('with --target plans on that model alone, the others not tried', () => {
    const out = join(dir, 'out-one');
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--inventory',
      join(dir, 'inventory.csv'),
      '--rules',
      join(dir, 'rules.yaml'),
      '--targets',
      join(dir, 'targets.yaml'),
      '--target',
      'std-2s-48c',
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    expect(plan.unplaced.map((u) => u.asset).sort()).toEqual(
      ids.filter((_, i) => i % 15 === 3).sort(),
    );
    expect(new Set(plan.hosts.map((h) => h.model))).toEqual(new Set(['std-2s-48c']));
  });
});
