import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, REPO_ROOT } from './build-cli';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;

/** Runs the copied bin (which picks up the built dist) with `args`. */
function run(args: readonly string[], closeStdout = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'bin/vplan.js'), ...args], {
      env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') },
    });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vplan-cli-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(REPO_ROOT, 'apps/cli/bin/vplan.js'), join(dir, 'bin/vplan.js'));
  const built = await buildCli({ outDir: join(dir, 'dist') });
  expect(built.file).toBe(join(dir, 'dist/vplan.js'));
  expect(built.inputs.some((i) => i.startsWith('libs/'))).toBe(true);
  expect(built.inputs.some((i) => i.includes('node_modules/'))).toBe(false);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built CLI', () => {
  it('prints the help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: vplan /);
    expect(result.stdout).toContain('plan [options]');
    expect(result.stderr).toBe('');
  });

  it('shows examples and exit codes under plan --help', async () => {
    const result = await run(['plan', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:\n  vplan plan --workloads');
    expect(result.stdout).toContain('Exit codes: 0 done, 2 bad usage or input');
  });

  it('ends quietly when the reader closes the pipe', async () => {
    for (const args of [['--help'], ['plan', '--help']]) {
      const result = await run(args, true);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
  });

  it('exits 2 with a message when a required option is missing', async () => {
    const result = await run(['plan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--out <dir>' not specified");
  });
});
