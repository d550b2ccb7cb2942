#!/usr/bin/env node
'use strict';
require('@vplan/ts-register');
require('../src/cli-start-bench.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
