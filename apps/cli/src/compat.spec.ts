import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  COMPAT_JSON_VERSION,
  expandCompatibility,
  type CompactCompatibility,
  type CompatibilityReport,
} from '@vplan/rules';
import { REPO, tempDir, vplan } from './vplan.fixture';

/** compat.json (version 2, compact) read back as the full report. */
function readCompat(path: string): CompatibilityReport {
  const compact = JSON.parse(readFileSync(path, 'utf8')) as CompactCompatibility;
  expect(compact.version).toBe(COMPAT_JSON_VERSION);
  return expandCompatibility(compact);
}

// These tests run the real binary: seconds each.
jest.setTimeout(240_000);

const RULES = [
  'name: compat test rules',
  'rules:',
  '  - id: env-separation',
  '    kind: pair',
  '    severity: hard',
  '    require: { same: environment }',
  '    remediation: keep environments on separate hosts',
  '  - id: zone-preference',
  '    kind: pair',
  '    severity: soft',
  '    penalty: 30',
  '    require: { same: zone }',
  '  - id: web-anti-affinity',
  '    kind: pair',
  '    severity: hard',
  '    require: { different: anti_affinity_group }',
  '  - id: no-fax',
  '    kind: candidate',
  '    severity: hard',
  '    forbid: { any_of: device, in: [fax] }',
  '    remediation: replace the fax board by a fax server',
  '',
].join('\n');

const INVENTORY = [
  'id,hostname,environment,zone,anti_affinity_group,device',
  'web-1,web-1,prod,a,web,',
  'web-2,web-2,prod,a,web,',
  'db-1,db-1,prod,b,,',
  'test-1,test-1,test,a,,',
  'fax-1,fax-1,prod,a,,fax',
  '',
].join('\n');

function smallEstate(rules = RULES): { dir: string; inventory: string; rules: string } {
  const dir = tempDir('compat');
  writeFileSync(join(dir, 'inventory.csv'), INVENTORY);
  writeFileSync(join(dir, 'rules.yaml'), rules);
  return { dir, inventory: join(dir, 'inventory.csv'), rules: join(dir, 'rules.yaml') };
}

const csvRows = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('vplan compat on a hand-written inventory', () => {
  const estate = smallEstate();
  const out = join(estate.dir, 'out');
  const run = vplan(
    'compat',
    '--inventory',
    estate.inventory,
    '--rules',
    estate.rules,
    '--out',
    out,
    '--quiet',
  );

  it('writes the report, the classes, the blockers and the page, and prints a summary', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'blockers.csv',
      'classes.csv',
      'compat.html',
      'compat.json',
    ]);
    expect(run.stdout).toMatch(/assets\s+5\n/);
    expect(run.stdout).toMatch(/blocked assets\s+1\n/);
    expect(run.stdout).toMatch(/forbidden\s+\d+/);
    expect(run.stdout).toContain(join(out, 'compat.html'));
  });

  it('groups the prod servers of zone a in the largest class and scores the class pairs', () => {
    const report = readCompat(join(out, 'compat.json'));
    expect(report.assets).toBe(5);
    const first = report.classes[0];
    // Candidate rules block single servers; they do not split classes.
    expect(first?.size).toBe(3);
    expect(first?.members).toEqual(['web-1', 'web-2', 'fax-1']);
    const n = report.classes.length;
    expect(report.scores).toHaveLength((n * (n + 1)) / 2);
    const classOf = (id: string) => report.classes.find((c) => c.members.includes(id))?.id;
    const score = (x: string, y: string) =>
      report.scores.find(
        (s) =>
          (s.a === classOf(x) && s.b === classOf(y)) || (s.a === classOf(y) && s.b === classOf(x)),
      );
    expect(score('web-1', 'test-1')?.score).toBe(0);
    expect(score('web-1', 'db-1')?.score).toBe(70);
    expect(score('web-1', 'db-1')?.hits.map((h) => h.ruleId)).toEqual(['zone-preference']);
    expect(report.groupRules.map((g) => g.ruleId)).toContain('web-anti-affinity');
  });

  it('writes one classes.csv row per class with a column per signature attribute', () => {
    const rows = csvRows(join(out, 'classes.csv'));
    const header = rows[0]?.split(',') ?? [];
    expect(header.slice(0, 2)).toEqual(['class', 'size']);
    expect(header).toEqual(expect.arrayContaining(['environment', 'zone']));
    expect(rows).toHaveLength(1 + readCompat(join(out, 'compat.json')).classes.length);
    expect(rows[1]).toMatch(/^C1,3,/);
  });

  it('lists the fax server in blockers.csv with the rule and its remediation', () => {
    const rows = csvRows(join(out, 'blockers.csv'));
    expect(rows[0]).toBe('asset,rule,severity,remediation,detail');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^fax-1,no-fax,hard,replace the fax board by a fax server,.+/);
  });

  it('writes a self-contained page with the heat map and the blocked server', () => {
    const html = readFileSync(join(out, 'compat.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('Heat map of class pairs');
    expect(html).toContain('<span class="asset" style="white-space:nowrap">fax-1</span>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('vplan compat --explain', () => {
  const estate = smallEstate();
  const explain = (a: string, b: string) =>
    vplan('compat', '--inventory', estate.inventory, '--rules', estate.rules, '--explain', a, b);

  it('names every rule with its outcome and the values that decide, then the score', () => {
    const run = explain('web-1', 'db-1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/passes\s+env-separation/);
    expect(run.stdout).toMatch(/fires\s+zone-preference/);
    expect(run.stdout).toMatch(/zone\s+web-1: a\s+db-1: b/);
    expect(run.stdout).toMatch(/environment\s+web-1: prod\s+db-1: prod/);
    expect(run.stdout).toMatch(/not applicable\s+web-anti-affinity/);
    expect(run.stdout).not.toContain('no-fax');
    expect(run.stdout).toContain('score 70 of 100 (penalised)');
  });

  it('shows the candidate rules that block one of the two', () => {
    const run = explain('web-1', 'fax-1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/passes\s+env-separation/);
    expect(run.stdout).toContain('fax-1 is blocked');
    expect(run.stdout).toMatch(
      /no-fax \(hard\): .*remediation: replace the fax board by a fax server/,
    );
  });

  it('scores a pair across environments 0', () => {
    const run = explain('web-1', 'test-1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fires\s+env-separation/);
    expect(run.stdout).toContain('score 0 of 100 (forbidden)');
  });

  it('answers an unknown asset id with exit code 2, naming it', () => {
    const run = explain('web-1', 'nope-9');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"nope-9"');
    expect(run.stdout).toBe('');
  });

  it('wants exactly two ids and no --out', () => {
    const one = vplan(
      'compat',
      '--inventory',
      estate.inventory,
      '--rules',
      estate.rules,
      '--explain',
      'web-1',
    );
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--explain takes two asset ids');
    const both = vplan(
      'compat',
      '--inventory',
      estate.inventory,
      '--rules',
      estate.rules,
      '--explain',
      'web-1',
      'db-1',
      '--out',
      join(estate.dir, 'x'),
    );
    expect(both.code).toBe(2);
  });
});

describe('vplan compat on bad input', () => {
  it('answers a bad rule file with exit code 2 and its file:line:column', () => {
    const estate = smallEstate(RULES.replace('severity: soft', 'severity: maybe'));
    const out = join(estate.dir, 'out');
    const run = vplan(
      'compat',
      '--inventory',
      estate.inventory,
      '--rules',
      estate.rules,
      '--out',
      out,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${estate.rules}:10:15:`);
    expect(run.stderr).toContain('maybe');
    expect(run.stderr).not.toContain('    at ');
    expect(existsSync(out)).toBe(false);
  });

  it('answers a missing file or a bad inventory with exit code 2', () => {
    const estate = smallEstate();
    const missing = vplan(
      'compat',
      '--inventory',
      join(estate.dir, 'none.csv'),
      '--rules',
      estate.rules,
      '--out',
      estate.dir,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.csv: not found');
    writeFileSync(estate.inventory, 'id,cores\nweb-1,many\n');
    const bad = vplan(
      'compat',
      '--inventory',
      estate.inventory,
      '--rules',
      estate.rules,
      '--out',
      estate.dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${estate.inventory}:2:2:`);
  });

  it('asks for --out or --explain', () => {
    const estate = smallEstate();
    const run = vplan('compat', '--inventory', estate.inventory, '--rules', estate.rules);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out <dir>');
  });

  it('documents every option in --help', () => {
    const run = vplan('compat', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--inventory', '--rules', '--targets', '--out', '--explain', '--quiet'])
      expect(run.stdout).toContain(option);
  });
});

describe('vplan generate', () => {
  it('writes an inventory, and the same servers with --workloads plus their series', () => {
    const dir = tempDir('generate');
    const plain = vplan(
      'generate',
      '--servers',
      '30',
      '--seed',
      '5',
      '--out',
      join(dir, 'a'),
      '--quiet',
    );
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(readdirSync(join(dir, 'a'))).toEqual(['inventory.csv']);
    const inventory = csvRows(join(dir, 'a', 'inventory.csv'));
    expect(inventory).toHaveLength(31);

    const full = vplan(
      'generate',
      '--servers',
      '30',
      '--seed',
      '5',
      '--weeks',
      '2',
      '--workloads',
      '--out',
      join(dir, 'b'),
      '--quiet',
    );
    expect(full.code).toBe(0);
    expect(readFileSync(join(dir, 'b', 'inventory.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'a', 'inventory.csv'), 'utf8'),
    );
    const lines = gunzipSync(readFileSync(join(dir, 'b', 'workloads.csv.gz')))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('timestamp,asset,metric,value');
    // 2 weeks of 5-minute slots × 30 servers × 2 metrics.
    expect(lines).toHaveLength(1 + 2 * 2016 * 30 * 2);
    expect(lines[1]).toMatch(/^\d{10},[^,]+,cpu_mhz,\d+(\.\d)?$/);
    expect(lines[2]).toMatch(/^\d{10},[^,]+,memory_gb,\d+(\.\d+)?$/);
    expect(full.stdout).toMatch(/rows\s+241920/);
  });

  it('refuses --workloads beyond its server limit with exit code 2', () => {
    const run = vplan('generate', '--servers', '50000', '--workloads', '--out', tempDir('gen-big'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--workloads simulates at most 20,000 servers');
  });
});

const DEFAULT_RULES = join(REPO, 'rules/default.yaml');

describe('vplan compat on a generated estate', () => {
  (existsSync(DEFAULT_RULES) ? it : it.skip)(
    'analyses 2,000 generated servers under rules/default.yaml',
    () => {
      const dir = tempDir('compat-generated');
      const gen = vplan('generate', '--servers', '2000', '--out', dir, '--quiet');
      expect(gen.code).toBe(0);
      const out = join(dir, 'compat');
      const run = vplan(
        'compat',
        '--inventory',
        join(dir, 'inventory.csv'),
        '--rules',
        DEFAULT_RULES,
        '--out',
        out,
      );
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('analysing 2000 servers');
      const report = readCompat(join(out, 'compat.json'));
      expect(report.assets).toBe(2000);
      expect(report.classes.reduce((sum, c) => sum + c.size, 0)).toBe(2000);
      const n = report.classes.length;
      expect(report.scores).toHaveLength((n * (n + 1)) / 2);
      expect(run.stdout).toMatch(/assets\s+2000\n/);
      expect(csvRows(join(out, 'classes.csv'))).toHaveLength(n + 1);
      const blockerRows = csvRows(join(out, 'blockers.csv')).length - 1;
      expect(blockerRows).toBe(report.blockers.reduce((sum, b) => sum + b.hits.length, 0));
    },
  );
});
