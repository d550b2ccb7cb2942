// Acceptance on the real Bitbrains Rnd data set (npm run test:datasets).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { datasetPath } from '@vplan/testing';
import { readLines } from './read-lines';

describe('readLines on Bitbrains Rnd, July 2013', () => {
  it('gunzips VM 1 into the same lines as zlib', async () => {
    const file = datasetPath('bitbrains_rnd', '2013-7', '1.csv.gz');
    const expected = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    expect(expected.pop()).toBe('');
    const lines: string[] = [];
    for await (const line of readLines(file)) lines.push(line);
    expect(lines).toHaveLength(8261);
    expect(lines).toEqual(expected);
  });
});
