// Acceptance of the RVTools import on the real exports (npm run test:datasets): every VM of
// vInfo is placed, unplaced with a reason, or skipped (powered off, template); today's hosts
// are reported; plan.xlsx carries plan.json's figures. vInfo is read here with exceljs
// directly, independently of vplan's reader.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { PlanDocument } from '@vplan/formats';
import { datasetPath } from '@vplan/testing';
import { readPlan, tempDir, vplan } from './vplan.fixture';

jest.setTimeout(300_000);

const EXPORTS = datasetPath('rvtools_exports');

function workbooks(): string[] {
  return readdirSync(EXPORTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(EXPORTS, d.name))
        .filter((f) => f.endsWith('.xlsx'))
        .map((f) => join(EXPORTS, d.name, f)),
    );
}

/** vInfo's VMs by name: whether each is powered on and not a template. */
async function vinfo(path: string): Promise<Map<string, boolean>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet('vInfo')!;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const vm = col('VM');
  const power = col('Powerstate', 'Power state');
  const template = col('Template');
  const out = new Map<string, boolean>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const name = String(row.getCell(vm).value ?? '').trim();
    if (name === '' || out.has(name)) return;
    const on = String(row.getCell(power).value ?? '') === 'poweredOn';
    const isTemplate = template > 0 && /^true$/i.test(String(row.getCell(template).value ?? ''));
    out.set(name, on && !isTemplate);
  });
  return out;
}

describe('vplan plan --inventory <RVTools export>', () => {
  const files = workbooks();

  it('finds the exports', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [f.slice(EXPORTS.length + 1), f]))(
    '%s: every VM placed, unplaced with a reason or skipped; today reported; valid on allocation',
    async (_name, file) => {
      const out = tempDir('rvtools');
      const run = vplan(
        'plan',
        '--inventory',
        file,
        '--host-cpu-mhz',
        '89600',
        '--host-memory-gb',
        '768',
        '--host-cores',
        '32',
        '--vcpu-per-core',
        '4',
        '--out',
        out,
        '--quiet',
      );
      expect([run.code, run.stderr]).toEqual([0, '']);
      const plan: PlanDocument = readPlan(out);
      const vms = await vinfo(file);
      const placed = plan.hosts.flatMap((h) => h.assets);
      const unplaced = plan.unplaced.map((u) => u.asset);
      const skipped = new Set((plan.skipped ?? []).map((s) => s.asset));
      const seen = [...placed, ...unplaced];
      expect(new Set(seen).size).toBe(seen.length); // each VM once
      for (const [name, planned] of vms) {
        if (planned) expect(seen).toContain(name);
        else {
          expect(skipped.has(name)).toBe(true);
          expect(seen).not.toContain(name);
        }
      }
      expect(seen.length).toBe([...vms.values()].filter(Boolean).length);
      for (const u of plan.unplaced) expect(u.reasons.length).toBeGreaterThan(0);
      expect(plan.today?.hosts).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/today: \d+ hosts/);
      const limit = plan.sizing!.allocation.limits.vcpus!;
      expect(limit).toBe(128);
      for (const h of plan.hosts) expect(h.allocation!.vcpus).toBeLessThanOrEqual(limit);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(out, 'plan.xlsx'));
      expect(workbook.getWorksheet('Hosts')!.actualRowCount - 1).toBe(plan.hosts.length);
      expect(workbook.getWorksheet('Assets')!.actualRowCount - 1).toBe(plan.assets!.length);
    },
  );

  it.each(files.map((f) => [f.slice(EXPORTS.length + 1), f]))(
    '%s --keep-existing alone: no more hosts than today, every powered-on VM once, within limits',
    async (_name, file) => {
      const out = tempDir('rvtools-keep');
      const run = vplan('plan', '--inventory', file, '--keep-existing', '--out', out, '--quiet');
      expect([run.code, run.stderr]).toEqual([0, '']);
      const plan = readPlan(out);
      const vms = await vinfo(file);
      const seen = [...plan.hosts.flatMap((h) => h.assets), ...plan.unplaced.map((u) => u.asset)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(
        [...vms]
          .filter(([, on]) => on)
          .map(([name]) => name)
          .sort(),
      );
      const skipped = new Set((plan.skipped ?? []).map((s) => s.asset));
      for (const [name, on] of vms) if (!on) expect(skipped.has(name)).toBe(true);
      expect(plan.hosts.length).toBeLessThanOrEqual(plan.today!.hosts);
      const models = new Map((plan.models ?? []).map((m) => [m.name, m]));
      for (const h of plan.hosts) {
        const limits = models.get(h.model!)!.limits ?? {};
        if (limits.vcpus !== undefined)
          expect(h.allocation!.vcpus).toBeLessThanOrEqual(limits.vcpus);
        if (limits.memoryGiB !== undefined)
          expect(h.allocation!.memoryGiB).toBeLessThanOrEqual(limits.memoryGiB + 1e-6);
        for (const u of Object.values(h.peakUtilization)) expect(u).toBeLessThanOrEqual(1);
        expect(h.existing).toBeDefined();
      }
    },
  );

  it('SizingWorkshop: 763 powered-on VMs planned, 42 skipped, today 34 hosts and 528 cores', () => {
    const file = files.find((f) => f.includes('SizingWorkshop'))!;
    const out = tempDir('rvtools-sw');
    const run = vplan(
      'plan',
      '--inventory',
      file,
      '--host-cpu-mhz',
      '89600',
      '--host-memory-gb',
      '768',
      '--out',
      out,
      '--quiet',
    );
    expect(run.code).toBe(0);
    const plan = readPlan(out);
    expect(plan.summary.assets).toBe(763);
    expect(plan.skipped).toHaveLength(42);
    expect(plan.skipped!.filter((s) => s.reason === 'template')).toHaveLength(10);
    expect([plan.today!.hosts, plan.today!.cores]).toEqual([34, 528]);
    expect(plan.today!.unknownHosts).toHaveLength(5);
  });
});
