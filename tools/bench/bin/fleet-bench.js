#!/usr/bin/env node
'use strict';
// Fleet planning (keep-existing, mixed models) on a generated 10,000-VM RVTools estate.
require('@vplan/ts-register');
require('../src/fleet-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`bench:fleet: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
