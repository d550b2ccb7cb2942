import type { TargetModel } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { parseTargetModels } from '@vplan/formats';
import type { CompatibilityReport, PairExplanation, RuleSet } from '@vplan/rules';
import { analyzeCompatibility, explainPair, parseRuleSet } from '@vplan/rules';
import type { z } from 'zod';
import { CONSTRAINTS } from './constraints';
import {
  compatibilityReportSchema,
  pairExplanationSchema,
  ruleSetSchema,
  targetModelSchema,
} from './constraints-model';
import type { SameShape } from './same-shape.fixture';

const ruleSetFaithful: SameShape<z.output<typeof ruleSetSchema>, RuleSet> = true;
const targetFaithful: SameShape<z.output<typeof targetModelSchema>, TargetModel> = true;
const reportFaithful: SameShape<
  z.output<typeof compatibilityReportSchema>,
  CompatibilityReport
> = true;
const explanationFaithful: SameShape<
  z.output<typeof pairExplanationSchema>,
  PairExplanation
> = true;

const RULES = `
name: contract test rules
affinity: { attribute: affinity_group, scope: cluster }
rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: vlan, kind: pair, require: { intersect: vlans }, severity: hard }
  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }
  - { id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: soft, penalty: 40 }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: dc, kind: pair, limit: { attribute: role, value: dc, max_per_host: 1 }, severity: hard }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax, tape] }, severity: hard, remediation: Keep physical }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
`;

const TARGETS = `
targets:
  - { name: std, cores: 48, cpu_ghz: 2.6, memory_gb: 768, headroom: 0.1, supported_os: [linux, windows], storage: [san], max_vms: 40, power_watts: { idle: 200, peak: 600 } }
`;

const ASSETS = [
  makeAsset('a', { business: { environment: 'prod', department: 'fin' } }),
  makeAsset('b', { business: { environment: 'test' }, technical: { osFamily: 'aix' } }),
  makeAsset('c', { business: { environment: 'prod' }, technical: { peripherals: ['fax'] } }),
];

describe('the constraints model schemas', () => {
  it('mirror the rule and target types (checked by the type checker)', () => {
    expect([ruleSetFaithful, targetFaithful, reportFaithful, explanationFaithful]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('carry what the rules engine produces, unchanged', () => {
    const rules = parseRuleSet(RULES, 'rules.yaml');
    if (!rules.ok) throw rules.error;
    const targets = parseTargetModels(TARGETS, 'targets.yaml');
    if (!targets.ok) throw targets.error;
    expect(rules.value.affinity).toEqual({ attribute: 'affinity_group', scope: 'cluster' });
    expect(ruleSetSchema.parse(rules.value)).toEqual(rules.value);
    expect(targetModelSchema.array().parse(targets.value)).toEqual(targets.value);
    const report = analyzeCompatibility(rules.value, ASSETS, targets.value);
    expect(report.blockers.length).toBeGreaterThan(0);
    expect(compatibilityReportSchema.parse(report)).toEqual(report);
    const explanation = explainPair(rules.value, ASSETS[0]!, ASSETS[1]!);
    expect(pairExplanationSchema.parse(explanation)).toEqual(explanation);
  });
});

describe('the versioned rule sets', () => {
  it('accept YAML source on create and store source plus parsed form per version', () => {
    const rules = parseRuleSet(RULES, 'rules.yaml');
    if (!rules.ok) throw rules.error;
    expect(CONSTRAINTS.createRuleset.request.parse({ name: 'estate', source: RULES }).source).toBe(
      RULES,
    );
    const version = {
      id: 'rs-1',
      name: 'estate',
      version: 2,
      source: RULES,
      parsed: rules.value,
      createdAt: '2026-01-12T00:00:00Z',
    };
    expect(CONSTRAINTS.getRuleset.response.parse(version)).toEqual(version);
    expect(CONSTRAINTS.getRuleset.response.safeParse({ ...version, version: 0 }).success).toBe(
      false,
    );
  });

  it('scope an evaluation by asset ids or by a filter', () => {
    const ref = { id: 'rs-1' };
    expect(
      CONSTRAINTS.evaluate.request.safeParse({ ruleset: ref, scope: { assetIds: ['a', 'b'] } })
        .success,
    ).toBe(true);
    expect(
      CONSTRAINTS.evaluate.request.safeParse({
        ruleset: ref,
        scope: { filters: { environment: 'prod' } },
      }).success,
    ).toBe(true);
    expect(CONSTRAINTS.evaluate.request.safeParse({ ruleset: ref, scope: {} }).success).toBe(false);
  });
});
