import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EstatePlan } from '@vplan/engine';
import { planToCsv } from '@vplan/formats';
import { renderReport } from '@vplan/report';

export interface WrittenPlan {
  readonly planJson: string;
  readonly planCsv: string;
  readonly report: string;
}

export interface ReportOptions {
  readonly title?: string;
  /** Sections appended to the report (e.g. the compatibility heat map). */
  readonly extraSections?: readonly {
    readonly id: string;
    readonly title: string;
    readonly html: string;
  }[];
}

/**
 * Writes `plan.json`, `plan.csv` and `report.html` into `dir` (created if needed). All
 * three are rendered and written under temporary names first and renamed only when all
 * exist, so a failure never leaves a new plan beside an old report.
 */
export async function writePlan(
  dir: string,
  planned: EstatePlan,
  report: ReportOptions = {},
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
  const files: [string, string][] = [
    [out.planJson, `${JSON.stringify(planned.plan, null, 2)}\n`],
    [out.planCsv, planToCsv(planned.plan)],
    [out.report, renderReport({ plan: planned.plan, demand, ...report })],
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
