#!/usr/bin/env node
'use strict';
// Starts the discovery service (apps/discovery/README.md); the dev stack runs `node apps/discovery/bin/serve.js`.
require('@vplan/ts-register');
require('../src/main.ts')
  .main()
  .catch((err) => {
    // A bad environment is a ConfigError listing every bad variable (never a value).
    process.stderr.write(`discovery: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err && err.name === 'ConfigError' ? 2 : 1);
  });
