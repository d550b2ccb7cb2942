#!/usr/bin/env node
'use strict';
// Ingests samples through JetStream while SIGKILLing the workloads service (README.md).
require('@vplan/ts-register');
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`ingest-kill: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
