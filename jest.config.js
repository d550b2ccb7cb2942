'use strict';
// One jest run for the whole monorepo (npm test): every project with a src/ folder is a
// jest project named after its folder; `nx run <project>:test` runs `jest <root>/`.
const fs = require('node:fs');
const path = require('node:path');
const { swcOptions } = require('./tools/ts-register/swc.config');
const { projects } = require('./tools/projects');

const { sourceMaps: _ignored, ...swc } = swcOptions;

module.exports = {
  projects: projects()
    .filter((p) => fs.existsSync(path.join(__dirname, p.root, 'src')))
    .map((p) => ({
      displayName: p.dir,
      rootDir: `<rootDir>/${p.root}`,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
      transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] },
      moduleFileExtensions: ['ts', 'js', 'json'],
    })),
};
