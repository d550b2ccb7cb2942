#!/usr/bin/env node
'use strict';
// Builds tools/ferretdb (our main.go embedding FerretDB 1.24.2) to <repo>/.data/bin/ferretdb,
// only when the binary is missing or main.go, go.mod or go.sum changed since the last build
// (their SHA-256 is stored next to the binary). Progress goes to stderr; the binary's path
// is printed on stdout, so scripts can run `bin=$(node tools/ferretdb/build.js)`.
// The binary belongs to the checkout, not to a stack: VPLAN_DATA_DIR does not move it.
// Usage: node tools/ferretdb/build.js [--force]
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const sourceDir = __dirname;
const repoRoot = path.resolve(sourceDir, '..', '..');
const binDir = path.join(repoRoot, '.data', 'bin');
const binary = path.join(binDir, 'ferretdb');
const hashFile = `${binary}.sha256`;
const lockDir = `${binary}.lock`;
const SOURCES = ['main.go', 'go.mod', 'go.sum'];
const LOCK_STALE_MS = 15 * 60_000;

const say = (line) => process.stderr.write(`ferretdb build: ${line}\n`);

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const name of SOURCES) {
    hash.update(`${name}\0`);
    hash.update(fs.readFileSync(path.join(sourceDir, name)));
  }
  return hash.digest('hex');
}

function upToDate(hash) {
  if (!fs.existsSync(binary) || !fs.existsSync(hashFile)) return false;
  return fs.readFileSync(hashFile, 'utf8').trim() === hash;
}

/** The `go` command: $GO, `go` on PATH, or the official tarball's /usr/local/go/bin/go. */
function findGo() {
  const candidates = [process.env.GO, 'go', '/usr/local/go/bin/go'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (probe.status === 0) return { go: candidate, version: probe.stdout.trim() };
  }
  throw new Error(
    'Go is not installed (looked for $GO, `go` on PATH and /usr/local/go/bin/go). ' +
      'Install Go 1.24 or later (https://go.dev/dl/) to build FerretDB, ' +
      'or set MONGODB_URI to a MongoDB-wire server that is already running.',
  );
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Another process may be building the same binary (parallel jest workers): wait for it. */
function withLock(fn) {
  fs.mkdirSync(binDir, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > LOCK_STALE_MS) {
        say(`removing a stale lock ${lockDir}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) say('another build is running; waiting for it');
      announced = true;
      sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Builds if needed and returns the binary's absolute path. Throws with a clear message. */
function ensureFerretdb({ force = false } = {}) {
  if (!force && upToDate(sourceHash())) return binary;
  return withLock(() => {
    const hash = sourceHash();
    if (!force && upToDate(hash)) return binary;
    const { go, version } = findGo();
    say(
      `building ${path.relative(repoRoot, binary)} with ${version} (the first build downloads modules and takes a minute or two)`,
    );
    const started = Date.now();
    const tmp = `${binary}.tmp-${process.pid}`;
    try {
      execFileSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'], {
        cwd: sourceDir,
        stdio: ['ignore', process.stderr, process.stderr],
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
      });
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw new Error(
        `go build in ${sourceDir} failed (${error.status != null ? `exit ${error.status}` : error.message}); see the output above`,
      );
    }
    fs.renameSync(tmp, binary);
    fs.writeFileSync(hashFile, `${hash}\n`);
    say(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  });
}

module.exports = { ensureFerretdb, binary, repoRoot };

if (require.main === module) {
  try {
    const built = ensureFerretdb({ force: process.argv.includes('--force') });
    process.stdout.write(`${built}\n`);
  } catch (error) {
    say(error.message);
    process.exitCode = 1;
  }
}
