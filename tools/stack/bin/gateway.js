#!/usr/bin/env node
'use strict';
// The dev stack's reverse proxy; started detached by `npm run stack`.
// Usage: node tools/stack/bin/gateway.js --port <n> --route <service>=<port|> ...
require('@vplan/ts-register');
require('../src/gateway-main.ts').gatewayMain(process.argv.slice(2));
