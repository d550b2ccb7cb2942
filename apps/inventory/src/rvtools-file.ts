import { Readable } from 'node:stream';
import { assetSchema, type AssetPayload } from '@vplan/contracts';
import type { EstateBaseline, SkippedAsset } from '@vplan/domain';
import { readRvtoolsWorkbook } from '@vplan/formats';
import { MAX_FILE_ISSUES } from './inventory-file';

/** One problem of a bad workbook: where (`file:sheet:row:column`, or `file:vInfo:<vm>`) and what. */
export interface RvtoolsProblem {
  readonly where: string;
  readonly message: string;
}

export type RvtoolsFileOutcome =
  | {
      readonly ok: true;
      readonly assets: AssetPayload[];
      /** VMs of vInfo left out: powered off, suspended, templates, duplicates. */
      readonly skipped: readonly SkippedAsset[];
      /** Today's hosts (vHost), skipped VMs, clusters and notes, as the CLI's reader gives them. */
      readonly baseline: EstateBaseline;
    }
  | { readonly ok: false; readonly problems: RvtoolsProblem[] };

/**
 * Reads an RVTools `.xlsx` export (its bytes) exactly as the CLI's `--inventory x.xlsx`
 * does (`readRvtoolsWorkbook` of @vplan/formats, streamed from the buffer: no temporary
 * file), powered-off VMs and templates skipped, then checks every asset against the
 * contracts' `assetSchema`. Bytes that are not a workbook at all (exceljs's unzip throws)
 * are a problem of the file, at `file:1:1`.
 */
export async function readRvtoolsFile(file: string, bytes: Buffer): Promise<RvtoolsFileOutcome> {
  let result: Awaited<ReturnType<typeof readRvtoolsWorkbook>>;
  try {
    result = await readRvtoolsWorkbook(Readable.from(bytes), { file });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [{ where: `${file}:1:1`, message: `not a readable .xlsx workbook (${why})` }],
    };
  }
  if (!result.ok) {
    const { issue } = result.error;
    const where = `${issue.file}:${issue.row}:${issue.column}`;
    return { ok: false, problems: [{ where, message: issue.message }] };
  }
  const { assets, baseline } = result.value.estate;
  const checked: AssetPayload[] = [];
  const problems: RvtoolsProblem[] = [];
  for (const asset of assets) {
    const parsed = assetSchema.safeParse(asset);
    if (parsed.success) checked.push(parsed.data);
    else
      for (const problem of parsed.error.issues)
        if (problems.length < MAX_FILE_ISSUES)
          problems.push({
            where: `${file}:vInfo:${asset.id}`,
            message: `${problem.path.join('.') || 'asset'} ${problem.message}`,
          });
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, assets: checked, skipped: baseline.skipped, baseline };
}

/** A problem as `where: message`, the form of the CLI's messages. */
export function problemText(p: RvtoolsProblem): string {
  return `${p.where}: ${p.message}`;
}
