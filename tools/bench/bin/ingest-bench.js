#!/usr/bin/env node
'use strict';
// The sustained ingest rate of the workloads service (README.md).
require('@vplan/ts-register');
require('../src/ingest-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`bench:ingest: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
