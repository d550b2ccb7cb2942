#!/usr/bin/env node
'use strict';
// Time, targets/s and peak open file descriptors of a TCP sweep of 127.0.0.0/16.
require('@vplan/ts-register');
require('../src/sweep-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`bench:sweep: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
