#!/usr/bin/env node
'use strict';
// npm run stack: NATS, a MongoDB-wire server, the services and a gateway (tools/stack/README.md).
require('@vplan/ts-register');
require('../src/up.ts')
  .up()
  .then((code) => process.stdout.write('', () => process.exit(code)));
