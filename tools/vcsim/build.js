#!/usr/bin/env node
'use strict';
// Builds govmomi's vSphere simulator (vcsim v0.46.0) from the Go module proxy into
// ${XDG_CACHE_HOME:-$HOME/.cache}/vplan/vcsim-v0.46.0/vcsim, only when it is missing.
// v0.46 is the last release whose `vcsim` package lives in the govmomi module (from v0.47
// it is a separate module that the proxy here does not serve). Progress goes to stderr;
// the binary's path is printed on stdout, so scripts can run `bin=$(node tools/vcsim/build.js)`.
// Usage: node tools/vcsim/build.js [--force]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const VERSION = 'v0.46.0';
const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const binDir = path.join(cacheHome, 'vplan', `vcsim-${VERSION}`);
const binary = path.join(binDir, 'vcsim');
const lockDir = `${binary}.lock`;
const LOCK_STALE_MS = 15 * 60_000;

const say = (line) => process.stderr.write(`vcsim build: ${line}\n`);

/** The `go` command: $GO, `go` on PATH, or the official tarball's /usr/local/go/bin/go. */
function findGo() {
  const candidates = [process.env.GO, 'go', '/usr/local/go/bin/go'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (probe.status === 0) return { go: candidate, version: probe.stdout.trim() };
  }
  throw new Error(
    'Go is not installed (looked for $GO, `go` on PATH and /usr/local/go/bin/go). ' +
      'Install Go 1.23 or later (https://go.dev/dl/) to build vcsim.',
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
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
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
function ensureVcsim({ force = false } = {}) {
  if (!force && fs.existsSync(binary)) return binary;
  return withLock(() => {
    if (!force && fs.existsSync(binary)) return binary;
    const { go, version } = findGo();
    say(`building ${binary} with ${version} (the first build downloads modules: about 70 s)`);
    const started = Date.now();
    // `go install` writes to GOBIN under the final name: build into a private folder and
    // rename, so nobody ever runs a half-written binary.
    const tmpDir = fs.mkdtempSync(path.join(binDir, `.build-${process.pid}-`));
    try {
      execFileSync(go, ['install', `github.com/vmware/govmomi/vcsim@${VERSION}`], {
        stdio: ['ignore', process.stderr, process.stderr],
        env: { ...process.env, GOBIN: tmpDir, CGO_ENABLED: '0', GOFLAGS: '-trimpath' },
      });
      fs.renameSync(path.join(tmpDir, 'vcsim'), binary);
    } catch (error) {
      throw new Error(
        `go install github.com/vmware/govmomi/vcsim@${VERSION} failed (${error.status != null ? `exit ${error.status}` : error.message}); see the output above`,
      );
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
    say(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  });
}

module.exports = { ensureVcsim, binary, VERSION };

if (require.main === module) {
  try {
    const built = ensureVcsim({ force: process.argv.includes('--force') });
    process.stdout.write(`${built}\n`);
  } catch (error) {
    say(error.message);
    process.exitCode = 1;
  }
}
