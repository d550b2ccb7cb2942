#!/usr/bin/env node
'use strict';
// Time of identity reconciliation on 100,000 generated observations (3 sources per machine).
require('@vplan/ts-register');
require('../src/identity-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`bench:identity: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
