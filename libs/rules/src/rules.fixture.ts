import type { Asset, BusinessAttributes, TargetModel, TechnicalAttributes } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { parseRuleSet } from './parse-rule-set';
import type { RuleSet } from './rule-model';

/** The rule forms of the issue, exactly as written there. */
export const ISSUE_RULES = `rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: vlan, kind: pair, require: { intersect: vlans }, severity: hard }
  - { id: pci, kind: pair, require: { same: compliance }, severity: hard }       # set equality for list attributes
  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }     # equal non-empty values may not share a host
  - { id: spread, kind: pair, require: { different: anti_affinity_group }, severity: hard }
  - { id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: soft, penalty: 40 }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: dc-per-host, kind: pair, limit: { attribute: role, value: domain-controller, max_per_host: 1 }, severity: hard }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax, usb-dongle, serial, parallel, tape] },
      severity: hard, remediation: "Keep physical, or move the device to USB/serial-over-IP" }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
  - { id: ups, kind: fit, require: { implies: { asset: ups_required, target: ups_backed } }, severity: hard }
`;

/** Parses a rule set, failing the test with the error message when it is invalid. */
export function ruleSetOf(text: string, file = 'rules.yaml'): RuleSet {
  const result = parseRuleSet(text, file);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A rule set of one rule, written as a YAML flow map. */
export function oneRule(rule: string): RuleSet {
  return ruleSetOf(`rules:\n  - ${rule}\n`);
}

/** An asset with business and technical attributes. */
export function assetOf(
  id: string,
  business: BusinessAttributes = {},
  technical: TechnicalAttributes = {},
  custom: Record<string, string> = {},
): Asset {
  return makeAsset(id, { business, technical, custom });
}

/** A target model with the given rule-relevant attributes. */
export function targetOf(name: string, extra: Partial<TargetModel> = {}): TargetModel {
  return { name, capacity: { cpu: 10_000, memory: 64 }, ...extra };
}
