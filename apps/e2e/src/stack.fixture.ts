import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateEstate } from '@vplan/simulation';
import { pickAssets, writeBitbrainsTraces } from '@vplan/testing';

export const REPO = resolve(__dirname, '../../..');
const VPLAN = join(REPO, 'apps/cli/bin/vplan.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a Node script of the repo as a child process (never blocks the test's event loop). */
export function runNode(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: REPO, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** The real `vplan` binary. */
export const vplan = (args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
  runNode(VPLAN, args, env);

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `vplan-e2e-${label}-`));
}

/**
 * `count` VM-sized servers (at most 32 GiB) of vplan's own simulator as Bitbrains files
 * (a week of 5-minute rows each) in a new folder.
 */
export function simulatedTraces(count: number, seed = 1): string {
  const dir = tempDir('traces');
  const estate = pickAssets(
    generateEstate({ servers: count * 5, seed, weeks: 2 }),
    count,
    (a) => (a.capacity.memoryGiB ?? Infinity) <= 32,
  );
  if (estate.assets.length < count) throw new Error(`only ${estate.assets.length} servers`);
  writeBitbrainsTraces(dir, estate, { slots: 2016 });
  return dir;
}

/** What `npm run stack` printed. */
export interface Stack {
  readonly baseUrl: string;
  readonly token: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Starts the dev stack (tools/stack) in its own data directory, on free ports. */
export async function stackUp(env: NodeJS.ProcessEnv): Promise<Stack> {
  const up = await runNode(join(REPO, 'tools/stack/bin/stack.js'), [], env);
  const baseUrl = /^base URL: (\S+)$/m.exec(up.stdout)?.[1];
  const token = /^admin token: (\S+)$/m.exec(up.stdout)?.[1];
  if (up.code !== 0 || !baseUrl || !token) {
    throw new Error(`npm run stack failed (exit ${up.code}):\n${up.stdout}\n${up.stderr}`);
  }
  return { baseUrl, token, env };
}

export async function stackDown(env: NodeJS.ProcessEnv): Promise<Run> {
  return runNode(join(REPO, 'tools/stack/bin/stack-down.js'), [], env);
}

/** A fetch with a bearer token (or none), answering status and parsed JSON (or text). */
export async function http(
  url: string,
  init: { method?: string; token?: string; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] = init.contentType ?? 'application/json';
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}
