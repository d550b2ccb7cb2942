'use strict';
// The monorepo's projects, read from the npm workspaces' package.json files, so that
// jest and ESLint cover every project (and every pure lib) without a list to forget.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** @returns {{ name: string, root: string, dir: string, tags: string[] }[]} */
function projects() {
  const found = [];
  for (const group of ['apps', 'libs', 'tools']) {
    const base = path.join(root, group);
    if (!fs.existsSync(base)) continue;
    for (const dir of fs.readdirSync(base).sort()) {
      const manifest = path.join(base, dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      found.push({
        name: pkg.name,
        root: `${group}/${dir}`,
        dir,
        tags: (pkg.nx && pkg.nx.tags) || [],
      });
    }
  }
  return found;
}

module.exports = { projects };
