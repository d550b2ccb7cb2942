#!/usr/bin/env node
'use strict';
// Starts the constraints service (apps/constraints/README.md); the dev stack runs `node apps/constraints/bin/serve.js`.
require('@vplan/ts-register');
require('../src/main.ts')
  .main()
  .catch((err) => {
    // A bad environment is a ConfigError listing every bad variable (never a value).
    process.stderr.write(`constraints: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err && err.name === 'ConfigError' ? 2 : 1);
  });
