'use strict';
// Lets Node run the TypeScript sources of this monorepo directly (npm workspaces link
// each lib as @vplan/<name> with "main": "src/index.ts"). It compiles with the same
// swc settings as jest (see swc.config.js), so what the tests run is what ships.
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const { swcOptions } = require('./swc.config');

const compile = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = compile;
  require('node:process').setSourceMapsEnabled(true);
}
