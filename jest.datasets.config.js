'use strict';
// The acceptance tests on the real data sets (npm run test:datasets): the projects and
// transform of jest.config.js, but only *.dataset-spec.ts. The data sets are read from
// VPLAN_DATASETS (default <repo>/../shared/datasets, see datasetsDir() in @vplan/testing);
// each project's global setup stops the run at once, with one line naming the folder and
// the variable, when they are absent. Projects with integration tests also get real peers.
const path = require('node:path');
const { projects } = require('./jest.config');

const setup = (name) => path.join(__dirname, 'libs/testing/src', name);

module.exports = {
  projects: projects.map(({ globalSetup, globalTeardown, ...project }) => ({
    ...project,
    testMatch: ['<rootDir>/src/**/*.dataset-spec.ts'],
    globalSetup: setup(globalSetup ? 'jest-datasets-peers-setup.ts' : 'jest-datasets-setup.ts'),
    ...(globalTeardown ? { globalTeardown } : {}),
  })),
};
