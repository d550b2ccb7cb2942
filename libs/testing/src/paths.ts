import path from 'node:path';
import { readEnv } from './host-process';

/** The monorepo's root (this file is libs/testing/src/paths.ts). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Where peers, the dev stack and their logs keep state: `VPLAN_DATA_DIR` (resolved against
 * the working directory) or `<repo>/.data`. The FerretDB binary is not here: it belongs to
 * the checkout (`<repo>/.data/bin`, see tools/ferretdb/build.js).
 */
export function dataDir(): string {
  const configured = readEnv('VPLAN_DATA_DIR');
  return configured === undefined ? path.join(repoRoot, '.data') : path.resolve(configured);
}

/** A URL with any `user:password@` replaced, so that it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
