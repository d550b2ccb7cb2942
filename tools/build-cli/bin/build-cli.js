#!/usr/bin/env node
'use strict';
require('@vplan/ts-register');
require('../src/build-cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
