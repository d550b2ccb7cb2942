#!/usr/bin/env node
'use strict';
// npm run stack:down: stops, by pid, what `npm run stack` started.
require('@vplan/ts-register');
require('../src/down.ts')
  .down()
  .then((code) => process.stdout.write('', () => process.exit(code)));
