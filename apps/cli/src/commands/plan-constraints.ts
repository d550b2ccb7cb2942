import type { TargetModel } from '@vplan/domain';
import { parseTargetModels, unwrapFormatResult } from '@vplan/formats';
import { readText, toInputError } from '@vplan/file-input';
import type { RuleSet } from '@vplan/rules';
import { parseRuleSet } from '@vplan/rules';
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
