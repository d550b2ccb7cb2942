import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { makeAsset, type Estate } from '@vplan/domain';
import { planArtifacts } from '@vplan/engine';
import { planOptionsSchema } from '@vplan/formats';
import { compareCommand } from './compare';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const SLOTS = 288;

function estate(n: number): Estate {
  const assets = [];
  const series = [];
  for (let i = 0; i < n; i++) {
    const id = `vm-${String(i).padStart(3, '0')}`;
    assets.push(makeAsset(id, { capacity: { cores: 2, memoryGiB: 8, cpuMhz: 5000 } }));
    const cpu = new Float32Array(SLOTS).map((_, t) => 600 + 500 * Math.sin((t + i * 37) / 46));
    const memory = new Float32Array(SLOTS).fill(3);
    series.push({ assetId: id, metric: 'cpu' as const, stepSeconds: 300, start: 0, values: cpu });
    series.push({
      assetId: id,
      metric: 'memory' as const,
      stepSeconds: 300,
      start: 0,
      values: memory,
    });
  }
  return { assets, series };
}

function planJson(headroom: number): string {
  const outcome = planArtifacts(
    {
      estate: estate(30),
      options: planOptionsSchema.parse({
        hostCpuMhz: 8000,
        hostMemoryGiB: 64,
        hostCores: 8,
        headroom,
      }),
      source: { source: 't', format: 'test' },
    },
    context,
  );
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.planJson;
}

async function run(args: string[]): Promise<string> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (
    written.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  try {
    await compareCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = original;
  }
  return written.join('');
}

describe('vplan compare', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vplan-compare-'));
    await mkdir(join(dir, 'h10'));
    await writeFile(join(dir, 'h10', 'plan.json'), planJson(0.1));
    await writeFile(join(dir, 'h30.json'), planJson(0.3));
    await writeFile(join(dir, 'bad.json'), '{"schemaVersion": 3,');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints differences and writes compare.html and compare.xlsx', async () => {
    const out = join(dir, 'out');
    const text = await run([join(dir, 'h10'), join(dir, 'h30.json'), '--out', out]);
    expect(text).toMatch(/co-location: of \d+ pairs/);
    expect((await readdir(out)).sort()).toEqual(['compare.html', 'compare.xlsx']);
    expect(await readFile(join(out, 'compare.html'), 'utf8')).toContain('Differences by asset');
    const workbook = new Workbook();
    const bytes = (await readFile(join(out, 'compare.xlsx'))) as unknown as Parameters<
      typeof workbook.xlsx.load
    >[0];
    await workbook.xlsx.load(bytes);
    expect(workbook.getWorksheet('Plans')?.getCell('A2').value).toBe('hosts');
  });

  it('prints "no difference" for a plan against itself', async () => {
    const text = await run([
      join(dir, 'h10'),
      join(dir, 'h10', 'plan.json'),
      '--out',
      join(dir, 'same'),
    ]);
    expect(text).toBe('no difference\n');
  });

  it('names the file that is missing or not JSON', async () => {
    await expect(
      run([join(dir, 'h10'), join(dir, 'nope'), '--out', join(dir, 'x')]),
    ).rejects.toThrow(/nope: no such file/);
    await expect(
      run([join(dir, 'h10'), join(dir, 'bad.json'), '--out', join(dir, 'x')]),
    ).rejects.toThrow(/bad\.json/);
  });
});
