import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** The monorepo root (tools/build-cli/src → ../../..). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export interface BuildCliOptions {
  /** Directory the bundle goes to (default apps/cli/dist). */
  readonly outDir?: string;
  /** Write a sourcemap beside the bundle (default true). */
  readonly sourcemap?: boolean;
}

export interface BuiltCli {
  /** Path of the CommonJS bundle. */
  readonly file: string;
  /** npm packages the bundle requires at run time (left external). */
  readonly external: readonly string[];
  /** Bundled workspace inputs, relative to the repo root. */
  readonly inputs: readonly string[];
}

/** npm packages the bundle leaves to `require`: the root's dependencies and devDependencies. */
export function externalPackages(root = REPO_ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
    .filter((name) => !name.startsWith('@vplan/'))
    .sort();
}

/**
 * Bundles apps/cli/src/main.ts with the workspace libs (TypeScript sources, resolved through
 * the npm workspace links) into one CommonJS file for node 20; npm dependencies stay external.
 */
export async function buildCli(options: BuildCliOptions = {}): Promise<BuiltCli> {
  const outDir = options.outDir ?? join(REPO_ROOT, 'apps/cli/dist');
  const file = join(outDir, 'vplan.js');
  const external = externalPackages();
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, 'apps/cli/src/main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: options.sourcemap ?? true,
    tsconfig: join(REPO_ROOT, 'tsconfig.base.json'),
    external,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  // bin/vplan.js, in a checkout, runs the sources instead when one of these is newer.
  writeFileSync(join(outDir, 'vplan.inputs.json'), `${JSON.stringify(inputs)}\n`);
  return { file, external, inputs };
}

/** `node tools/build-cli/bin/build-cli.js [outDir]`: builds and prints where. */
export async function main(argv: readonly string[]): Promise<number> {
  const outDir = argv[0] ? resolve(argv[0]) : undefined;
  const built = await buildCli(outDir ? { outDir } : {});
  const nest = built.inputs.filter((i) => i.includes('@nestjs/'));
  process.stdout.write(
    `built ${built.file} from ${built.inputs.length} sources` +
      (nest.length > 0 ? ` (NestJS bundled: ${nest.join(', ')})` : '') +
      '\n',
  );
  return 0;
}
