// One flat config for the whole monorepo; every rule is an error (STYLE.md).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules, createRequire } from 'node:module';

const { projects } = createRequire(import.meta.url)('./tools/projects.js');

// Every Node built-in, bare and with the node: prefix: pure libs do no I/O at all.
const nodeBuiltins = builtinModules.flatMap((name) =>
  name.startsWith('node:') ? [name] : [name, `node:${name}`],
);

// Pure libs, found by their `type:pure` tag (see tools/projects.js), not listed by hand.
const pureLibs = projects()
  .filter((p) => p.tags.includes('type:pure'))
  .map((p) => `${p.root}/**/*.ts`);

// Which project types may import which (tags in each package.json).
const depConstraints = [
  {
    sourceTag: 'type:pure',
    onlyDependOnLibsWithTags: ['type:pure'],
    bannedExternalImports: ['@nestjs/*', 'mongoose', 'mongodb', 'nats', 'pino', ...nodeBuiltins],
  },
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:pure'],
    bannedExternalImports: ['@nestjs/*', 'mongoose', 'nats', ...nodeBuiltins],
  },
  {
    sourceTag: 'type:io',
    onlyDependOnLibsWithTags: ['type:pure', 'type:contracts', 'type:io'],
  },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:pure', 'type:contracts', 'type:io', 'type:platform'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:pure',
      'type:contracts',
      'type:io',
      'type:platform',
      'type:testing',
    ],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:pure',
      'type:contracts',
      'type:io',
      'type:platform',
      'type:testing',
      'type:tool',
    ],
  },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: [
      'type:pure',
      'type:contracts',
      'type:io',
      'type:platform',
      'type:testing',
      'type:tool',
      'type:app',
    ],
  },
];

// Tests of io and platform libs may use the real-peer helpers of type:testing libs.
const testDepConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:io' || c.sourceTag === 'type:platform'
    ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] }
    : c,
);
// Acceptance tests on the real data sets (*.dataset-spec.ts) of any project find them
// through @vplan/testing's datasetPath().
const datasetSpecDepConstraints = depConstraints.map((c) => ({
  ...c,
  onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])],
}));

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/coverage/**',
      '.nx/**',
      '.data/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Read process state at the edges (apps), never in libs.' },
      ],
    },
  },
  {
    // Apps and tools are the edges: they may read the process environment and the clock.
    files: ['apps/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: testDepConstraints },
      ],
    },
  },
  {
    files: ['**/*.dataset-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: datasetSpecDepConstraints,
        },
      ],
    },
  },
  {
    // Pure libs take the clock and randomness as parameters (STYLE.md).
    files: pureLibs,
    ignores: ['**/*.spec.ts', '**/*.dataset-spec.ts', '**/*.fixture.ts'],
    rules: {
      // Nx's bannedExternalImports covers npm packages; Node built-ins are banned here.
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Pure libs do no I/O: take bytes, lines or values as parameters.',
          })),
          patterns: [
            {
              group: ['@nestjs/*', 'mongoose', 'mongodb', 'nats'],
              message: 'Pure libs import no framework or driver.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Take a seeded Random (from @vplan/domain) as a parameter.',
        },
        { object: 'Date', property: 'now', message: 'Take the clock as a parameter.' },
        { object: 'performance', property: 'now', message: 'Take the clock as a parameter.' },
      ],
    },
  },
];
