import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { datasetPath } from '@vplan/testing';
import { parseFactsJson } from './facts-json';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();

// The Facter fixtures are the raw command outputs facter reads (dmidecode, cpuinfo, prtdiag
// …), none of them JSON facts: each must be refused with its file:line:column, never thrown.
describe('parseFactsJson on the Facter fixtures', () => {
  const fixtures = datasetPath('facter_hw_fixtures');
  const files = filesUnder(fixtures).filter((f) => !f.endsWith('README.md'));

  it('refuses each of the 39 raw outputs as invalid JSON at a line and column', () => {
    expect(files).toHaveLength(39);
    for (const path of files) {
      const name = relative(fixtures, path);
      const result = parseFactsJson(readFileSync(path, 'utf8'), name);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.message).toMatch(/^[^:]+:\d+:\d+: invalid JSON: /);
      expect(result.error.message.length).toBeLessThan(200);
    }
  });

  it('refuses the dmidecode of a VirtualBox guest at its first character', () => {
    const result = parseFactsJson(
      readFileSync(join(fixtures, 'head/dmi_decode_virtualbox'), 'utf8'),
      'dmi',
    );
    expect(!result.ok && result.error.message).toBe(
      'dmi:1:1: invalid JSON: expected a value, found "#"',
    );
  });
});
