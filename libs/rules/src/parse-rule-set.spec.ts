import { FormatError } from '@vplan/formats';
import { parseRuleSet } from './parse-rule-set';
import { ISSUE_RULES } from './rules.fixture';

function errorOf(text: string): string {
  const result = parseRuleSet(text, 'bad.yaml');
  if (result.ok) throw new Error('expected the rule set to be rejected');
  expect(result.error).toBeInstanceOf(FormatError);
  return result.error.message;
}

describe('parseRuleSet', () => {
  it('reads every form of the issue, exactly as written', () => {
    const result = parseRuleSet(ISSUE_RULES, 'issue.yaml');
    if (!result.ok) throw result.error;
    const rules = result.value.rules;
    expect(rules.map((r) => r.id)).toEqual([
      'env',
      'vlan',
      'pci',
      'dr',
      'spread',
      'mw',
      'dept',
      'dc-per-host',
      'periph',
      'os',
      'ups',
    ]);
    expect(rules[0]).toEqual({
      id: 'env',
      kind: 'pair',
      scope: 'host',
      severity: 'hard',
      penalty: 100,
      line: 2,
      require: { same: 'environment' },
    });
    expect(rules[5]).toMatchObject({
      require: { overlap: 'maintenance_window', minMinutes: 60 },
      penalty: 40,
    });
    expect(rules[6]).toMatchObject({
      severity: 'soft',
      penalty: 20,
      when: { environment: 'prod' },
    });
    expect(rules[7]).toMatchObject({
      limit: { attribute: 'role', value: 'domain-controller', maxPerHost: 1 },
    });
    expect(rules[8]).toMatchObject({
      kind: 'candidate',
      line: 10,
      forbid: { anyOf: 'peripherals', in: ['fax', 'usb-dongle', 'serial', 'parallel', 'tape'] },
      remediation: 'Keep physical, or move the device to USB/serial-over-IP',
    });
    expect(rules[9]).toMatchObject({
      require: { in: { asset: 'os_family', target: 'supported_os' } },
    });
    expect(rules[10]).toMatchObject({
      require: { implies: { asset: 'ups_required', target: 'ups_backed' } },
    });
    expect(result.value.file).toBe('issue.yaml');
  });

  it('reads JSON, a name, a cluster scope and block-style YAML', () => {
    const json = JSON.stringify({
      name: 'estate rules',
      rules: [
        {
          id: 'env',
          kind: 'pair',
          scope: 'cluster',
          require: { same: 'Environment' },
          severity: 'hard',
        },
      ],
    });
    const result = parseRuleSet(json, 'r.json');
    if (!result.ok) throw result.error;
    expect(result.value.name).toBe('estate rules');
    expect(result.value.rules[0]).toMatchObject({
      scope: 'cluster',
      require: { same: 'environment' },
    });
    const block = parseRuleSet(
      'rules:\n  - id: w\n    kind: pair\n    require:\n      overlap: maintenance_window\n    severity: soft\n    penalty: 5\n    when:\n      environment: [prod, staging]\n',
      'b.yaml',
    );
    if (!block.ok) throw block.error;
    expect(block.value.rules[0]).toMatchObject({
      require: { minMinutes: 1 },
      when: { environment: ['prod', 'staging'] },
    });
  });

  it('reads the affinity setting, and names what is wrong in it', () => {
    const rules =
      'rules:\n  - { id: env, kind: pair, require: { same: environment }, severity: hard }\n';
    const result = parseRuleSet(
      `affinity: { attribute: app_group, scope: cluster }\n${rules}`,
      'a.yaml',
    );
    if (!result.ok) throw result.error;
    expect(result.value.affinity).toEqual({ attribute: 'app_group', scope: 'cluster' });
    const byDefault = parseRuleSet(`affinity: { scope: cluster }\n${rules}`, 'a.yaml');
    if (!byDefault.ok) throw byDefault.error;
    expect(byDefault.value.affinity).toEqual({ attribute: 'affinity_group', scope: 'cluster' });
    const none = parseRuleSet(rules, 'a.yaml');
    expect(none.ok && none.value.affinity).toBeUndefined();
    expect(errorOf(`affinity: { scope: rack }\n${rules}`)).toBe(
      "bad.yaml:1:20: affinity: scope must be host or cluster, got 'rack'",
    );
    expect(errorOf(`affinity: { attribute: x, spread: 2 }\n${rules}`)).toMatch(
      /^bad\.yaml:1:\d+: affinity: .*spread/,
    );
    expect(errorOf(`affinity: cluster\n${rules}`)).toMatch(
      /^bad\.yaml:1:11: affinity: affinity must be a map/,
    );
  });

  it('names the line, the column and the rule of each problem', () => {
    expect(errorOf('rules:\n  - { id: a, kind: pairs, severity: hard }\n')).toBe(
      "bad.yaml:2:20: rule a: unknown kind 'pairs' (expected pair, candidate or fit)",
    );
    expect(errorOf('rules:\n  - { id: a, kind: pair, require: { same: x } }\n')).toBe(
      'bad.yaml:2:5: rule a: severity is missing (expected hard or soft)',
    );
    expect(
      errorOf(
        'rules:\n  - { id: a, kind: pair, require: { same: x }, severity: hard, penalty: 5 }\n',
      ),
    ).toBe('bad.yaml:2:64: rule a: penalty is for soft rules only (a hard rule forbids)');
    expect(
      errorOf(
        'rules:\n  - { id: a, kind: pair, require: { same: x }, severity: soft, penalty: 101 }\n',
      ),
    ).toBe('bad.yaml:2:73: rule a: penalty must be a number from 0 to 100, got 101');
    expect(
      errorOf('rules:\n  - { id: a, kind: pair, require: { same: x }, severity: soft }\n'),
    ).toBe('bad.yaml:2:5: rule a: a soft rule needs a penalty from 0 to 100');
    expect(
      errorOf(
        'rules:\n  - { id: a, kind: pair, require: { same: x }, severity: hard }\n  - { id: a, kind: pair, require: { same: y }, severity: hard }\n',
      ),
    ).toBe('bad.yaml:3:11: rule a: duplicate id (first used on line 2)');
    expect(
      errorOf('rules:\n  - { id: a, kind: pair, require: { equal: x }, severity: hard }\n'),
    ).toBe(
      "bad.yaml:2:37: rule a: unknown require form 'equal' (expected same, different, intersect or overlap)",
    );
    expect(errorOf('rules: []\nrulez: []\n')).toBe(
      "bad.yaml:2:1: unknown key 'rulez' at the top level (expected rules, name, description, version or affinity)",
    );
    expect(
      errorOf(
        'rules:\n  - { id: a, kind: pair, require: { same: x }, severity: hard, when: prod }\n',
      ),
    ).toBe("bad.yaml:2:70: rule a: when must be a map of attribute: value, got 'prod'");
    expect(
      errorOf(
        'rules:\n  - { id: dc, kind: pair, limit: { attribute: role, value: dc, max_per_host: 1.5 }, severity: hard }\n',
      ),
    ).toBe('bad.yaml:2:78: rule dc: max_per_host must be a positive integer, got 1.5');
  });

  it('reports rules without an id by their position, and unknown keys of a kind', () => {
    expect(errorOf('rules:\n  - { kind: pair, require: { same: x }, severity: hard }\n')).toBe(
      'bad.yaml:2:5: rule #1: id is missing',
    );
    expect(
      errorOf(
        'rules:\n  - { id: p, kind: candidate, forbid: { any_of: peripherals, in: [fax] }, severity: hard, scope: host }\n',
      ),
    ).toBe(
      "bad.yaml:2:91: rule p: unknown key 'scope' in a candidate rule (expected id, kind, severity, penalty, when, description, remediation or forbid)",
    );
    expect(
      errorOf(
        'rules:\n  - { id: o, kind: fit, require: { in: { asset: os_family, target: os } }, severity: hard }\n',
      ),
    ).toBe(
      "bad.yaml:2:68: rule o: unknown target attribute 'os' (expected name, supported_os, vlans, storage, passthrough, ups_backed, max_vms, cpu_mhz or memory_gb)",
    );
    expect(
      errorOf(
        'rules:\n  - { id: w, kind: pair, require: { overlap: timezone }, severity: hard }\n',
      ),
    ).toBe(
      "bad.yaml:2:46: rule w: overlap reads maintenance windows: use maintenance_window, not 'timezone'",
    );
    expect(
      errorOf(
        'rules:\n  - { id: x, kind: pair, require: { same: a, different: b }, severity: hard }\n',
      ),
    ).toBe(
      'bad.yaml:2:46: rule x: require has more than one form (same, different): write one rule each',
    );
    expect(errorOf('rules:\n  - { id: x, kind: pair, severity: hard }\n')).toBe(
      'bad.yaml:2:5: rule x: a pair rule needs require (same, different, intersect or overlap) or limit',
    );
  });

  it('lists every problem in file order, the error being the first', () => {
    const result = parseRuleSet(
      'rules:\n  - { id: a, kind: pair, require: { same: x } }\n  - { id: b, kind: fit, severity: soft, penalty: -1 }\n',
      'bad.yaml',
    );
    if (result.ok) throw new Error('expected a failure');
    expect(result.issues.map((i) => `${i.row}:${i.column}: ${i.message}`)).toEqual([
      '2:5: rule a: severity is missing (expected hard or soft)',
      '3:5: rule b: a fit rule needs require: { in: … } or { implies: … }',
      '3:50: rule b: penalty must be a number from 0 to 100, got -1',
    ]);
    expect(result.error.message).toBe(
      'bad.yaml:2:5: rule a: severity is missing (expected hard or soft)',
    );
  });

  it('rejects broken YAML, an empty file and a file without rules', () => {
    expect(errorOf('rules:\n  - { id: a, kind: pair\n  - x: 1\n')).toMatch(
      /^bad\.yaml:3:3: invalid YAML: /,
    );
    expect(errorOf('rules: []\nrules: []\n')).toBe(
      'bad.yaml:2:1: invalid YAML: Map keys must be unique',
    );
    expect(errorOf('')).toBe('bad.yaml:1:1: a rule set is a map with a rules list, got nothing');
    expect(errorOf('name: x\n')).toBe('bad.yaml:1:1: rules is missing (a list of rules)');
    expect(errorOf('rules: { id: a }\n')).toBe('bad.yaml:1:8: rules must be a list, got a map');
  });
});
