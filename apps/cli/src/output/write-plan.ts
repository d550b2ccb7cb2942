import { access, constants, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanDocument } from '@vplan/formats';
import { planToXlsx } from '@vplan/workbook';

/**
 * Makes sure `dir` can take a plan before anything is read: it is created if missing, and
 * must be a writable directory. Fails with a message naming it.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory())
    throw new OutDirError(`--out ${dir}: exists and is not a directory`);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new OutDirError(`--out ${dir}: cannot write there (${(error as Error).message})`);
  }
}

/** The output directory cannot take the plan (bad usage: exit 2). */
export class OutDirError extends Error {}

export interface WrittenPlan {
  readonly planJson: string;
  readonly planCsv: string;
  readonly report: string;
  readonly planXlsx: string;
}

/** The files of a plan, rendered by the engine (`planArtifacts`); the workbook is made here from `planned.plan`. */
export interface PlanFiles {
  readonly planned: { readonly plan: PlanDocument };
  readonly planJson: string;
  readonly planCsv: string;
  readonly reportHtml: string;
}

/**
 * Writes `plan.json`, `plan.csv`, `plan.xlsx` and `report.html` into `dir` (created if
 * needed). All four are written under temporary names first and renamed only when all exist, so a
 * failure never leaves a new plan beside an old report.
 */
export async function writePlan(dir: string, rendered: PlanFiles): Promise<WrittenPlan> {
  await mkdir(dir, { recursive: true });
  const out = {
    planJson: join(dir, 'plan.json'),
    planCsv: join(dir, 'plan.csv'),
    report: join(dir, 'report.html'),
    planXlsx: join(dir, 'plan.xlsx'),
  };
  const files: [string, string | Buffer][] = [
    [out.planJson, rendered.planJson],
    [out.planCsv, rendered.planCsv],
    [out.planXlsx, await planToXlsx(rendered.planned.plan)],
    [out.report, rendered.reportHtml],
  ];
  const temporary = (path: string): string => `${path}.${process.pid}.tmp`;
  try {
    for (const [path, content] of files) await writeFile(temporary(path), content);
    for (const [path] of files) await rename(temporary(path), path);
  } catch (error) {
    await Promise.all(files.map(([path]) => rm(temporary(path), { force: true })));
    throw error;
  }
  return out;
}
