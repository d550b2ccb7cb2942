import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseTargetModels } from './target-models';

/**
 * The built-in rule library (/rules) checked for shape with the `yaml` package. The
 * real validator, `parseRuleSet` of `@vplan/rules`, cannot be imported here: rules
 * depends on formats, and a spec import would close a cycle between the projects.
 */
const DIR = resolve(__dirname, '../../../rules');
const RULE_FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !f.startsWith('targets'));

const PAIR_FORMS = ['same', 'different', 'intersect', 'overlap'];
const COMMON = ['id', 'kind', 'severity', 'penalty', 'when', 'description', 'remediation'];
const KEYS: Record<string, readonly string[]> = {
  pair: [...COMMON, 'scope', 'require', 'limit'],
  candidate: [...COMMON, 'forbid'],
  fit: [...COMMON, 'require'],
};

type RuleDoc = Record<string, unknown>;

function problemsOf(rule: RuleDoc): string[] {
  const problems: string[] = [];
  const kind = String(rule['kind']);
  const allowed = KEYS[kind];
  if (allowed === undefined) return [`unknown kind ${kind}`];
  for (const key of Object.keys(rule)) if (!allowed.includes(key)) problems.push(`key ${key}`);
  if (!['hard', 'soft'].includes(String(rule['severity']))) problems.push('severity');
  const penalty = rule['penalty'];
  if (
    rule['severity'] === 'soft' &&
    !(typeof penalty === 'number' && penalty >= 0 && penalty <= 100)
  )
    problems.push('soft rule without a penalty 0–100');
  if (rule['severity'] === 'hard' && penalty !== undefined) problems.push('penalty on a hard rule');
  for (const key of ['description', 'remediation'])
    if (typeof rule[key] !== 'string' || (rule[key] as string).length < 10)
      problems.push(`no ${key}`);
  const require = rule['require'] as RuleDoc | undefined;
  if (kind === 'pair') {
    const limit = rule['limit'] as RuleDoc | undefined;
    if ((require === undefined) === (limit === undefined)) problems.push('require xor limit');
    if (require !== undefined && !PAIR_FORMS.some((f) => typeof require[f] === 'string'))
      problems.push('pair require form');
    if (require?.['overlap'] !== undefined && typeof require['min_minutes'] !== 'number')
      problems.push('overlap without min_minutes');
    if (
      limit !== undefined &&
      !(Number.isInteger(limit['max_per_host']) && typeof limit['value'] === 'string')
    )
      problems.push('limit shape');
    if (rule['scope'] !== undefined && !['host', 'cluster'].includes(String(rule['scope'])))
      problems.push('scope');
  }
  if (kind === 'fit') {
    const form = (require?.['in'] ?? require?.['implies']) as RuleDoc | undefined;
    if (typeof form?.['asset'] !== 'string' || typeof form['target'] !== 'string')
      problems.push('fit require form');
  }
  if (kind === 'candidate') {
    const forbid = rule['forbid'] as RuleDoc | undefined;
    if (typeof forbid?.['any_of'] !== 'string' || !Array.isArray(forbid['in']))
      problems.push('forbid');
  }
  return problems;
}

describe('the built-in rule library', () => {
  it('has a default set and the constraint families', () => {
    expect(RULE_FILES).toEqual(
      expect.arrayContaining([
        'default.yaml',
        'network.yaml',
        'storage.yaml',
        'peripherals.yaml',
        'power.yaml',
        'os.yaml',
        'availability.yaml',
        'maintenance.yaml',
        'ownership.yaml',
        'compliance.yaml',
        'dr.yaml',
        'environment.yaml',
      ]),
    );
  });

  it.each(RULE_FILES)('%s is a list of well-formed rules with unique ids', (file) => {
    const doc = parse(readFileSync(resolve(DIR, file), 'utf8')) as RuleDoc;
    expect(Object.keys(doc).filter((k) => !['name', 'description', 'rules'].includes(k))).toEqual(
      [],
    );
    const rules = doc['rules'] as RuleDoc[];
    expect(rules.length).toBeGreaterThan(0);
    const ids = rules.map((r) => r['id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules)
      expect({ id: rule['id'], problems: problemsOf(rule) }).toEqual({
        id: rule['id'],
        problems: [],
      });
  });

  it('uses in default.yaml the same rules as the family files, under the same ids', () => {
    const byId = new Map<string, RuleDoc>();
    for (const file of RULE_FILES.filter((f) => f !== 'default.yaml')) {
      for (const rule of (parse(readFileSync(resolve(DIR, file), 'utf8')) as { rules: RuleDoc[] })
        .rules)
        byId.set(String(rule['id']), rule);
    }
    const defaults = (
      parse(readFileSync(resolve(DIR, 'default.yaml'), 'utf8')) as { rules: RuleDoc[] }
    ).rules;
    for (const rule of defaults) expect(rule).toEqual(byId.get(String(rule['id'])));
  });

  it('has an example targets file with three target models', () => {
    const result = parseTargetModels(
      readFileSync(resolve(DIR, 'targets.example.yaml'), 'utf8'),
      'targets.example.yaml',
    );
    if (!result.ok) throw result.error;
    expect(result.value.map((t) => t.name)).toEqual(['std-2s-48c', 'gpu-2s-32c', 'std-1s-32c']);
  });
});
