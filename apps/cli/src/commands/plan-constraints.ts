import type { Asset, TargetModel } from '@vplan/domain';
import type { PlanConstraints } from '@vplan/engine';
import { parseTargetModels, unwrapFormatResult } from '@vplan/formats';
import { readText, toInputError } from '@vplan/file-input';
import type { RuleHit, RuleSet } from '@vplan/rules';
import { compileForPlacement, parseRuleSet } from '@vplan/rules';
import { UsageError } from './options';

async function readFile(path: string): Promise<string> {
  try {
    return await readText(path);
  } catch (error) {
    throw toInputError(path, error);
  }
}

/** Reads and validates a rule set file (YAML or JSON). */
export async function loadRuleSet(path: string): Promise<RuleSet> {
  return unwrapFormatResult(parseRuleSet(await readFile(path), path));
}

/** Reads and validates a target models file; `name` picks one, else the first. */
export async function loadTarget(
  path: string,
  name?: string,
): Promise<{ target: TargetModel; all: TargetModel[] }> {
  const all = unwrapFormatResult(parseTargetModels(await readFile(path), path));
  const target = name === undefined ? all[0] : all.find((t) => t.name === name);
  if (!target) {
    throw new UsageError(
      name === undefined
        ? `${path}: defines no target model`
        : `--target ${name}: no such model in ${path} (it has ${all.map((t) => t.name).join(', ')})`,
    );
  }
  return { target, all };
}

/** One line per rule hit: `rule-id (hard): what is wrong — remediation`. */
export function hitReason(hit: RuleHit): string {
  const remediation = hit.remediation ? ` — remediation: ${hit.remediation}` : '';
  return `rule ${hit.ruleId} (${hit.severity}): ${hit.detail}${remediation}`;
}

/** The engine's view of a rule set planned on one target model. */
export function planConstraints(ruleSet: RuleSet, target?: TargetModel): PlanConstraints {
  return {
    ruleSet: ruleSet.file,
    compile: (assets: readonly Asset[]) => {
      const compiled = compileForPlacement(ruleSet, assets, target);
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
