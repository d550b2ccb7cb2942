#!/usr/bin/env node
'use strict';
// Runs the built bundle (dist/vplan.js, from `npm run build`, also run by `npm ci`);
// in a checkout without it, or when a source is newer than it, compiles the TypeScript
// sources on the fly (slower start), so a stale build never runs.
const fs = require('node:fs');
const path = require('node:path');

// A reader that closes the pipe early (`vplan … | head -1`) ends the run quietly.
const quietOnClosedPipe = (stream) =>
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const dist = path.join(__dirname, '../dist/vplan.js');

/** In a checkout (src/ beside bin/), the build is stale when a bundled source is newer or gone. */
function distIsCurrent() {
  if (!fs.existsSync(dist)) return false;
  if (!fs.existsSync(path.join(__dirname, '../src'))) return true; // an installed package
  try {
    const built = fs.statSync(dist).mtimeMs;
    const root = path.join(__dirname, '../../..');
    const inputs = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../dist/vplan.inputs.json'), 'utf8'),
    );
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs <= built);
  } catch {
    return false;
  }
}

let cli;
if (distIsCurrent()) {
  process.setSourceMapsEnabled(true);
  cli = require(dist);
} else {
  require('@vplan/ts-register');
  cli = require('../src/main.ts');
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
