#!/usr/bin/env node
'use strict';
require('@vplan/ts-register');
process.exitCode = require('../src/rules-bench.ts').main(process.argv.slice(2));
