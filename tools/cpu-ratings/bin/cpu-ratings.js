#!/usr/bin/env node
'use strict';
// Rebuilds libs/workload/src/cpu-ratings.json from SPEC CPU2017's published results (README.md).
require('@vplan/ts-register');
try {
  process.exitCode = require('../src/main.ts').main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`cpu-ratings: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}
