'use strict';
// One jest run for the whole monorepo (npm test); each Nx project is a jest "project"
// so `jest --selectProjects <name>` (the nx test target) runs one of them.
const { swcOptions } = require('./tools/ts-register/swc.config');

const { sourceMaps: _ignored, ...swc } = swcOptions;
const roots = [
  'libs/domain',
  'libs/workload',
  'libs/placement',
  'libs/formats',
  'libs/report',
  'libs/simulation',
  'apps/cli',
  'tools/bench',
];

module.exports = {
  projects: roots.map((root) => ({
    displayName: root.split('/')[1],
    rootDir: `<rootDir>/${root}`,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] },
    moduleFileExtensions: ['ts', 'js', 'json'],
  })),
};
