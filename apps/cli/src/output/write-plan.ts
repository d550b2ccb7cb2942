import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { EstatePlan } from '@vplan/engine';
import { planToCsv } from '@vplan/formats';
import { renderReport } from '@vplan/report';

export interface WrittenPlan {
  readonly planJson: string;
  readonly planCsv: string;
  readonly report: string;
}

/** Writes a file through a temporary name, so a crash never leaves half a file. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Writes `plan.json`, `plan.csv` and `report.html` into `dir` (created if needed). */
export async function writePlan(
  dir: string,
  planned: EstatePlan,
  title?: string,
): Promise<WrittenPlan> {
  await mkdir(dir, { recursive: true });
  const out = {
    planJson: join(dir, 'plan.json'),
    planCsv: join(dir, 'plan.csv'),
    report: join(dir, 'report.html'),
  };
  const demand = new Map(
    planned.matrix.assets.map(({ asset, demand: d }) => [asset.id, d] as const),
  );
  await writeAtomically(out.planJson, `${JSON.stringify(planned.plan, null, 2)}\n`);
  await writeAtomically(out.planCsv, planToCsv(planned.plan));
  await writeAtomically(
    out.report,
    renderReport({ plan: planned.plan, demand, ...(title ? { title } : {}) }),
  );
  return out;
}
