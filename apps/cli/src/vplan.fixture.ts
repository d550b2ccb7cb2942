import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Estate } from '@vplan/domain';
import type { PlanDocument } from '@vplan/formats';
import { planDocumentSchema } from '@vplan/formats';
import { generateEstate } from '@vplan/simulation';
import { pickAssets, writeBitbrainsTraces, writePlanetLabTraces } from '@vplan/testing';

export const REPO = resolve(__dirname, '../../..');
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

/**
 * `count` VM-sized servers (at most 32 GiB) of vplan's own simulator (`seed`), with their
 * series: the stand-in for a folder of real traces.
 */
export function simulatedServers(count: number, seed = 1): Estate {
  const estate = pickAssets(
    generateEstate({ servers: count * 5, seed, weeks: 2 }),
    count,
    (a) => (a.capacity.memoryGiB ?? Infinity) <= 32,
  );
  if (estate.assets.length < count) throw new Error(`only ${estate.assets.length} small servers`);
  return estate;
}

/** Simulated servers written as Bitbrains files (a week of 5-minute rows) into a new folder. */
export function simulatedBitbrains(label: string, count: number, seed = 1): string {
  const dir = join(tempDir(label), 'traces');
  writeBitbrainsTraces(dir, simulatedServers(count, seed), { slots: 2016 });
  return dir;
}

/** Simulated servers written as PlanetLab files (one day) into a new folder named after the day. */
export function simulatedPlanetLab(label: string, count: number, seed = 1): string {
  const dir = join(tempDir(label), '20260112');
  writePlanetLabTraces(dir, simulatedServers(count, seed));
  return dir;
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
