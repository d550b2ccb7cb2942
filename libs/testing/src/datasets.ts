// Where the real public data sets are (read-only, never in the repository). Only the
// acceptance tests (`*.dataset-spec.ts`, `npm run test:datasets`) read them; `npm test`
// never does.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readEnv } from './host-process';
import { repoRoot } from './paths';

/** The environment variable that points at the data sets folder. */
export const DATASETS_VARIABLE = 'VPLAN_DATASETS';

/**
 * The data sets folder: `VPLAN_DATASETS` (resolved against the working directory) or,
 * when it is unset or empty, `<repo>/../shared/datasets`.
 */
export function datasetsDir(): string {
  const configured = readEnv(DATASETS_VARIABLE);
  return configured === undefined
    ? path.resolve(repoRoot, '..', 'shared', 'datasets')
    : path.resolve(configured);
}

/** A path inside the data sets folder, e.g. `datasetPath('bitbrains_rnd', '2013-7')`. */
export function datasetPath(...segments: string[]): string {
  return path.join(datasetsDir(), ...segments);
}

/**
 * Why the data sets cannot be read, as one line naming the folder and the variable, or
 * undefined when the folder exists.
 */
export function datasetsProblem(): string | undefined {
  const dir = datasetsDir();
  if (existsSync(dir) && statSync(dir).isDirectory()) return undefined;
  return (
    `vplan data sets not found at ${dir}: set ${DATASETS_VARIABLE} to the folder holding ` +
    'bitbrains_rnd/, planetlab/, … (default <repo>/../shared/datasets)'
  );
}
