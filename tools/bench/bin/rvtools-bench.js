#!/usr/bin/env node
'use strict';
// Read time and peak RSS of the RVTools reader on a generated 10,000-VM workbook.
require('@vplan/ts-register');
require('../src/rvtools-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`bench:rvtools: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
