import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PlanDocument } from '@vplan/formats';
import { planDocumentSchema } from '@vplan/formats';

export const REPO = resolve(__dirname, '../../..');
export const DATASETS = process.env['VPLAN_DATASETS'] ?? resolve(REPO, '../shared/datasets');
const BIN = join(REPO, 'apps/cli/bin/vplan.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `vplan` binary in a child process. */
export function vplan(...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vplan-${prefix}-`));
}

/** Reads and schema-validates a written plan.json. */
export function readPlan(dir: string): PlanDocument {
  return planDocumentSchema.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
}

/**
 * Independent check of a written plan against demand arrays: every asset exactly once,
 * each host within `usable` at every slot. Returns the problems found.
 */
export function checkPlan(
  plan: PlanDocument,
  demand: ReadonlyMap<string, readonly Float32Array[]>,
  usable: readonly number[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const host of plan.hosts) {
    for (const id of host.assets) {
      if (seen.has(id)) problems.push(`${id} placed twice`);
      seen.add(id);
    }
    usable.forEach((limit, r) => {
      const arrays = host.assets.map((id) => demand.get(id)![r]!);
      const slots = arrays[0]?.length ?? 0;
      for (let t = 0; t < slots; t++) {
        let sum = 0;
        for (const a of arrays) sum += a[t]!;
        if (sum > limit * (1 + 1e-6)) {
          problems.push(`${host.id} resource ${r} at slot ${t}: ${sum} > ${limit}`);
          break;
        }
      }
    });
  }
  for (const u of plan.unplaced) seen.add(u.asset);
  for (const id of demand.keys()) if (!seen.has(id)) problems.push(`${id} missing`);
  return problems;
}
