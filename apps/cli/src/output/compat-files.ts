import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsvRow } from '@vplan/formats';
import { renderCompatibilityPage } from '@vplan/report';
import { compactCompatibility, type CompatibilityReport } from '@vplan/rules';
import { textFile, writeAllOrNothing } from './atomic-files';
import { writeJsonDocument } from './json-lines-document';

/** The files `vplan compat` writes. */
export interface WrittenCompat {
  readonly json: string;
  readonly classes: string;
  readonly blockers: string;
  readonly html: string;
}

const csv = (rows: readonly (readonly string[])[]): string =>
  rows.map((row) => `${formatCsvRow(row)}\n`).join('');

/**
 * `class,size,<attribute>…`: one row per class in report order, one column per signature
 * attribute (the union over all classes, sorted; empty where a class has no value).
 */
export function classesCsv(report: CompatibilityReport): string {
  const attributes = [...new Set(report.classes.flatMap((c) => Object.keys(c.signature)))].sort();
  return csv([
    ['class', 'size', ...attributes],
    ...report.classes.map((c) => [
      c.id,
      String(c.size),
      ...attributes.map((a) => c.signature[a] ?? ''),
    ]),
  ]);
}

/**
 * `asset,rule,severity,remediation,detail`: one row per candidate or fit rule hit, first
 * of the blocked assets, then of the assets with soft hits only (report `warnings`),
 * each in inventory order.
 */
export function blockersCsv(report: CompatibilityReport): string {
  return csv([
    ['asset', 'rule', 'severity', 'remediation', 'detail'],
    ...[...report.blockers, ...(report.warnings ?? [])].flatMap((b) =>
      b.hits.map((h) => [b.asset, h.ruleId, h.severity, h.remediation ?? '', h.detail]),
    ),
  ]);
}

/**
 * Writes `compat.json` (version 2, without repeated text: `compactCompatibility`), `classes.csv`, `blockers.csv` and `compat.html` into `dir`
 * (created if needed), all or nothing.
 */
export async function writeCompat(
  dir: string,
  report: CompatibilityReport,
): Promise<WrittenCompat> {
  await mkdir(dir, { recursive: true });
  const out: WrittenCompat = {
    json: join(dir, 'compat.json'),
    classes: join(dir, 'classes.csv'),
    blockers: join(dir, 'blockers.csv'),
    html: join(dir, 'compat.html'),
  };
  await writeAllOrNothing([
    {
      path: out.json,
      write: (temporary) => writeJsonDocument(temporary, compactCompatibility(report)),
    },
    textFile(out.classes, classesCsv(report)),
    textFile(out.blockers, blockersCsv(report)),
    textFile(out.html, renderCompatibilityPage(report)),
  ]);
  return out;
}
