import type { Asset, TargetModel } from '@vplan/domain';
import type { RuleHit, RuleSet } from '@vplan/rules';
import { compileForPlacement } from '@vplan/rules';
import type { PlanConstraints } from './plan-estate';

/** One line per rule hit: `rule <id> (hard): what is wrong — remediation: …`. */
export function hitReason(hit: RuleHit): string {
  const remediation = hit.remediation ? ` — remediation: ${hit.remediation}` : '';
  return `rule ${hit.ruleId} (${hit.severity}): ${hit.detail}${remediation}`;
}

/**
 * The engine's view of a rule set planned on one target model: what the CLI and the
 * planning service both hand to `planEstate`, so the same rules give the same plan.
 */
export function ruleConstraints(ruleSet: RuleSet, target?: TargetModel): PlanConstraints {
  return {
    ruleSet: ruleSet.file,
    compile: (assets: readonly Asset[], evaluation = {}) => {
      const compiled = compileForPlacement(ruleSet, assets, target, evaluation);
      const blocked = new Map<number, readonly string[]>();
      for (const [index, hits] of compiled.blocked) blocked.set(index, hits.map(hitReason));
      return {
        hard: compiled.hard,
        soft: compiled.soft,
        affinityGroups: compiled.affinityGroups,
        affinityScope: compiled.affinityScope,
        cluster: compiled.cluster,
        blocked,
      };
    },
  };
}
