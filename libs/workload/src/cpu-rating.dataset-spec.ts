// Acceptance on the real data sets (npm run test:datasets): the committed rating table is
// what tools/cpu-ratings computes from SPEC CPU2017's published results, and the model
// names that lscpu, dmidecode and RVTools write find their ratings.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { datasetPath } from '@vplan/testing';
import { CPU_RATINGS, cpuNormalization, normalizeCpuModel } from './cpu-rating';

const COMMITTED = resolve(__dirname, 'cpu-ratings.json');
const TOOL = resolve(__dirname, '../../../tools/cpu-ratings/bin/cpu-ratings.js');

/** A 2012 server generation (Sandy Bridge-EP, Q1 2012) and a current one (Emerald Rapids, Q4 2023). */
const OLD_MODEL = 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz';
const CURRENT_MODEL = 'Intel(R) Xeon(R) Gold 6548Y+';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** One entry of a zip file (an .xlsx), found through the central directory. */
function zipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
      return zip.readUInt16LE(at + 10) === 0 ? data : inflateRawSync(data);
    }
    at += 46 + skip;
  }
  throw new Error(`no ${name} in the zip file`);
}

describe('the committed CPU rating table', () => {
  const committed = readFileSync(COMMITTED, 'utf8');

  it('is what tools/cpu-ratings computes from the SPEC CPU2017 results today', () => {
    const csv = datasetPath('spec_cpu2017_results', 'cpu2017-results.csv.gz');
    const computed = execFileSync('node', [TOOL, csv, '--stdout'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(computed).toBe(committed);
  });

  it('holds 614 models from 13,129 CINT2017rate base results, under 300 KB', () => {
    const data = JSON.parse(committed) as { models: Record<string, number[]> };
    expect(Object.keys(data.models)).toHaveLength(614);
    expect(CPU_RATINGS.source.rows).toBe(13_129);
    expect(committed.length).toBeLessThan(300_000);
    expect(data.models['intel xeon e5-2670']).toEqual([4.11, 2600, 1]);
    expect(data.models['intel xeon e5-2620 v2']).toEqual([3.78, 2100, 1]);
    expect(data.models['intel xeon gold 6548y+']).toEqual([10.22, 2500, 52]);
    expect(data.models['amd epyc 9654']).toEqual([8.7, 2400, 61]);
  });

  it('rates a 2012 Xeon E5-2670 at about 0.39 of a 2023 Xeon Gold 6548Y+ per GHz', () => {
    const old = CPU_RATINGS.lookup(OLD_MODEL);
    const current = CPU_RATINGS.lookup(CURRENT_MODEL);
    expect(old?.perGHz).toBeCloseTo(4.11 / 2.6, 10);
    expect(current?.perGHz).toBeCloseTo(10.22 / 2.5, 10);
    const { factor, basis } = cpuNormalization(old, current);
    expect(basis).toBe('rating');
    expect(factor).toBeCloseTo(0.3867, 4);
  });
});

describe('normalizeCpuModel on real model strings', () => {
  it('gives every lscpu report the key of its linux-hardware.org model folder', () => {
    const root = datasetPath('linuxhw_lscpu_server_cpus');
    const reports = filesUnder(root).filter((f) => !f.endsWith('.md'));
    const pairs = reports.flatMap((file) => {
      const line = readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('Model name:'));
      const folder = file.slice(root.length + 1).split('/')[2];
      return line === undefined || folder === undefined
        ? []
        : [[normalizeCpuModel(line.slice('Model name:'.length)), normalizeCpuModel(folder)]];
    });
    expect(pairs.length).toBeGreaterThan(450);
    for (const [fromLscpu, fromFolder] of pairs) expect(fromLscpu).toBe(fromFolder);
    const rated = pairs.filter(([key]) => CPU_RATINGS.lookup(key as string) !== undefined);
    expect(rated.length).toBeGreaterThanOrEqual(97);
  });

  it('finds a rating for the dmidecode processors of the generations SPEC CPU2017 covers', () => {
    const versions = filesUnder(datasetPath('linuxhw_dmidecode_servers', 'Server'))
      .filter((f) => f.endsWith('.gz'))
      .flatMap((f) =>
        [
          ...gunzipSync(readFileSync(f))
            .toString('utf8')
            .matchAll(/\n\tVersion: (.+)/g),
        ].map((m) => (m[1] as string).trim()),
      );
    const rated = new Set(versions.filter((v) => CPU_RATINGS.lookup(v) !== undefined));
    for (const name of [
      'Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz',
      'Intel(R) Xeon(R) CPU E5-2670 v2 @ 2.50GHz',
      'Intel(R) Xeon(R) Silver 4410Y',
      'AMD EPYC 7402 24-Core Processor',
    ]) {
      expect(rated).toContain(name);
    }
    expect(rated.size).toBeGreaterThanOrEqual(100);
  });

  it('reads the RVTools vHost CPU models, and rates the current one', () => {
    const models = (file: string) => {
      const zip = readFileSync(datasetPath('rvtools_exports', file));
      const strings = zipEntry(zip, 'xl/sharedStrings.xml').toString('utf8');
      return [...strings.matchAll(/<t[^>]*>([^<]*(?:Xeon|EPYC)[^<]*)<\/t>/g)].map((m) => m[1]);
    };
    const workshop = models('mjvincent_rvtools-to-ibm-cloud/SizingWorkshop-RVTools.xlsx');
    expect(workshop.map((m) => normalizeCpuModel(m as string)).sort()).toEqual([
      'intel xeon e5-2667 v3',
      'intel xeon e5-2680',
      'intel xeon x5675',
      'intel xeon x5690',
    ]);
    const [planner] = models('kubev2v_migration-planner/example1.xlsx');
    expect(CPU_RATINGS.lookup(planner as string)?.model).toBe('intel xeon gold 5218');
  });
});
