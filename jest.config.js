'use strict';
// One jest run for the whole monorepo (npm test): every project with a src/ folder is a
// jest project named after its folder; `nx run <project>:test` runs `jest <root>/`.
// It runs *.spec.ts and *.int-spec.ts and needs nothing outside the repository; the
// acceptance tests on the real data sets (*.dataset-spec.ts) run with
// jest.datasets.config.js (npm run test:datasets), on the same projects.
const fs = require('node:fs');
const path = require('node:path');
const { swcOptions } = require('./tools/ts-register/swc.config');
const { projects } = require('./tools/projects');

const { sourceMaps: _ignored, ...swc } = swcOptions;

// Projects with integration tests get real peers (NATS, a MongoDB-wire server) ensured
// once before their tests and stopped after, by @vplan/testing (libs/testing/README.md).
const hasIntSpecs = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .some((e) =>
      e.isDirectory() ? hasIntSpecs(path.join(dir, e.name)) : e.name.endsWith('.int-spec.ts'),
    );
const peers = {
  globalSetup: path.join(__dirname, 'libs/testing/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest-global-teardown.ts'),
};

// @kubernetes/client-node and the ESM-only packages it loads (libs/probes/src/kubernetes).
const ESM_ONLY = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];

module.exports = {
  projects: projects()
    .filter((p) => fs.existsSync(path.join(__dirname, p.root, 'src')))
    .map((p) => ({
      displayName: p.dir,
      rootDir: `<rootDir>/${p.root}`,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
      transform: {
        '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }],
        [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
          '@swc/jest',
          { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } },
        ],
      },
      // ESM-only packages (Node 20's require(esm) is not jest's): compiled to CommonJS.
      transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
      moduleFileExtensions: ['ts', 'js', 'json'],
      ...(hasIntSpecs(path.join(__dirname, p.root, 'src')) ? peers : {}),
    })),
};
